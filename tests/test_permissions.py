"""Every admin view that writes refuses a user who may only read applications, and
changes nothing; the same request from an editor does its work (so the refusal is
the permission's doing, not a broken request)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.models import (
    Application,
    Certificate,
    Feedback,
    HoursDeclaration,
    Invitation,
    TestimonialPage,
    Volunteer,
)


@pytest.fixture
def records(open_mission, testimonial_index):
    lea = Volunteer.objects.create(first_name="Léa", last_name="B", email="lea@example.org", consent_at=timezone.now())
    done = Application.objects.create(mission=open_mission, volunteer=lea)
    applications.change_status(done, "accepted", notify=False)
    applications.change_status(done, "completed", hours=5, notify=False)
    noe = Volunteer.objects.create(first_name="Noé", last_name="C", email="noe@example.org", consent_at=timezone.now())
    waiting = Application.objects.create(mission=open_mission, volunteer=noe)
    applications.change_status(waiting, "accepted", notify=False)
    other = Volunteer.objects.create(
        first_name="Ana", last_name="D", email="ana@example.org", consent_at=timezone.now()
    )
    fresh = Application.objects.create(mission=open_mission, volunteer=other)
    declaration = HoursDeclaration.objects.create(
        application=waiting, date=timezone.localdate(), hours=2, description="x"
    )
    feedback = Feedback.objects.create(
        application=done,
        role="volunteer",
        rating=5,
        worked="Très bien",
        consent_publish=True,
        author_name="Léa B",
    )
    return {
        "mission": open_mission,
        "done": done,
        "waiting": waiting,
        "fresh": fresh,
        "declaration": declaration,
        "feedback": feedback,
        "other": other,
    }


def _certificate(records):
    return certificates.issue(records["done"], notify=False)


# name → (how to make the request from the records, what shows it did its work)
WRITES = {
    "issue certificate": (
        lambda r: (reverse("wagtail_skilldonation_certificates:issue", args=[r["done"].pk]), {}),
        lambda r: Certificate.objects.filter(application=r["done"]).exists(),
    ),
    "revoke certificate": (
        lambda r: (
            reverse("wagtail_skilldonation_certificates:revoke", args=[_certificate(r).pk]),
            {"reason": "Erreur"},
        ),
        lambda r: Certificate.objects.filter(revoked_at__isnull=False).exists(),
    ),
    "issue in bulk": (
        lambda r: (reverse("wagtail_skilldonation_certificates:batch_start"), {}),
        lambda r: Certificate.objects.exists(),
    ),
    "approve hours": (
        lambda r: (reverse("wagtail_skilldonation_followup:hours_review", args=[r["declaration"].pk, "approve"]), {}),
        lambda r: HoursDeclaration.objects.filter(status="approved", source="volunteer").exists(),
    ),
    "reject hours": (
        lambda r: (reverse("wagtail_skilldonation_followup:hours_review", args=[r["declaration"].pk, "reject"]), {}),
        lambda r: HoursDeclaration.objects.filter(status="rejected").exists(),
    ),
    "add hours": (
        lambda r: (
            reverse("wagtail_skilldonation_followup:hours_add", args=[r["waiting"].pk]),
            {"line-date": timezone.localdate().isoformat(), "line-hours": "3", "line-description": "Saisie"},
        ),
        lambda r: HoursDeclaration.objects.filter(source="editor", author__isnull=False).exists(),
    ),
    "feedback to testimonial": (
        lambda r: (reverse("wagtail_skilldonation_followup:feedback_testimonial", args=[r["feedback"].pk]), {}),
        lambda r: TestimonialPage.objects.exists(),
    ),
    "feedback read": (
        lambda r: (reverse("wagtail_skilldonation_followup:feedback_reviewed", args=[r["feedback"].pk]), {}),
        lambda r: Feedback.objects.filter(reviewed_at__isnull=False).exists(),
    ),
    "change status": (
        lambda r: (
            reverse("wagtail_skilldonation_application_modeladmin_transition", args=[r["fresh"].pk]),
            {"to_status": "declined", "confirmed": "1"},
        ),
        lambda r: Application.objects.filter(pk=r["fresh"].pk, status="declined").exists(),
    ),
    "invite": (
        lambda r: (reverse("wagtail_skilldonation_matching:invite", args=[r["mission"].pk, r["other"].pk]), {}),
        lambda r: Invitation.objects.exists(),
    ),
}


@pytest.fixture
def reader(db, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    group = Group.objects.create(name="Readers")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "view_application"]))
    user.groups.add(group)
    return user


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_reader_can_write_nothing(client, reader, records, django_capture_on_commit_callbacks, name):
    request, done = WRITES[name]
    url, data = request(records)
    before = Certificate.objects.filter(revoked_at__isnull=True).count()
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # refused by a redirect: not to where work is shown
        assert "/login/" in response["Location"] or response["Location"] == reverse("wagtailadmin_home")
    assert not done(records)
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == before


@pytest.mark.parametrize("name", sorted(WRITES))
def test_an_editor_can_write_it(admin_client, records, django_capture_on_commit_callbacks, name):
    cache.clear()
    request, done = WRITES[name]
    url, data = request(records)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert done(records)
