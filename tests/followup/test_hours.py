"""Hours: declared through a signed, expiring link; approved by an editor."""

import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import applications
from wagtail_skilldonation.followup import hours
from wagtail_skilldonation.models import Application, HoursDeclaration, Volunteer


def url(application):
    return reverse("wagtail_skilldonation:hours", args=[hours.link_token(application)])


def declare(client, application, **data):
    values = {"date": timezone.localdate().isoformat(), "hours": "3.5", "description": "Atelier"}
    values.update(data)
    return client.post(url(application), values)


def test_volunteer_declares_and_editor_approves(client, admin_client, accepted):
    page = client.get(url(accepted), follow=True)
    assert page.status_code == 200
    assert "Declare your hours" in page.content.decode()
    assert "private" in page["Cache-Control"]
    response = declare(client, accepted)
    assert response.status_code == 302
    declaration = HoursDeclaration.objects.get()
    assert declaration.status == "pending"
    assert accepted.approved_hours == 0
    assert "Thank you: your hours were sent" in client.get(response["Location"], follow=True).content.decode()
    inspect = reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[accepted.pk])
    assert "Atelier" in admin_client.get(inspect, follow=True).content.decode()
    admin_client.post(reverse("wagtail_skilldonation_followup:hours_review", args=[declaration.pk, "approve"]))
    assert accepted.approved_hours == Decimal("3.50")
    # Approving twice adds nothing more.
    admin_client.post(reverse("wagtail_skilldonation_followup:hours_review", args=[declaration.pk, "approve"]))
    assert accepted.approved_hours == Decimal("3.50")


def test_rejected_hours_do_not_count(client, admin_client, accepted):
    declare(client, accepted)
    declaration = HoursDeclaration.objects.get()
    admin_client.post(reverse("wagtail_skilldonation_followup:hours_review", args=[declaration.pk, "reject"]))
    declaration.refresh_from_db()
    assert declaration.status == "rejected"
    assert accepted.approved_hours == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "-2"}, "Declare a positive number of hours."),
        ({"hours": "0"}, "Declare a positive number of hours."),
        ({"hours": "30"}, "A day has 24 hours"),
        (
            {"date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "You cannot declare hours in the future.",
        ),
        ({"description": ""}, "This field is required."),
    ],
)
def test_bad_declarations_are_refused(client, accepted, data, message):
    response = declare(client, accepted, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HoursDeclaration.objects.exists()


def test_hours_are_dated_within_the_participation(client, accepted, settings, time_machine):
    """#29: 3 h dated 2020-01-01 on an application of this week reached a certificate.
    Accepted from the day of the application to today, and no later than the mission's
    end plus HOURS_DAYS_AFTER_END; refused one day outside, each edge tried."""
    applied = timezone.localdate(accepted.created_at)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=40))
    today = timezone.localdate()
    mission = accepted.mission
    mission.start_date, mission.end_date = applied + datetime.timedelta(days=2), applied + datetime.timedelta(days=5)
    mission.save_revision().publish()
    settings.WAGTAIL_SKILLDONATION = {"HOURS_DAYS_AFTER_END": 10}
    last = mission.end_date + datetime.timedelta(days=10)
    assert last < today  # the mission's end, not today, is the limit here
    for day, refused in [
        (datetime.date(2020, 1, 1), "Hours are dated from the day of the application"),
        (applied - datetime.timedelta(days=1), "Hours are dated from the day of the application"),
        (last + datetime.timedelta(days=1), "hours can be dated until"),
        (today, "hours can be dated until"),
    ]:
        response = declare(client, accepted, date=day.isoformat())
        assert response.status_code == 200, day
        assert refused in response.content.decode(), day
    assert not HoursDeclaration.objects.exists()
    for day in (applied, last):
        assert declare(client, accepted, date=day.isoformat()).status_code == 302, day
    assert sorted(HoursDeclaration.objects.values_list("date", flat=True)) == [applied, last]
    # The date picker offers those days only.
    html = client.get(url(accepted), follow=True).content.decode()
    assert f'min="{applied.isoformat()}"' in html
    assert f'max="{last.isoformat()}"' in html


def test_the_editor_sees_a_line_outside_the_missions_dates_before_approving(accepted, admin_client):
    mission = accepted.mission
    mission.start_date = timezone.localdate(accepted.created_at) + datetime.timedelta(days=1)
    mission.save_revision().publish()
    line = HoursDeclaration.objects.create(
        application=accepted, date=timezone.localdate(accepted.created_at), hours=2, description="Réunion"
    )
    assert "before the mission starts" in hours.outside_the_mission(line)
    inspect = reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[accepted.pk])
    assert "dated before the mission starts" in admin_client.get(inspect).content.decode()


def test_tampered_and_expired_links(client, accepted, settings):
    token = hours.link_token(accepted)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("wagtail_skilldonation:hours", args=[tampered]), follow=True).status_code == 404
    forged = signing.dumps(accepted.pk, salt="another-salt")
    assert client.post(reverse("wagtail_skilldonation:hours", args=[forged]), {}).status_code == 404
    settings.WAGTAIL_SKILLDONATION = {"HOURS_LINK_MAX_AGE": -1}
    expired = client.post(url(accepted), {"date": "2026-01-01", "hours": "2", "description": "x"})
    assert expired.status_code == 410
    assert "Link expired" in expired.content.decode()
    assert not HoursDeclaration.objects.exists()


def test_link_closes_when_the_mission_is_over(client, accepted):
    applications.change_status(accepted, "completed", notify=False)
    assert declare(client, accepted).status_code == 410
    assert not HoursDeclaration.objects.exists()


def test_editor_adds_hours_directly(admin_client, accepted):
    admin_client.post(
        reverse("wagtail_skilldonation_followup:hours_add", args=[accepted.pk]),
        {"line-date": timezone.localdate().isoformat(), "line-hours": "6", "line-description": "Saisie"},
    )
    assert accepted.approved_hours == 6
    line = HoursDeclaration.objects.get()
    assert (line.status, line.source, line.author.username) == ("approved", "editor", "admin")
    assert (line.reviewed_by.username, line.description) == ("admin", "Saisie")
    assert line.reviewed_at is not None


def test_viewers_cannot_review(client, accepted, django_user_model):
    from django.contrib.auth.models import Group, Permission

    declaration = HoursDeclaration.objects.create(
        application=accepted, date=timezone.localdate(), hours=2, description="x"
    )
    user = django_user_model.objects.create_user("viewer", password="x")
    group = Group.objects.create(name="Viewers")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "view_application"]))
    user.groups.add(group)
    client.force_login(user)
    response = client.post(reverse("wagtail_skilldonation_followup:hours_review", args=[declaration.pk, "approve"]))
    assert response.status_code in (302, 403)
    declaration.refresh_from_db()
    assert declaration.status == "pending"


def test_accepted_email_carries_the_hours_link(open_mission, django_capture_on_commit_callbacks):
    from django.core import mail

    volunteer = Volunteer.objects.create(first_name="Léa", last_name="B", email="lea@example.org")
    application = Application.objects.create(mission=open_mission, volunteer=volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        applications.change_status(application, "accepted")
    assert "/portal/hours/" in mail.outbox[0].body


def test_a_day_has_24_hours_across_declarations(client, accepted):
    assert declare(client, accepted, hours="20").status_code == 302
    response = declare(client, accepted, hours="5")
    assert "more than 24 hours" in response.content.decode()
    assert HoursDeclaration.objects.count() == 1
    assert declare(client, accepted, hours="4").status_code == 302
