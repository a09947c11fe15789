"""Knowing an e-mail address proves nothing: the public form never rewrites a known
volunteer or their application; the owner of the address confirms by an e-mailed,
signed, single-use link (issue #12, item 1)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import form_data
from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.models import (
    Application,
    ApplicationEvent,
    Submission,
    Volunteer,
)

LONG_AGO = timezone.now() - datetime.timedelta(days=400)
STRANGER = {
    "first_name": "Mallory",
    "last_name": "Intrus",
    "email": "CAMILLE.martin@EXAMPLE.org",  # the known address, in another case
    "phone": "0999999999",
    "postcode": "13001",
    "city": "Marseille",
    "format": "on_site",
    "availability_hours": "50",
    "message": "Je reprends ce compte",
}


@pytest.fixture
def camille(skills, make_mission):
    """A known volunteer: made inactive by an editor, consent given long ago, one
    certificate issued and one application withdrawn."""
    volunteer = Volunteer.objects.create(
        first_name="Camille",
        last_name="Martin",
        email="Camille.Martin@example.org",
        phone="0611223344",
        postcode="75003",
        city="Paris",
        format="remote",
        availability_hours=8,
        consent_at=LONG_AGO,
        consent_version="2025-01",
    )
    volunteer.skills.add(skills["Graphisme"])
    done = Application.objects.create(mission=make_mission(title="Site"), volunteer=volunteer, message="Fait")
    applications.change_status(done, "accepted", notify=False)
    applications.change_status(done, "completed", hours=6, notify=False)
    certificate = certificates.issue(done, notify=False)
    Volunteer.objects.filter(pk=volunteer.pk).update(is_active=False)
    volunteer.refresh_from_db()
    return volunteer, certificate


@pytest.fixture
def withdrawn(camille, open_mission):
    volunteer, _certificate = camille
    application = Application.objects.create(
        mission=open_mission,
        volunteer=volunteer,
        message="Mon vrai message",
        answers={"why": {"label": "Pourquoi ?", "value": "Vraie réponse"}},
    )
    application.skills_offered.set(open_mission.skills.all()[:1])
    applications.change_status(application, "withdrawn", notify=False)
    return application


def snapshot(volunteer):
    volunteer.refresh_from_db()
    return (
        volunteer.first_name,
        volunteer.last_name,
        volunteer.email,
        volunteer.phone,
        volunteer.postcode,
        volunteer.city,
        volunteer.format,
        volunteer.availability_hours,
        volunteer.is_active,
        volunteer.consent_at,
        volunteer.consent_version,
        sorted(volunteer.skills.values_list("name", flat=True)),
    )


def post(client, mission, **data):
    return client.post(mission.url, form_data(mission, **data), follow=True)


def confirm_url_in(message):
    found = re.search(r"http://testserver(/portal/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_a_stranger_typing_a_known_address_changes_nothing(
    client, camille, withdrawn, open_mission, skills, django_capture_on_commit_callbacks
):
    volunteer, certificate = camille
    before = snapshot(volunteer)
    events = ApplicationEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, open_mission, skills=[skills["Mentorat"].pk], **STRANGER)
    # The visitor sees the same page as anyone: the address's history stays private.
    assert response.status_code == 200
    assert "Thank you for your application" in response.content.decode()
    # Nothing about Camille changed: identity, details, activity, consent, skills.
    assert snapshot(volunteer) == before
    withdrawn.refresh_from_db()
    assert (withdrawn.status, withdrawn.message, withdrawn.answers["why"]["value"]) == (
        "withdrawn",
        "Mon vrai message",
        "Vraie réponse",
    )
    assert list(withdrawn.skills_offered.values_list("name", flat=True)) == ["Graphisme"]
    assert ApplicationEvent.objects.count() == events
    # What was typed is kept, waiting for the owner of the address.
    submission = withdrawn.submissions.get()
    assert submission.state == "awaiting"
    assert (submission.details["first_name"], submission.message) == ("Mallory", "Je reprends ce compte")
    # One mail, to the address on record (not the typed spelling), with the link and
    # what would change; no mail to the editors until it is confirmed.
    assert len(mail.outbox) == 1
    (message,) = mail.outbox
    assert message.to == ["Camille.Martin@example.org"]
    assert "Please confirm your application" in message.subject
    assert "Mallory" in message.body
    assert "Marseille" in message.body
    confirm_url_in(message)
    # The certificate already issued still says who it was issued to.
    page = client.get(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code]))
    assert "Camille Martin" in page.content.decode()
    assert "Mallory" not in page.content.decode()


def test_the_owner_confirms_once_by_the_emailed_link(
    client, camille, withdrawn, open_mission, skills, django_capture_on_commit_callbacks
):
    volunteer, _certificate = camille
    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission, skills=[skills["Mentorat"].pk], **STRANGER)
    url = confirm_url_in(mail.outbox[0])
    mail.outbox.clear()
    # Opening the link (as a mail scanner does) shows what would change, applies nothing.
    page = client.get(url, follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert "private" in page["Cache-Control"]
    assert "Marseille" in html
    assert "Paris" in html
    assert "Je reprends ce compte" in html
    assert snapshot(volunteer)[0] == "Camille"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url)
    assert done.status_code == 302
    assert "are up to date" in client.get(done["Location"], follow=True).content.decode()
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.city, volunteer.format, volunteer.availability_hours) == (
        "Mallory",
        "Marseille",
        "on_site",
        50,
    )
    assert volunteer.email == "Camille.Martin@example.org"  # the address itself is the key
    assert volunteer.is_active is False  # an inactive volunteer stays inactive
    assert volunteer.consent_at > LONG_AGO
    assert {"Graphisme", "Mentorat"} <= set(volunteer.skills.values_list("name", flat=True))
    withdrawn.refresh_from_db()
    assert (withdrawn.status, withdrawn.message) == ("submitted", "Je reprends ce compte")
    assert withdrawn.consent_version == volunteer.consent_version
    submission = withdrawn.submissions.get()
    assert submission.state == "confirmed"
    assert submission.confirmed_at is not None
    assert withdrawn.language == submission.language == "en"  # the form's language now
    reopened = withdrawn.events.last()
    assert (reopened.from_status, reopened.to_status, reopened.note) == (
        "withdrawn",
        "submitted",
        "Applied again (confirmed by e-mail)",
    )
    assert [m.to for m in mail.outbox] == [["contact@jardins.example"]]  # the team hears of it now
    # Single use: the same link again applies nothing more.
    Volunteer.objects.filter(pk=volunteer.pk).update(city="Lyon")
    again = client.post(url)
    assert again.status_code == 200
    assert "Done" in again.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.city == "Lyon"


def test_only_the_latest_form_can_be_confirmed(
    client, camille, withdrawn, open_mission, django_capture_on_commit_callbacks
):
    for city in ("Nice", "Brest"):
        with django_capture_on_commit_callbacks(execute=True):
            post(client, open_mission, **{**STRANGER, "city": city})
    old, new = (confirm_url_in(m) for m in mail.outbox)
    refused = client.post(old)
    assert "replaced by a more recent form" in refused.content.decode()
    assert Volunteer.objects.get(pk=camille[0].pk).city == "Paris"
    client.post(new)
    assert Volunteer.objects.get(pk=camille[0].pk).city == "Brest"
    states = dict(Submission.objects.values_list("details__city", "state"))
    assert states == {"Nice": "superseded", "Brest": "confirmed"}


def test_a_first_application_of_a_known_address_waits_for_its_owner_and_cannot_be_accepted(
    client, camille, open_mission, admin_client, django_capture_on_commit_callbacks
):
    """Mallory typed Camille's address: the application is kept as typed, but no editor
    can accept it (one by one or in bulk) until Camille confirms by the link."""
    volunteer, _certificate = camille
    before = snapshot(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission, **STRANGER)
    assert snapshot(volunteer) == before
    application = Application.objects.get(mission=open_mission)
    assert application.volunteer == volunteer
    assert application.status == "unconfirmed"
    assert application.message == "Je reprends ce compte"  # this application's own words
    assert application.consent_version == "2026-11"
    assert application.submissions.get().state == "awaiting"
    (to_owner,) = mail.outbox  # the owner's link only: nothing for the team to decide yet
    assert to_owner.to == [volunteer.email]
    assert "/portal/confirm/" in to_owner.body
    inspect_url = reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application.pk])
    inspect = admin_client.get(inspect_url).content.decode()
    assert 'id="sd-app-awaiting"' in inspect
    assert "Marseille" in inspect
    assert "Paris" in inspect
    assert 'value="accepted"' not in inspect  # no decision offered
    transition = reverse("wagtail_skilldonation_application_modeladmin_transition", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(transition, {"to_status": "accepted", "confirmed": "1"})
        admin_client.post(
            reverse("wagtail_skilldonation_application_modeladmin_bulk"),
            {"selected": [application.pk], "action": "accepted", "confirmed": "1"},
        )
    application.refresh_from_db()
    assert application.status == "unconfirmed"
    assert len(mail.outbox) == 1  # no "accepted" e-mail to Camille for Mallory's form
    # The team sends the link again; the owner confirms: now it is an application.
    again = reverse("wagtail_skilldonation_application_modeladmin_confirm_again", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(again, {"submission": application.submissions.get().pk})
    assert [m.to for m in mail.outbox] == [[volunteer.email], [volunteer.email]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_url_in(mail.outbox[-1]))
    application.refresh_from_db()
    assert application.status == "submitted"
    assert "/portal/confirm/" not in mail.outbox[-1].body  # the team is told now
    assert mail.outbox[-1].to != [volunteer.email]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(transition, {"to_status": "accepted", "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == "accepted"


def test_a_known_address_with_the_same_details_waits_too_and_the_visitor_cannot_tell(
    client, open_mission, make_mission, django_capture_on_commit_callbacks
):
    """The same details prove nothing either; the thank-you page (and the signed
    token in its address) is the same for a new and a known address."""
    from django.core import signing

    with django_capture_on_commit_callbacks(execute=True):
        new = post(client, open_mission)  # a new address: created at once
    volunteer = Volunteer.objects.get()
    assert Submission.objects.get().state == "applied"
    assert Application.objects.get().status == "submitted"
    mail.outbox.clear()
    other = make_mission(title="Autre", places_available=1, contact_email="autre@jardins.example")
    with django_capture_on_commit_callbacks(execute=True):
        known = post(client, other)  # same person, same details, another mission
    application = Application.objects.get(mission=other)
    assert application.volunteer == volunteer
    assert application.status == "unconfirmed"
    assert application.submissions.get().state == "awaiting"
    assert [m.to for m in mail.outbox] == [[volunteer.email]]
    assert "/portal/confirm/" in mail.outbox[0].body

    def said(response):
        ((url, _status),) = response.redirect_chain
        token = url.split("sent=")[1]
        return signing.loads(token.replace("%3A", ":"), salt="wagtail_skilldonation.sent")[1], response.content

    # On one mission, a newcomer and someone typing a known address read the same.
    Volunteer.objects.create(first_name="Zoé", last_name="Connue", email="zoe@example.org")
    third = make_mission(title="Troisième", places_available=3, contact_email="autre@jardins.example")
    with django_capture_on_commit_callbacks(execute=True):
        by_newcomer = post(client, third, email="nouveau@example.org")
        by_known = post(client, third, email="zoe@example.org")
    assert {a.volunteer.email: a.status for a in Application.objects.filter(mission=third)} == {
        "nouveau@example.org": "submitted",
        "zoe@example.org": "unconfirmed",
    }
    assert said(by_newcomer) == said(by_known)
    assert said(new)[0] == said(known)[0] == ""


def test_an_unconfirmed_form_lapses_and_stays_as_typed(
    client, camille, open_mission, django_capture_on_commit_callbacks, settings
):
    from wagtail_skilldonation.applications.unconfirmed import lapse_unconfirmed

    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission, **STRANGER)
    url = confirm_url_in(mail.outbox[0])
    submission = Submission.objects.get()
    assert lapse_unconfirmed() == 0  # its link is still valid
    later = timezone.now() + datetime.timedelta(
        seconds=settings.WAGTAIL_SKILLDONATION.get("CONFIRM_LINK_MAX_AGE", 7 * 86400) + 60
    )
    assert lapse_unconfirmed(now=later) == 1
    submission.refresh_from_db()
    assert submission.state == "lapsed"
    assert submission.details["city"] == "Marseille"  # what was typed, kept
    assert not Application.objects.filter(mission=open_mission).exists()
    response = client.post(url)
    assert response.status_code in (404, 409, 410)
    assert not Application.objects.filter(mission=open_mission).exists()


def test_a_withdrawn_application_comes_back_only_when_confirmed(
    client, open_mission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission)
    application = Application.objects.get()
    applications.change_status(application, "withdrawn", notify=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    client.post(confirm_url_in(mail.outbox[0]))
    application.refresh_from_db()
    assert application.status == "submitted"


def test_a_forgotten_volunteer_s_pending_link_applies_nothing(
    client, camille, withdrawn, open_mission, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.volunteers.retention import forget

    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission, **STRANGER)
    url = confirm_url_in(mail.outbox[0])
    forget(camille[0])
    client.post(url)
    volunteer = Volunteer.objects.get(pk=camille[0].pk)
    assert volunteer.first_name == ""
    assert volunteer.city == ""
    assert Submission.objects.get(application=withdrawn).details == {}


def test_a_used_link_says_so_and_blank_fields_erase_nothing(camille, withdrawn, open_mission):
    volunteer, _certificate = camille
    submission = applications.submit(
        open_mission,
        volunteer_data={
            "email": "camille.martin@example.org",
            "first_name": "Camille",
            "last_name": "Martin",
            "phone": "",
            "postcode": "",
            "city": "Lyon",
        },
        skills=[],
        message="Nouveau message",
        notify=False,
    )
    applications.confirm(submission)
    volunteer.refresh_from_db()
    # What the form left blank does not erase what the record holds.
    assert (volunteer.city, volunteer.phone, volunteer.postcode) == ("Lyon", "0611223344", "75003")
    with pytest.raises(applications.ConfirmationError) as used:
        applications.confirm(submission)
    assert used.value.code == "used"
    assert used.value.messages == ["This confirmation link was already used, or a newer form replaced it."]


def test_a_confirmed_return_to_a_full_mission_waits_for_a_place(camille, withdrawn, open_mission):
    for n in range(open_mission.places_available):
        other = Volunteer.objects.create(first_name="P", last_name=str(n), email=f"p{n}@example.org")
        applications.change_status(
            Application.objects.create(mission=open_mission, volunteer=other), "accepted", notify=False
        )
    submission = applications.submit(
        open_mission, volunteer_data={"email": "camille.martin@example.org"}, skills=[], notify=False
    )
    applications.confirm(submission)
    withdrawn.refresh_from_db()
    assert withdrawn.status == "waiting_list"


def test_a_confirmed_form_with_the_box_unticked_opts_nobody_in(
    client, camille, withdrawn, open_mission, django_capture_on_commit_callbacks
):
    """ "Propose other missions" unticked and confirmed: someone who had not agreed is
    still not proposed missions; someone who had agreed keeps it (an unticked box
    withdraws nothing: that is done in the space)."""
    volunteer, _certificate = camille
    Volunteer.objects.filter(pk=volunteer.pk).update(consent_at=None, consent_version="")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission, **{**STRANGER, "proposals": None})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_url_in(mail.outbox[0]))
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Mallory"  # the form was confirmed
    assert (volunteer.consent_at, volunteer.consent_version) == (None, "")
    Volunteer.objects.filter(pk=volunteer.pk).update(consent_at=LONG_AGO, consent_version="2025-01")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, open_mission, **{**STRANGER, "city": "Brest", "proposals": None})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_url_in(mail.outbox[0]))
    volunteer.refresh_from_db()
    assert volunteer.city == "Brest"
    assert (volunteer.consent_at, volunteer.consent_version) == (LONG_AGO, "2025-01")
