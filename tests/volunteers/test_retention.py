"""Volunteers inactive beyond the retention are forgotten; the association's records stay."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.applications.emails import notify
from wagtail_skilldonation.certificates.files import stored_pdf
from wagtail_skilldonation.models import (
    Application,
    ApplicationMessage,
    Certificate,
    Feedback,
    HoursDeclaration,
    Invitation,
    Submission,
    Volunteer,
    VolunteerSkill,
)

LONG_AGO = timezone.now() - datetime.timedelta(days=4 * 365)


def aged(volunteer, *applications):
    Volunteer.objects.filter(pk=volunteer.pk).update(updated_at=LONG_AGO)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(updated_at=LONG_AGO)


def purge(*args):
    out = StringIO()
    call_command("skilldonation_purge", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_volunteer(make_mission, skills, admin_user):
    volunteer = Volunteer.objects.create(
        first_name="Ancien",
        last_name="Bénévole",
        email="ancien@example.org",
        phone="0600000000",
        city="Paris",
        postcode="75011",
        bio="Expert-comptable",
        consent_at=LONG_AGO,
    )
    volunteer.skills.add(skills["Graphisme"])
    mission = make_mission(places_available=3)
    done = Application.objects.create(
        mission=mission,
        volunteer=volunteer,
        message="Je suis disponible le mardi",
        answers={"phone": {"label": "Tel", "value": "0611"}},
    )
    Submission.objects.create(
        application=done,
        details={"first_name": "Ancien", "email": "ancien@example.org"},
        message="Je suis disponible le mardi",
    )
    applications.change_status(done, "accepted", note="Appeler Ancien au 0600000000", notify=False)
    HoursDeclaration.objects.create(
        application=done,
        date=LONG_AGO.date(),
        hours=2,
        description="Réunion chez Ancien Bénévole",
        status="approved",
    )
    applications.change_status(done, "completed", hours=12, notify=False)
    Feedback.objects.create(
        application=done,
        role="volunteer",
        author_name="Ancien Bénévole",
        rating=5,
        worked="Moi, Ancien, j'ai aimé",
        improve="Rien",
        consent_publish=True,
        show_name=True,
    )
    Feedback.objects.create(
        application=done,
        role="beneficiary",
        author_name="Mme Jardin",
        rating=4,
        worked="Ancien a été précieux",
        objectives={"1": {"title": "A", "result": "reached"}},
    )
    certificates.issue(done, notify=False)
    # A conversation both ways, each naming them.
    ApplicationMessage.objects.create(application=done, author="volunteer", body="Ancien ici, je serai en retard")
    ApplicationMessage.objects.create(
        application=done, author="team", author_user=admin_user, body="Merci Ancien, à mardi"
    )
    notify(done, "declined")  # a mail not sent yet (the server is down, say)
    Invitation.objects.create(
        mission=make_mission(), volunteer=volunteer, invited_by=admin_user, message="Bonjour Ancien"
    )
    aged(volunteer, done)
    return volunteer


def test_inactive_volunteers_are_forgotten_records_stay(old_volunteer):
    assert "1 volunteer inactive for 36 months forgotten." in purge()
    v = Volunteer.objects.get(pk=old_volunteer.pk)
    assert (v.first_name, v.last_name, v.phone, v.city, v.postcode, v.bio) == ("", f"#{v.pk}", "", "", "", "")
    assert v.email.endswith("@forgotten.invalid")
    assert "ancien" not in v.email
    assert v.consent_at is None
    assert not v.is_active
    assert not VolunteerSkill.objects.filter(content_object=v).exists()
    assert not Invitation.objects.filter(volunteer=v).exists()
    (application,) = Application.objects.filter(volunteer=v)
    assert application.status == "completed"
    assert application.approved_hours == 12
    assert (application.message, application.answers) == ("", {})
    assert "0 volunteers inactive for 36 months forgotten." in purge()  # once is enough


def test_nothing_that_names_them_is_left_anywhere(old_volunteer, client):
    certificate = Certificate.objects.get()
    kept_copy = stored_pdf(certificate)
    storage, stored_name = certificate.pdf.storage, certificate.pdf.name
    assert storage.exists(stored_name)
    purge()
    # The stored PDF (it printed the name) is gone from the storage, not only its field.
    assert not storage.exists(stored_name)
    application = Application.objects.get(volunteer=old_volunteer)
    # Every text written about them, by anyone, is cleared; figures stay.
    assert set(application.events.values_list("note", flat=True)) == {""}
    assert set(application.hours_declarations.values_list("description", flat=True)) == {""}
    assert application.approved_hours == 12
    assert set(application.messages.values_list("body", flat=True)) == {""}  # the conversation too
    for feedback in Feedback.objects.filter(application=application):
        assert (feedback.author_name, feedback.worked, feedback.improve, feedback.show_name) == ("", "", "", False)
    assert sorted(Feedback.objects.values_list("rating", flat=True)) == [4, 5]
    submission = application.submissions.get()
    assert (submission.details, submission.message) == ({}, "")
    assert (application.consent_at, application.consent_version) == (None, "")
    # The outbox no longer knows their address, and what was not sent never will be.
    assert list(application.mails.values_list("recipient", "status")) == [("", "cancelled")]
    # The certificate still verifies, the name withheld; its file (which showed the
    # name) is gone, and a copy the holder kept still proves genuine by its hash.
    certificate.refresh_from_db()
    assert certificate.holder_name == ""
    assert certificate.is_withheld
    assert not certificate.pdf
    page = client.get(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code]))
    html = page.content.decode()
    assert "Valid certificate" in html
    assert "withheld at their request" in html
    assert "Ancien" not in html
    upload = SimpleUploadedFile("attestation.pdf", kept_copy, content_type="application/pdf")
    checked = client.post(
        reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code]), {"file": upload}
    )
    assert "exactly the PDF issued" in checked.content.decode()
    # Nothing else in the database still carries their name.
    from django.apps import apps
    from django.db import models as db_models

    for model in apps.get_app_config("wagtail_skilldonation").get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (db_models.CharField, db_models.TextField, db_models.JSONField))
        ]
        for row in model.objects.values_list(*text_fields):
            assert "Ancien" not in repr(row), (model.__name__, row)


def test_someone_who_applies_after_the_list_was_drawn_is_kept(old_volunteer, open_mission):
    from wagtail_skilldonation.volunteers.retention import forget_if_stale, stale_volunteers

    (listed,) = stale_volunteers()
    # They apply again between the listing and the wipe.
    Application.objects.create(mission=open_mission, volunteer=listed)
    assert forget_if_stale(listed) is False
    assert Volunteer.objects.get(pk=listed.pk).email == "ancien@example.org"


def test_active_or_recent_volunteers_are_kept(old_volunteer, make_mission):
    running = Volunteer.objects.create(first_name="Engagée", last_name="X", email="engagee@example.org")
    app = Application.objects.create(mission=make_mission(places_available=2), volunteer=running, status="accepted")
    aged(running, app)
    Volunteer.objects.create(first_name="Récente", last_name="X", email="recente@example.org")
    moved = Volunteer.objects.create(first_name="Relancée", last_name="X", email="relancee@example.org")
    Application.objects.create(mission=make_mission(), volunteer=moved, status="declined")
    aged(moved)  # the profile is old, the application moved recently
    assert "1 volunteer inactive for 36 months would be forgotten (dry run)." in purge("--dry-run")
    assert Volunteer.objects.get(pk=old_volunteer.pk).email == "ancien@example.org"  # dry run: nothing changed
    purge()
    kept = set(Volunteer.objects.exclude(pk=old_volunteer.pk).values_list("email", flat=True))
    assert kept == {"engagee@example.org", "recente@example.org", "relancee@example.org"}


def test_retention_comes_from_the_portal_settings(old_volunteer, home):
    from wagtail.models import Site

    from wagtail_skilldonation.models import PortalSettings

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.retention_months = 60
    settings.save()
    assert "0 volunteers inactive for 60 months forgotten." in purge()
    assert "1 volunteer inactive for 12 months forgotten." in purge("--months", "12")
    with pytest.raises(CommandError, match="at least one month"):
        purge("--months", "0")


def test_forgetting_keeps_the_matching_copy_in_step(db, make_mission, skills):
    from datetime import timedelta

    from django.utils import timezone

    from wagtail_skilldonation.matching.copy import drift
    from wagtail_skilldonation.models import Volunteer
    from wagtail_skilldonation.volunteers.retention import forget

    volunteer = Volunteer.objects.create(
        first_name="Old",
        last_name="Timer",
        email="old@example.org",
        postcode="75011",
        city="Paris",
        consent_at=timezone.now() - timedelta(days=900),
    )
    volunteer.skills.add(skills["Graphisme"])
    forget(volunteer)
    assert drift() == {"volunteers": 0, "skill_rows": 0}


def test_the_retention_counts_days_to_the_day(db):
    from wagtail_skilldonation.volunteers.retention import forget_if_stale, stale_volunteers

    now = timezone.now()
    # 36 months = round(36 × 365.25 / 12) = 1096 days.
    old = Volunteer.objects.create(first_name="A", last_name="X", email="a@example.org")
    recent = Volunteer.objects.create(first_name="B", last_name="X", email="b@example.org")
    Volunteer.objects.filter(pk=old.pk).update(updated_at=now - datetime.timedelta(days=1097))
    Volunteer.objects.filter(pk=recent.pk).update(updated_at=now - datetime.timedelta(days=1095))
    assert list(stale_volunteers(36, now)) == [old]
    # The re-check under the lock uses the same clock as the listing.
    later = now + datetime.timedelta(days=2)
    assert forget_if_stale(recent, 36, later) is True
    assert Volunteer.objects.get(pk=recent.pk).email.endswith("@forgotten.invalid")
