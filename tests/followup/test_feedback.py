"""Feedback from both sides per objective, through signed links; testimonials from it."""

import pytest
from django.core import mail, signing
from django.urls import reverse

from tests.factories import ApplicationFactory
from wagtail_skilldonation import applications
from wagtail_skilldonation.followup import feedback
from wagtail_skilldonation.models import (
    Application,
    Feedback,
    MissionObjective,
    TestimonialPage,
    Volunteer,
)


@pytest.fixture
def completed(open_mission, testimonial_index):
    open_mission.objectives = [
        MissionObjective(title="Écrire les messages", success_indicator="Guide validé"),
        MissionObjective(title="Produire les visuels", success_indicator="Trois visuels"),
    ]
    open_mission.save_revision().publish()
    return ApplicationFactory(
        mission=open_mission,
        volunteer__first_name="Léa",
        volunteer__last_name="Bernard",
        volunteer__email="lea@example.org",
        status="completed",
        hours=10,
    )


def link(application, role="volunteer"):
    return feedback.link_url(application, role).replace("http://testserver", "")


def answers(application, **overrides):
    objectives = list(MissionObjective.objects.filter(mission_id=application.mission_id))
    data = {
        f"objective_{objectives[0].pk}": "reached",
        f"objective_{objectives[1].pk}": "partly",
        "rating": "5",
        "worked": "Une équipe très accueillante.",
        "improve": "Plus de temps pour la restitution.",
        "consent_publish": "on",
        "show_name": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_both_sides_are_asked_on_completion(open_mission, organisation, django_capture_on_commit_callbacks):
    organisation.contact_email = "samir@jardins.example"
    organisation.save()
    volunteer = Volunteer.objects.create(first_name="Léa", last_name="B", email="lea@example.org")
    application = Application.objects.create(mission=open_mission, volunteer=volunteer)
    applications.change_status(application, "accepted", notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        applications.change_status(application, "completed", hours=4)
    asked = {m.to[0]: m for m in mail.outbox if "/portal/feedback/" in m.body}
    assert set(asked) == {"lea@example.org", "samir@jardins.example"}
    # The beneficiary is asked about this volunteer's part, by name; the volunteer about their own.
    beneficiary, volunteer_mail = asked["samir@jardins.example"], asked["lea@example.org"]
    assert beneficiary.subject == "How did it go with Léa B? Campagne"
    assert "Léa B has completed their part in the mission “Campagne”." in beneficiary.body
    assert volunteer_mail.subject == "How did it go? Campagne"
    assert "Your part in the mission “Campagne” is complete." in volunteer_mail.body
    assert "is completed" not in beneficiary.body + volunteer_mail.body  # not the whole mission


def test_volunteer_gives_feedback_per_objective(client, completed):
    url = link(completed)
    page = client.get(url, follow=True).content.decode()
    assert "Écrire les messages" in page
    assert "Guide validé" in page
    response = client.post(url, answers(completed))
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.role, item.rating, item.author_name) == ("volunteer", 5, "Léa Bernard")
    assert [r for _, r in item.objective_results()] == ["Reached", "Partly reached"]
    # Editable until reviewed: a second visit updates the same feedback.
    client.post(url, answers(completed, rating="4"))
    assert Feedback.objects.get().rating == 4
    # The beneficiary has their own.
    client.post(link(completed, "beneficiary"), answers(completed, rating="3"))
    assert Feedback.objects.count() == 2


def test_invalid_feedback_stores_nothing(client, completed):
    response = client.post(link(completed), answers(completed, rating="9"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    objectives = list(MissionObjective.objects.filter(mission_id=completed.mission_id))
    missing = client.post(link(completed), answers(completed, **{f"objective_{objectives[0].pk}": None}))
    assert "This field is required" in missing.content.decode()
    assert not Feedback.objects.exists()


def test_tampered_and_expired_links(client, completed, settings):
    forged = signing.dumps([completed.pk, "volunteer"], salt="nope")
    assert client.get(reverse("wagtail_skilldonation:feedback", args=[forged]), follow=True).status_code == 404
    wrong_role = signing.dumps([completed.pk, "mayor"], salt=feedback.SALT)
    assert client.get(reverse("wagtail_skilldonation:feedback", args=[wrong_role]), follow=True).status_code == 404
    settings.WAGTAIL_SKILLDONATION = {"FEEDBACK_LINK_MAX_AGE": -1}
    response = client.post(link(completed), answers(completed))
    assert response.status_code == 410
    assert not Feedback.objects.exists()


def test_reviewed_feedback_is_frozen(client, admin_client, completed):
    client.post(link(completed), answers(completed))
    item = Feedback.objects.get()
    admin_client.post(reverse("wagtail_skilldonation_followup:feedback_reviewed", args=[item.pk]))
    response = client.post(link(completed), answers(completed, rating="1"))
    assert "can no longer be changed" in response.content.decode()
    assert Feedback.objects.get().rating == 5


def test_testimonial_from_consenting_feedback(client, admin_client, completed):
    client.post(link(completed), answers(completed))
    item = Feedback.objects.get()
    inspect = reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[completed.pk])
    assert "Une équipe très accueillante." in admin_client.get(inspect).content.decode()
    response = admin_client.post(reverse("wagtail_skilldonation_followup:feedback_testimonial", args=[item.pk]))
    assert response.status_code == 302
    page = TestimonialPage.objects.get()
    assert (page.live, page.author_name, page.author_role, page.quote) == (
        False,
        "Léa Bernard",
        "volunteer",
        "Une équipe très accueillante.",
    )
    assert page.mission_id == completed.mission_id


def test_name_choice_and_consent_are_respected(client, admin_client, completed):
    client.post(link(completed), answers(completed, show_name=None))
    admin_client.post(reverse("wagtail_skilldonation_followup:feedback_testimonial", args=[Feedback.objects.get().pk]))
    assert TestimonialPage.objects.get().author_name == "A volunteer"
    TestimonialPage.objects.all().delete()
    client.post(link(completed, "beneficiary"), answers(completed, consent_publish=None))
    refused = Feedback.objects.get(role="beneficiary")
    assert refused.show_name is False
    admin_client.post(reverse("wagtail_skilldonation_followup:feedback_testimonial", args=[refused.pk]))
    assert not TestimonialPage.objects.exists()


def test_mission_editor_shows_feedback_ratings(client, admin_client, completed):
    client.post(link(completed), answers(completed, rating="4"))
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[completed.mission_id])).content.decode()
    assert "volunteers 4.0/5" in html


def test_free_texts_are_limited_and_cleaned(client, completed):
    too_long = client.post(link(completed), answers(completed, worked="x" * 3001))
    assert too_long.status_code == 200
    assert "at most 3000 characters" in too_long.content.decode()
    assert not Feedback.objects.exists()
    # A NUL is refused with Django's own message, and nothing is kept.
    with_nul = client.post(link(completed), answers(completed, improve="Rien\x00"))
    assert with_nul.status_code == 200
    assert "Null characters are not allowed." in with_nul.content.decode()
    assert not Feedback.objects.exists()
    # Other control characters are taken out of every free text, the rest kept as typed.
    client.post(link(completed), answers(completed, worked="Très\x1b[31m bien\x07", improve="Rien\x0b à\tdire"))
    kept = Feedback.objects.get()
    assert (kept.worked, kept.improve) == ("Très[31m bien", "Rien à\tdire")
