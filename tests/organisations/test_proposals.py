"""An organisation proposes a need from the portal (#32): kept as typed, confirmed by
e-mail, nothing published; the team turns it into a draft need and an organisation,
or declines it with a reason the organisation reads."""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from wagtail_skilldonation.models import NeedPage, NeedProposal, Organisation, PortalSettings
from wagtail_skilldonation.organisations.forms import started_token

pytestmark = pytest.mark.django_db
PROPOSE = "wagtail_skilldonation:need_propose"


@pytest.fixture
def team_address(home):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.notification_email = "equipe@savoir-partage.example"
    portal.save()
    return portal.notification_email


def proposal_data(skills=None, **overrides):
    data = {
        "organisation_name": "Les Jardins partagés",
        "organisation_kind": "association",
        "siret": "924 146 350 00013",
        "rna": "",
        "address": "59 Rue de Bretagne",
        "postcode": "75003",
        "city": "Paris",
        "contact_name": "Amel Haddad",
        "contact_email": "amel@jardins.example",
        "contact_phone": "",
        "need": "Notre site ne se met plus à jour.\nNous voudrions le refaire.",
        "hoped_outcome": "Publier nos ateliers nous-mêmes.",
        "urgency": "weeks",
        "availability": "Le mardi soir",
        "consent": "on",
        "website": "",
        "started": started_token(at=time.time() - 60),
    }
    if skills:
        data["skills"] = [skill.pk for skill in skills]
    data.update(overrides)
    return data


def test_a_proposal_is_kept_confirmed_and_publishes_nothing(
    client, need_index, skills, team_address, django_capture_on_commit_callbacks
):
    form = client.get(reverse(PROPOSE))
    assert form.status_code == 200
    assert BeautifulSoup(form.content, "html.parser").find("input", {"name": "siret"}) is not None
    pages_before = NeedPage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(PROPOSE), proposal_data([skills["Graphisme"]]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtail_skilldonation:need_proposed")
    proposal = NeedProposal.objects.get()
    assert proposal.siret == "92414635000013"  # spaces ignored
    assert proposal.status == "new"
    assert not proposal.suspected_spam
    assert list(proposal.skills.all()) == [skills["Graphisme"]]
    assert proposal.consent_at is not None
    # Nothing published: no page, no organisation yet.
    assert NeedPage.objects.count() == pages_before
    assert not Organisation.objects.filter(siret="92414635000013").exists()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"amel@jardins.example", team_address}
    assert "Nous voudrions le refaire." in by_recipient["amel@jardins.example"].body
    assert reverse("wagtail_skilldonation_proposals:detail", args=[proposal.pk]) in by_recipient[team_address].body
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200


@pytest.mark.parametrize("wrong", [{"siret": "92414635000014"}, {"rna": "W75127123"}])
def test_a_wrong_siret_or_rna_is_said_the_text_kept_and_nothing_stored(client, need_index, wrong):
    response = client.post(reverse(PROPOSE), proposal_data(**wrong))
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find(attrs={"role": "alert"}) is not None
    (field,) = wrong
    assert page.find("input", {"name": field}).get("aria-invalid") == "true"
    assert page.find("textarea", {"name": "need"}).get_text().strip() == proposal_data()["need"]
    assert page.find("input", {"name": "contact_email"})["value"] == "amel@jardins.example"
    assert not NeedProposal.objects.exists()


def test_a_bot_is_kept_apart_and_answered_alike(client, need_index, team_address, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(PROPOSE), proposal_data(website="http://spam.example"))
    assert response["Location"] == reverse("wagtail_skilldonation:need_proposed")
    assert NeedProposal.objects.get().suspected_spam
    assert mail.outbox == []  # its address may not be the sender's


def test_a_form_sent_at_once_comes_back(client, need_index):
    response = client.post(reverse(PROPOSE), proposal_data(started=started_token()))
    assert response.status_code == 400
    assert not NeedProposal.objects.exists()


@pytest.fixture
def proposal(need_index, skills):
    proposal = NeedProposal.objects.create(
        organisation_name="Les Jardins partagés",
        siret="92414635000013",
        contact_name="Amel Haddad",
        contact_email="amel@jardins.example",
        need="Refonte du site\nNotre site ne se met plus à jour.",
        hoped_outcome="Publier nos ateliers.",
        urgency="urgent",
        consent_at=timezone.now(),
    )
    proposal.skills.add(skills["Graphisme"])
    return proposal


def test_accepting_drafts_the_need_and_creates_the_organisation(admin_client, proposal, need_index):
    response = admin_client.post(reverse("wagtail_skilldonation_proposals:accept", args=[proposal.pk]))
    proposal.refresh_from_db()
    page = proposal.need_page
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert proposal.status == "accepted"
    assert page.get_parent().specific == need_index
    assert not page.live  # a draft, for an editor to assess and publish
    assert page.priority == "high"
    assert "Notre site ne se met plus à jour." in page.context
    assert list(page.skills.all()) == list(proposal.skills.all())
    assert page.organisation == proposal.organisation
    assert (proposal.organisation.name, proposal.organisation.siret) == ("Les Jardins partagés", "92414635000013")
    # Answered once: a second accept changes nothing.
    again = admin_client.post(reverse("wagtail_skilldonation_proposals:accept", args=[proposal.pk]), follow=True)
    assert "already answered" in again.content.decode()
    assert NeedPage.objects.filter(organisation=proposal.organisation).count() == 1


def test_an_organisation_known_by_its_siren_is_linked_and_left_as_it_is(admin_client, proposal):
    known = Organisation.objects.create(name="Jardins (fiche existante)", siret="924146350", city="Lyon")
    response = admin_client.post(reverse("wagtail_skilldonation_proposals:accept", args=[proposal.pk]), follow=True)
    proposal.refresh_from_db()
    assert proposal.organisation == known
    known.refresh_from_db()
    assert (known.name, known.city) == ("Jardins (fiche existante)", "Lyon")
    assert "its record was not changed" in response.content.decode()
    assert Organisation.objects.count() == 1 + Organisation.objects.exclude(pk=known.pk).count()


def test_declining_needs_a_reason_and_the_organisation_reads_it(
    admin_client, proposal, django_capture_on_commit_callbacks
):
    url = reverse("wagtail_skilldonation_proposals:decline", args=[proposal.pk])
    admin_client.post(url, {"note": "  "})
    proposal.refresh_from_db()
    assert proposal.status == "new"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"note": "Nos bénévoles ne couvrent pas ce besoin pour l’instant."})
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    (message,) = mail.outbox
    assert message.to == ["amel@jardins.example"]
    assert "Nos bénévoles ne couvrent pas ce besoin pour l’instant." in message.body


def test_only_whoever_may_triage_sees_proposals(client, django_user_model, proposal):
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    index = reverse("wagtail_skilldonation_proposals:index")
    refused = client.get(index)
    assert refused.status_code == 302  # Wagtail sends whoever may not back to the dashboard
    assert refused["Location"] == reverse("wagtailadmin_home")
    assert index not in client.get(reverse("wagtailadmin_home")).content.decode()
    editor.user_permissions.add(Permission.objects.get(codename="triage_needproposal"))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    listing = client.get(index)
    assert listing.status_code == 200
    assert "Les Jardins partagés" in listing.content.decode()
