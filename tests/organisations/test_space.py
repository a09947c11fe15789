"""The organisation's space (#32): a contact signs in by the link e-mailed to the
address the association has for them, sees their missions and the volunteers who help
(first name and skills, nothing else), never another organisation's; gives feedback
per volunteer and objective; writes to the team; downloads the partnership summary;
erases their details."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from tests.factories import ApplicationFactory
from wagtail_skilldonation.models import (
    Feedback,
    MissionObjective,
    NeedProposal,
    Organisation,
    OrganisationAccess,
    OrganisationMessage,
    OutgoingMail,
    PortalSettings,
)
from wagtail_skilldonation.organisations.access import SESSIONS

pytestmark = pytest.mark.django_db
SPACE = "/portal/organisation/"


@pytest.fixture
def team(home):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.notification_email = "equipe@savoir-partage.example"
    portal.association_name = "Savoir partagé"
    portal.save()
    return portal


@pytest.fixture
def two(make_mission, skills, organisation, team):
    """Two organisations, each with a mission and a volunteer on it."""
    organisation.contact_name, organisation.contact_email = "Amel Haddad", "amel@jardins.example"
    organisation.save()
    other = Organisation.objects.create(name="La Recyclerie", contact_email="bruno@recyclerie.example")
    ours = make_mission(title="Refonte du site", skills=[skills["Graphisme"], skills["Développement web"]])
    ours.objectives = [
        MissionObjective(title="Un site que l’équipe met à jour"),
        MissionObjective(title="Former deux personnes"),
    ]
    ours.save_revision().publish()
    theirs = make_mission(title="Atelier vélo", organisation=other, skills=[skills["Mentorat"]])
    lea = ApplicationFactory(
        mission=ours,
        volunteer__first_name="Léa",
        volunteer__last_name="Bernard",
        volunteer__email="lea.bernard@example.org",
        volunteer__phone="06 12 34 56 78",
        volunteer__city="Montreuil",
        status="completed",
        hours=6,
    )
    lea.volunteer.skills.set([skills["Graphisme"], skills["Stratégie"]])
    noe = ApplicationFactory(
        mission=theirs, volunteer__first_name="Noé", volunteer__email="noe@example.org", status="completed", hours=2
    )
    return {"ours": ours, "theirs": theirs, "lea": lea, "noe": noe, "other": other, "organisation": organisation}


def html_link(message, path):
    """The link to ``path`` as a reader clicks it: the ``href`` of an ``<a>`` in the HTML part."""
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    hrefs = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)]
    found = [h for h in hrefs if path in h]
    assert found, hrefs
    return found[0].split("testserver", 1)[-1]


def sign_in(client, email, capture):
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(SPACE, {"email": email})
    assert response.status_code == 302
    link = html_link(mail.outbox[-1], "/portal/organisation/link/")
    opened = client.get(link, follow=True)  # the token leaves the address, then a button
    assert opened.status_code == 200
    response = client.post(opened.redirect_chain[-1][0])
    assert response.status_code == 302
    return response


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_contact_signs_in_and_sees_their_volunteers_first_names_never_another_organisations(
    client, two, django_capture_on_commit_callbacks
):
    sign_in(client, "AMEL@jardins.example ", django_capture_on_commit_callbacks)
    page = client.get(SPACE)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    text = text_of(page)
    assert "Refonte du site" in text
    assert "Léa" in text
    assert "Graphisme" in text  # a skill she brings that the mission asks
    assert "Stratégie" not in text  # hers, but not what this mission asks
    assert "Développement web" not in text  # what the mission asks, but not hers
    for private in ("Bernard", "lea.bernard@example.org", "06 12 34 56 78", "Montreuil"):
        assert private not in page.content.decode()
    assert "Noé" not in text
    assert "Atelier vélo" not in text
    # Another organisation's pages, by guessing ids: the portal's 404.
    other = two["other"]
    for url in (
        reverse("wagtail_skilldonation:organisation_partnership", args=[other.pk]),
        reverse("wagtail_skilldonation:organisation_partnership_pdf", args=[other.pk]),
        reverse("wagtail_skilldonation:organisation_feedback", args=[two["noe"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("wagtail_skilldonation:organisation_write", args=[other.pk]), {f"o{other.pk}-body": "x"}
        ).status_code
        == 404
    )


def test_unknown_address_same_answer_no_mail_nothing_kept(client, two, django_capture_on_commit_callbacks):
    known = client.post(SPACE, {"email": "amel@jardins.example"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(SPACE, {"email": "lea.bernard@example.org"})  # a volunteer, not a contact
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    row = OutgoingMail.objects.filter(kind="organisation_sign_in").order_by("-pk").first()
    assert row.status == OutgoingMail.Status.CANCELLED
    assert row.recipient == ""
    assert row.last_error == "unknown-organisation"
    assert not [m for m in mail.outbox if "lea.bernard@example.org" in m.to]
    assert not OrganisationAccess.objects.filter(email__iexact="lea.bernard@example.org").exists()


def test_the_link_works_once_and_a_new_contact_closes_the_space_to_the_former(
    client, two, django_capture_on_commit_callbacks
):
    sign_in(client, "amel@jardins.example", django_capture_on_commit_callbacks)
    access = OrganisationAccess.objects.get()
    assert access.used_at is not None
    assert not SESSIONS.use(access)  # a second click
    organisation = two["organisation"]
    organisation.contact_email = "nouveau@jardins.example"
    organisation.save()
    response = client.get(SPACE)
    assert "Léa" not in text_of(response)  # the sign-in form again
    assert BeautifulSoup(response.content, "html.parser").find("input", {"name": "email"}) is not None


def test_feedback_per_volunteer_and_objective(client, two, django_capture_on_commit_callbacks):
    sign_in(client, "amel@jardins.example", django_capture_on_commit_callbacks)
    lea = two["lea"]
    home = BeautifulSoup(client.get(SPACE).content, "html.parser")
    url = reverse("wagtail_skilldonation:organisation_feedback", args=[lea.pk])
    link = home.find("a", href=url)
    assert link is not None
    assert "Léa" in link.get_text()
    form = client.get(url)
    assert "Léa" in text_of(form)
    objectives = list(MissionObjective.objects.filter(mission_id=lea.mission_id))
    bad = client.post(url, {"rating": "9"})
    assert bad.status_code == 400
    assert not Feedback.objects.exists()
    response = client.post(
        url,
        {
            "rating": "5",
            f"objective_{objectives[0].pk}": "reached",
            f"objective_{objectives[1].pk}": "partly",
            "worked": "Léa nous a appris à publier nous-mêmes.",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(application=lea, role="beneficiary")
    assert [item["result"] for item in feedback.objectives.values()] == ["reached", "partly"]
    assert feedback.author_name == "Amel Haddad"
    # Done: no longer awaited.
    assert BeautifulSoup(client.get(SPACE).content, "html.parser").find("a", href=url) is None


def test_messages_each_way(client, admin_client, two, django_capture_on_commit_callbacks):
    organisation = two["organisation"]
    sign_in(client, "amel@jardins.example", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_skilldonation:organisation_write", args=[organisation.pk]),
            {f"o{organisation.pk}-body": "Pouvons-nous prolonger la mission ?"},
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["equipe@savoir-partage.example"]
    assert "Pouvons-nous prolonger" in mail.outbox[-1].body
    admin_link = html_link(mail.outbox[-1], "/admin/skilldonation/proposals/organisations/")
    assert admin_client.get(admin_link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(admin_link, {"body": "Oui, volontiers."})
    answer = mail.outbox[-1]
    assert answer.to == ["amel@jardins.example"]
    assert answer.reply_to == ["equipe@savoir-partage.example"]
    assert html_link(answer, SPACE)
    assert list(OrganisationMessage.objects.values_list("author", flat=True)) == ["organisation", "team"]
    assert "Oui, volontiers." in text_of(client.get(SPACE))


def test_partnership_summary_and_pdf(client, two, django_capture_on_commit_callbacks):
    sign_in(client, "amel@jardins.example", django_capture_on_commit_callbacks)
    organisation = two["organisation"]
    page = client.get(reverse("wagtail_skilldonation:organisation_partnership", args=[organisation.pk]))
    assert page.status_code == 200
    response = client.get(reverse("wagtail_skilldonation:organisation_partnership_pdf", args=[organisation.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Les Jardins" in text
    assert "Savoir partagé" in text
    assert re.search(r"Hours received\s*6\b", text), text  # Léa's six hours, not Noé's two
    assert "Atelier vélo" not in text


def test_erasing_the_contact(client, two, django_capture_on_commit_callbacks):
    organisation = two["organisation"]
    NeedProposal.objects.create(
        organisation_name="Les Jardins",
        contact_name="Amel Haddad",
        contact_email="amel@jardins.example",
        contact_phone="01 02 03 04 05",
        need="Un site",
        consent_at=organisation.pk and two["lea"].created_at,
    )
    OrganisationMessage.objects.create(organisation=organisation, author="organisation", body="Amel, Les Jardins")
    sign_in(client, "amel@jardins.example", django_capture_on_commit_callbacks)
    assert client.post(reverse("wagtail_skilldonation:organisation_erase"), {}).status_code == 200  # not ticked
    assert Organisation.objects.get(pk=organisation.pk).contact_email
    response = client.post(reverse("wagtail_skilldonation:organisation_erase"), {"confirm": "erase"})
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert (organisation.contact_name, organisation.contact_email) == ("", "")
    proposal = NeedProposal.objects.get()
    assert proposal.contact_name == ""
    assert proposal.contact_phone == ""
    assert "amel" not in proposal.contact_email
    assert OrganisationMessage.objects.get().body == ""
    assert not OrganisationAccess.objects.filter(email__iexact="amel@jardins.example").exists()
    assert not OutgoingMail.objects.filter(recipient__iexact="amel@jardins.example").exists()
    assert "Léa" not in text_of(client.get(SPACE))  # signed out
    # The team can no longer write to them: said, and nothing kept or sent.
    from django.core.exceptions import ValidationError

    from wagtail_skilldonation.organisations import conversation

    for about in ({"organisation": organisation}, {"proposal": proposal}):
        with pytest.raises(ValidationError):
            conversation.post("team", "Encore là ?", **about)
    assert OrganisationMessage.objects.count() == 1


def test_public_page_only_when_turned_on(client, two):
    organisation = two["organisation"]
    url = reverse("wagtail_skilldonation:organisation_page", args=[organisation.pk])
    assert client.get(url).status_code == 404
    organisation.public_page, organisation.description = True, "Des jardins ouverts à tous."
    organisation.save()
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(response)
    assert "Des jardins ouverts à tous." in text
    assert "amel@jardins.example" not in response.content.decode()
    assert "Amel" not in text
