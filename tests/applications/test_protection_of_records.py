"""Deleting destroys no history: applications and what hangs on them are protected,
and the admin says what holds a page or a volunteer instead of deleting it."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from wagtail_skilldonation import certificates
from wagtail_skilldonation.models import Application, Certificate, MissionPage, Volunteer


def test_records_cannot_be_deleted_from_under_a_certificate(completed):
    certificate = certificates.issue(completed, notify=False)
    for record in (completed, completed.mission, completed.volunteer):
        with pytest.raises(ProtectedError):
            record.delete()
    assert Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).exists()


def test_the_page_editor_refuses_to_delete_a_mission_with_applications(admin_client, completed, make_mission):
    mission = completed.mission
    url = reverse("wagtailadmin_pages:delete", args=[mission.pk])
    response = admin_client.post(url, follow=True)
    assert MissionPage.objects.filter(pk=mission.pk).exists()
    assert "cannot be deleted: 1 application refers to it" in response.content.decode()
    parent = mission.get_parent()  # deleting the index would delete the mission too
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[parent.pk]))
    assert MissionPage.objects.filter(pk=mission.pk).exists()
    empty = make_mission(title="Sans candidature")
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[empty.pk]))
    assert not MissionPage.objects.filter(pk=empty.pk).exists()


def test_wagtail_s_bulk_delete_refuses_too(admin_client, completed, make_mission):
    mission = completed.mission
    index = mission.get_parent()
    bulk_delete = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    # The mission itself: Wagtail's reference index sees the protected applications.
    admin_client.post(bulk_delete + f"?id={mission.pk}")
    assert MissionPage.objects.filter(pk=mission.pk).exists()
    # The index above it (its applications are not references to the index): our
    # hook refuses, with the reason, and keeps the whole selection.
    empty = make_mission(title="Sans candidature")
    query = f"?id={index.pk}&next=/admin/pages/{index.get_parent().pk}/"
    response = admin_client.post(bulk_delete + query, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted: 1 application refers to it" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/admin/pages/{index.get_parent().pk}/"
    assert MissionPage.objects.filter(pk__in=[mission.pk, empty.pk]).count() == 2
    admin_client.post(bulk_delete + f"?id={empty.pk}")
    assert not MissionPage.objects.filter(pk=empty.pk).exists()


def test_the_snippet_editor_refuses_to_delete_a_volunteer_who_applied(admin_client, completed):
    volunteer = completed.volunteer
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:delete", args=[volunteer.pk])
    response = admin_client.post(url, follow=True)
    assert Volunteer.objects.filter(pk=volunteer.pk).exists()
    assert "Léa B cannot be deleted" in response.content.decode()
    alone = Volunteer.objects.create(first_name="Noé", last_name="C", email="noe@example.org")
    admin_client.post(reverse("wagtailsnippets_wagtail_skilldonation_volunteer:delete", args=[alone.pk]))
    assert not Volunteer.objects.filter(pk=alone.pk).exists()


def test_the_inbox_offers_no_delete(admin_client, completed):
    url = f"/admin/wagtail_skilldonation/application/delete/{completed.pk}/"
    assert admin_client.post(url).status_code in (302, 403, 404)
    assert Application.objects.filter(pk=completed.pk).exists()
    inspect = admin_client.get(
        reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[completed.pk])
    ).content.decode()
    assert url not in inspect
