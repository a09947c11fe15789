"""Suspected spam (#13): a filled honeypot is kept apart, hidden from the inbox, shown
under its own list; "Not spam" processes it like any form; the purge deletes it later."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import form_data
from wagtail_skilldonation.models import Application, Submission, Volunteer

INDEX = "wagtail_skilldonation_application_modeladmin_index"


@pytest.fixture
def held(client, open_mission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            open_mission.url,
            form_data(
                open_mission, website="x", email="Maybe.Person@example.org", message="Je peux aider <b>vraiment</b>"
            ),
        )
    return Submission.objects.get(state="spam")


def test_hidden_from_the_inbox_listed_apart(admin_client, held, open_mission):
    inbox = admin_client.get(reverse(INDEX))
    assert list(inbox.context["object_list"]) == []
    assert "Suspected spam (1)" in inbox.content.decode()
    listing = admin_client.get(reverse("wagtail_skilldonation_spam:list")).content.decode()
    assert "Maybe.Person@example.org" in listing
    assert "Campagne" in listing
    assert "Graphisme" in listing
    assert "&lt;b&gt;vraiment&lt;/b&gt;" in listing  # what a robot typed is text
    assert reverse("wagtail_skilldonation_spam:release", args=[held.pk]) in listing


def test_not_spam_processes_it_like_any_form(admin_client, held, open_mission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtail_skilldonation_spam:release", args=[held.pk]), follow=True)
    assert "application is in the inbox now" in response.content.decode()
    application = Application.objects.get()
    assert application.volunteer.email == "Maybe.Person@example.org"
    assert application.mission_id == open_mission.pk
    assert application.message == "Je peux aider <b>vraiment</b>"
    assert application.consent_at == held.consent_at  # the consent given then, not now
    held.refresh_from_db()
    assert (held.state, held.application_id) == ("applied", application.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["Maybe.Person@example.org", open_mission.contact_email])
    # Once only.
    again = admin_client.post(reverse("wagtail_skilldonation_spam:release", args=[held.pk]), follow=True)
    assert "no longer held as suspected spam" in again.content.decode()
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 2


def test_not_spam_for_a_known_address_still_asks_its_owner(
    admin_client, open_mission, client, django_capture_on_commit_callbacks
):
    owner = Volunteer.objects.create(first_name="Vraie", last_name="Personne", email="maybe.person@example.org")
    Application.objects.create(mission=open_mission, volunteer=owner, message="Le mien")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            open_mission.url,
            form_data(open_mission, website="x", email="maybe.person@example.org", first_name="Usurpateur"),
        )
    spam = Submission.objects.get(state="spam")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("wagtail_skilldonation_spam:release", args=[spam.pk]))
    owner.refresh_from_db()
    spam.refresh_from_db()
    assert owner.first_name == "Vraie"
    assert spam.state == "awaiting"
    assert Application.objects.get().message == "Le mien"
    (confirm,) = mail.outbox
    assert confirm.to == ["maybe.person@example.org"]
    assert "/portal/confirm/" in confirm.body


def test_delete_and_purge(admin_client, held, open_mission, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_mission.url, form_data(open_mission, website="y", email="other@example.org"), follow=True)
    old, recent = Submission.objects.filter(state="spam").order_by("pk")
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    Submission.objects.filter(pk=recent.pk).update(created_at=timezone.now() - datetime.timedelta(days=29))
    out = StringIO()
    call_command("skilldonation_purge", "--dry-run", stdout=out)
    assert "1 suspected spam older than 30 days deleted. (dry run: nothing deleted)" in out.getvalue()
    assert Submission.objects.filter(state="spam").count() == 2
    call_command("skilldonation_purge", stdout=out)
    assert list(Submission.objects.filter(state="spam")) == [recent]
    admin_client.post(reverse("wagtail_skilldonation_spam:delete", args=[recent.pk]))
    assert not Submission.objects.exists()


def test_only_editors_of_applications_release_or_delete(client, held, editor_factory):
    for codenames, can_see, can_act in [
        ((), False, False),
        (("view_application",), True, False),
        (("change_application",), True, True),
    ]:
        client.force_login(editor_factory(*codenames))
        assert (client.get(reverse("wagtail_skilldonation_spam:list")).status_code == 200) == can_see
        if not can_act:
            client.post(reverse("wagtail_skilldonation_spam:release", args=[held.pk]))
            client.post(reverse("wagtail_skilldonation_spam:delete", args=[held.pk]))
            held.refresh_from_db()
            assert held.state == "spam"
            assert not Application.objects.exists()


def test_a_held_form_keeps_the_answers_to_the_extra_questions(
    client, open_mission, admin_client, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.models import MissionFormField

    MissionFormField.objects.create(page=open_mission, label="Votre expérience", field_type="multiline", required=False)
    client.post(
        open_mission.url, form_data(open_mission, website="x", email="q@example.org", q_votre_experience="Dix ans")
    )
    spam = Submission.objects.get(state="spam")
    assert spam.answers["votre_experience"]["value"] == "Dix ans"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("wagtail_skilldonation_spam:release", args=[spam.pk]))
    assert Application.objects.get().answers["votre_experience"]["value"] == "Dix ans"  # released whole
