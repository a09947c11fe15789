from decimal import Decimal

from django.core.management import call_command

from wagtail_skilldonation.demo import counts
from wagtail_skilldonation.models import (
    MissionPage,
    PortalSettings,
    Skill,
    SkillCategory,
    Volunteer,
)

SEED_MISSIONS = {
    "Consultation en stratégie pour les ONG",
    "Formation en informatique pour les jeunes",
    "Création de campagnes de sensibilisation",
    "Mentorat pour les entrepreneurs sociaux",
}


def test_demo_is_idempotent_and_complete(db, client):
    call_command("skilldonation_demo", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("skilldonation_demo", stdout=open("/dev/null", "w"))
    assert counts() == first
    # Built through save() and the status changes: the matching's copy is in step.
    from wagtail_skilldonation.matching.copy import drift

    assert drift() == {"volunteers": 0, "skill_rows": 0, "rarity_counts": 0}
    assert first["needs"] >= 4
    assert first["volunteers"] >= 30
    assert first["testimonials"] >= 3
    assert SEED_MISSIONS <= set(MissionPage.objects.values_list("title", flat=True))
    for mission in MissionPage.objects.filter(title__in=SEED_MISSIONS):
        assert mission.objectives.count() >= 2
        assert mission.skills.count() >= 3
        assert client.get(mission.url).status_code == 200
    # Four service kinds, each with realistic skills.
    for category in [c for c in SkillCategory if c != SkillCategory.OTHER]:
        assert Skill.objects.filter(category=category).count() >= 4
    portal = PortalSettings.objects.get()
    assert (portal.association_name, portal.rna, portal.siret) == (
        "Savoir partagé",
        "W751271238",
        "92414635000013",
    )
    assert "59 Rue de Bretagne" in portal.address
    # Volunteers are varied: every format, several availabilities, all with skills.
    assert set(Volunteer.objects.values_list("format", flat=True)) == {"remote", "on_site", "both"}
    assert Volunteer.objects.values("availability_hours").distinct().count() >= 4
    assert not Volunteer.objects.filter(skill_items__isnull=True).exists()
    assert client.get("/missions/").status_code == 200
    # Applications in every status, with consistent capacity and a history.
    from wagtail_skilldonation.models import Application, ApplicationStatus, MissionCapacity

    assert set(Application.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    for capacity in MissionCapacity.objects.select_related("mission"):
        held = Application.objects.filter(mission=capacity.mission, status__in=["accepted", "completed"]).count()
        assert capacity.accepted == held <= capacity.mission.places_available
    assert not Application.objects.filter(events__isnull=True).exists()
    # Matching finds sensible candidates among the demo volunteers.
    from wagtail_skilldonation.matching import rank_volunteers

    for mission in MissionPage.objects.filter(title__in=SEED_MISSIONS):
        matches = rank_volunteers(mission, limit=5)
        assert len(matches) == 5
        assert all(m.matched_skills and 0 < m.score <= 1 for m in matches)
        assert matches[0].score >= matches[-1].score
    # Completed applications have their certificates, which verify and render.
    from wagtail_skilldonation.certificates import render_certificate_pdf
    from wagtail_skilldonation.models import Certificate

    completed = Application.objects.filter(status="completed")
    assert completed.count() >= 3
    assert Certificate.objects.filter(application__in=completed, revoked_at__isnull=True).count() == completed.count()
    certificate = Certificate.objects.first()
    assert "Valid certificate" in client.get(f"/portal/certificates/{certificate.code}/").content.decode()
    assert render_certificate_pdf(certificate).startswith(b"%PDF")
    # Accepted volunteers have declared hours; approved ones count on the application.
    from wagtail_skilldonation.models import HoursDeclaration

    assert set(HoursDeclaration.objects.values_list("status", flat=True)) == {"approved", "pending"}
    busy = Application.objects.filter(status="accepted").first()
    assert busy.approved_hours == Decimal("5.50")
    # Both sides gave feedback on completed missions.
    from wagtail_skilldonation.models import Feedback

    assert Feedback.objects.filter(role="volunteer").count() == completed.count()
    assert Feedback.objects.filter(role="beneficiary").count() == completed.count()
    # The impact report has something to say.
    from wagtail_skilldonation.reports import impact

    figures = impact()
    assert figures.missions_completed >= 1
    assert figures.volunteers_engaged >= 5
    assert figures.hours > 50
    assert figures.valuation > 1000
    assert 0 < figures.objectives_reached <= 1
    assert figures.rating_volunteers
    assert figures.rating_beneficiaries
    assert any(row["demand"] for row in figures.skills)
    # What lasted: the completed mission's organisation answered its 3-month follow-up,
    # and its public page shows (on by choice for this demo organisation).
    assert figures.lasting["answered"] == 1
    assert figures.lasting["in_use"] == 1
    from wagtail_skilldonation.models import Organisation

    jardins = Organisation.objects.get(name="Les Jardins du Faubourg")
    assert "Six jardins partagés" in client.get(f"/portal/organisations/{jardins.pk}/").content.decode()
    # A demo mission asks extra questions, and shows them on its form.
    mission = MissionPage.objects.get(slug="formation-informatique-jeunes")
    assert "Avez-vous déjà animé un atelier ?" in client.get(mission.url).content.decode()


def test_the_demo_has_its_legal_notice_and_privacy_page_linked_from_every_page(db, client):
    """Followed from a mission page's footer, as a visitor would."""
    from html.parser import HTMLParser

    call_command("skilldonation_demo", stdout=open("/dev/null", "w"))

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.footer, self.links = False, {}
            self._href = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.footer = self.footer or tag == "footer"
            if tag == "a" and self.footer:
                self._href = attrs.get("href")

        def handle_data(self, data):
            if self._href and data.strip():
                self.links[data.strip()] = self._href
                self._href = None

    mission = MissionPage.objects.live().filter(title__in=SEED_MISSIONS).first()
    page = Links()
    page.feed(client.get(mission.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "contact@savoir-partage.example" in page.links
    legal = client.get(page.links["Mentions légales"])
    privacy = client.get(page.links["Confidentialité"])
    assert legal.status_code == privacy.status_code == 200
    assert "RNA W751271238" in legal.content.decode()
    assert "télécharger vos données" in privacy.content.decode()
    assert "Trente-six mois" in privacy.content.decode()
    # The application form says where to read it.
    assert page.links["Confidentialité"] in client.get(mission.url).content.decode()
