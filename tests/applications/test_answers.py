"""The team's word in the status e-mails: shown before sending, editable, the mission's
text else the portal's, and kept in the conversation as the volunteer read it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from wagtail_skilldonation.models import ApplicationMessage, PortalSettings

pytestmark = pytest.mark.django_db

INSPECT = "wagtail_skilldonation_application_modeladmin_inspect"
TRANSITION = "wagtail_skilldonation_application_modeladmin_transition"


@pytest.fixture
def portal(home):
    portal, _ = PortalSettings.objects.get_or_create(site=home.get_site())
    portal.answer_accepted = "Rendez-vous jeudi à 18 h pour le lancement."
    portal.answer_declined = "Merci encore de votre proposition."
    portal.save()
    return portal


def decide(admin_client, application, capture, **data):
    with capture(execute=True):
        # From the page that shows the e-mail (the inspect view's form, or the confirmation).
        response = admin_client.post(reverse(TRANSITION, args=[application.pk]), {"confirmed": "1", **data})
    assert response.status_code == 302
    application.refresh_from_db()
    sent = [m for m in mail.outbox if m.to == ["ines@example.org"]]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    return sent[0]


def test_the_editor_sees_and_edits_the_email_before_sending(
    admin_client, application, portal, open_mission, django_capture_on_commit_callbacks
):
    open_mission.answer_accepted = "Apportez vos maquettes."
    open_mission.save_revision().publish()
    html = admin_client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    # Each decision that e-mails the volunteer: its text prefilled (the mission's for
    # accepting, the portal's for declining) and the e-mail as it will read, in French.
    assert re.search(r'<textarea id="sd-answer-accepted" name="message"[^>]*>Apportez vos maquettes.</textarea>', html)
    assert re.search(
        r'<textarea id="sd-answer-declined" name="message"[^>]*>Merci encore de votre proposition.</textarea>', html
    )
    assert "Bonne nouvelle" in html  # the accepted e-mail's preview, in the volunteer's language
    # The volunteer's own signed link (to declare hours as them) is named, never shown.
    assert "/portal/hours/" not in html
    assert "[le lien personnel du bénévole]" in html
    sent = decide(
        admin_client,
        application,
        django_capture_on_commit_callbacks,
        to_status="accepted",
        message="Bienvenue Inès ! Premier rendez-vous lundi.",
    )
    assert application.status == "accepted"
    assert "Bienvenue Inès ! Premier rendez-vous lundi." in sent.body
    assert "Apportez vos maquettes" not in sent.body
    # Kept as the volunteer read it: a message from the team in the conversation.
    kept = ApplicationMessage.objects.get(application=application)
    assert kept.author == "team"
    assert kept.body == "Bienvenue Inès ! Premier rendez-vous lundi."


def test_the_plain_button_sends_the_missions_text_else_the_portals(
    admin_client, application, portal, open_mission, django_capture_on_commit_callbacks
):
    sent = decide(admin_client, application, django_capture_on_commit_callbacks, to_status="declined")
    assert "Merci encore de votre proposition." in sent.body  # the mission has none: the portal's
    assert ApplicationMessage.objects.get(application=application).body == "Merci encore de votre proposition."


def test_an_emptied_message_sends_the_standard_email_only(
    admin_client, application, portal, django_capture_on_commit_callbacks
):
    sent = decide(admin_client, application, django_capture_on_commit_callbacks, to_status="accepted", message="  ")
    assert "Rendez-vous jeudi" not in sent.body
    assert not ApplicationMessage.objects.filter(application=application).exists()


def test_a_status_without_an_email_keeps_no_message(
    admin_client, application, portal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(TRANSITION, args=[application.pk]), {"to_status": "withdrawn", "message": "Hors sujet"}
        )
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert not ApplicationMessage.objects.filter(application=application).exists()
    assert not [m for m in mail.outbox if m.to == ["ines@example.org"]]
