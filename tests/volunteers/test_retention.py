"""Volunteers inactive beyond the retention are forgotten; the association's records stay."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.volunteers.conftest import LONG_AGO, aged
from wagtail_skilldonation.certificates.files import stored_pdf
from wagtail_skilldonation.models import (
    Application,
    Certificate,
    Feedback,
    Invitation,
    Volunteer,
    VolunteerSkill,
)


def purge(*args):
    out = StringIO()
    call_command("skilldonation_purge", *args, stdout=out)
    return out.getvalue()


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
    assert drift() == {"volunteers": 0, "skill_rows": 0, "rarity_counts": 0}


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


def test_forgetting_clears_every_field_and_touches_nobody_else(old_volunteer, make_mission, skills):
    """Every field that held something of theirs is emptied — the ticked skills, a form
    still waiting for its confirmation, the consent, the mails (sent ones stay "sent") —
    and another volunteer's records, mails and sign-in are left exactly as they were."""
    from wagtail_skilldonation.models import OutgoingMail, Submission, VolunteerAccess
    from wagtail_skilldonation.volunteers.retention import forget

    now = timezone.now()
    application = Application.objects.get(volunteer=old_volunteer)
    Application.objects.filter(pk=application.pk).update(consent_at=now, consent_version="v2")
    Volunteer.objects.filter(pk=old_volunteer.pk).update(profile_url="https://ancien.example", consent_version="v2")
    old_volunteer.refresh_from_db()
    Submission.objects.filter(application=application).update(
        skill_ids=[skills["Graphisme"].pk], answers={"q": {"label": "Q", "value": "Ancien"}}
    )
    waiting = Submission.objects.create(
        application=application, details={"email": "ancien@example.org"}, state="awaiting"
    )
    ended_before = now - datetime.timedelta(days=3)
    VolunteerAccess.objects.create(volunteer=old_volunteer, ended_at=ended_before)
    sign_in = VolunteerAccess.objects.create(volunteer=old_volunteer)
    sign_in_mail = OutgoingMail.objects.create(kind="access", recipient="ancien@example.org", access=sign_in)
    sent = OutgoingMail.objects.create(
        kind="accepted", recipient="ancien@example.org", application=application, status="sent"
    )
    failed = OutgoingMail.objects.create(
        kind="alert",
        recipient="ancien@example.org",
        volunteer=old_volunteer,
        status="failed",
        last_error="550 ancien@example.org unknown",
    )
    # Someone else, with a form waiting, a sign-in and mails of every kind.
    other = Volunteer.objects.create(first_name="Autre", last_name="Personne", email="autre@example.org")
    theirs = Application.objects.create(mission=make_mission(), volunteer=other)
    their_waiting = Submission.objects.create(
        application=theirs, details={"email": "autre@example.org"}, state="awaiting"
    )
    their_access = VolunteerAccess.objects.create(volunteer=other)
    their_mails = [
        OutgoingMail.objects.create(kind="access", recipient="autre@example.org", access=their_access),
        OutgoingMail.objects.create(kind="alert", recipient="autre@example.org", volunteer=other),
        OutgoingMail.objects.create(kind="received", recipient="autre@example.org", application=theirs),
        OutgoingMail.objects.create(kind="new", recipient="equipe@example.org"),  # about nobody
    ]

    forget(old_volunteer)

    old_volunteer.refresh_from_db()
    assert (old_volunteer.profile_url, old_volunteer.consent_version) == ("", "")
    application.refresh_from_db()
    assert (application.consent_at, application.consent_version) == (None, "")
    for submission in Submission.objects.filter(application=application):
        assert (submission.details, submission.skill_ids, submission.answers, submission.message) == ({}, [], {}, "")
    waiting.refresh_from_db()
    assert waiting.state == "superseded"  # its link confirms nothing now
    assert set(
        Submission.objects.filter(application=application).exclude(pk=waiting.pk).values_list("state", flat=True)
    ) == {"applied"}  # what was sent and kept stays as it was
    assert VolunteerAccess.objects.get(pk=sign_in.pk).ended_at is not None
    assert VolunteerAccess.objects.get(volunteer=old_volunteer, ended_at__lt=now).ended_at == ended_before
    assert list(
        OutgoingMail.objects.filter(pk__in=[sign_in_mail.pk, sent.pk, failed.pk])
        .order_by("pk")
        .values_list("recipient", "status", "last_error")
    ) == [("", "cancelled", ""), ("", "sent", ""), ("", "cancelled", "")]
    for feedback in Feedback.objects.filter(application=application):
        assert not feedback.consent_publish
    # Nobody else was touched.
    their_waiting.refresh_from_db()
    assert their_waiting.state == "awaiting"
    assert VolunteerAccess.objects.get(pk=their_access.pk).ended_at is None
    for mail in their_mails:
        before = (mail.recipient, mail.status)
        mail.refresh_from_db()
        assert (mail.recipient, mail.status) == before
    assert Volunteer.objects.get(pk=other.pk).email == "autre@example.org"


def test_stale_spam_is_purged_and_nothing_else(db, open_mission, settings):
    from wagtail_skilldonation.models import Submission
    from wagtail_skilldonation.volunteers.retention import purge_spam

    settings.WAGTAIL_SKILLDONATION = {"SPAM_RETENTION_DAYS": 30}
    now = timezone.now()
    old_spam = Submission.objects.create(mission=open_mission, state="spam")
    young_spam = Submission.objects.create(mission=open_mission, state="spam")
    old_form = Submission.objects.create(mission=open_mission, state="applied")
    Submission.objects.filter(pk__in=[old_spam.pk, old_form.pk]).update(created_at=now - datetime.timedelta(days=31))
    Submission.objects.filter(pk=young_spam.pk).update(created_at=now - datetime.timedelta(days=29))
    assert purge_spam(now) == 1
    assert set(Submission.objects.values_list("pk", flat=True)) == {young_spam.pk, old_form.pk}
    assert purge_spam(now) == 0
    # Purged as of the day asked: later, the young one is stale too.
    assert purge_spam(now + datetime.timedelta(days=2)) == 1


def test_volunteers_back_from_a_pause_are_all_counted(db):
    from wagtail_skilldonation.volunteers.retention import wake_up

    today = timezone.localdate()
    for n in range(3):
        Volunteer.objects.create(first_name=f"P{n}", last_name="X", email=f"p{n}@example.org")
    Volunteer.objects.update(unavailable_until=today + datetime.timedelta(days=1))
    assert wake_up(today + datetime.timedelta(days=1)) == 3
    assert not Volunteer.objects.exclude(unavailable_until=None).exists()


def test_without_a_default_site_the_retention_is_the_setting_s_default(db):
    from wagtail.models import Site

    from wagtail_skilldonation.volunteers.retention import retention_months

    Site.objects.update(is_default_site=False)
    assert retention_months() == 36


def test_a_forgotten_address_is_never_listed_again_whatever_its_case(db):
    from wagtail_skilldonation.volunteers.retention import stale_volunteers

    Volunteer.objects.create(first_name="", last_name="#1", email="volunteer-1@FORGOTTEN.invalid")
    kept = Volunteer.objects.create(first_name="A", last_name="X", email="someone-forgotten.invalid@example.org")
    Volunteer.objects.update(updated_at=LONG_AGO)
    assert list(stale_volunteers(36)) == [kept]
