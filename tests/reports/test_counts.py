"""#29: "1 missions ouvertes", "0 candidatures en attente", "4000 €": every count on the
admin home agrees with its noun, in French and English, at 0, 1 and 2, and numbers are
grouped as the language writes them."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtail.users.models import UserProfile

from tests.factories import ApplicationFactory
from wagtail_skilldonation.models import HoursDeclaration, PortalSettings, Volunteer

# A count of 0 or 1 before a plural noun: French keeps the singular for both, English for 1.
WRONG = {
    "fr": re.compile(r"(?<![\d,.\u202f\u00a0])[01]\s+(?:missions|candidatures|heures|attestations)\b"),
    "en": re.compile(r"(?<![\d,.])1\s+(?:missions|applications|hours|certificates)\b"),
}


class Text(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.parts = []
        self.feed(html)

    def handle_data(self, data):
        self.parts.append(data)

    def text(self):
        return re.sub(r"[ \t\r\n]+", " ", "".join(self.parts))  # no-break spaces kept


def summary_text(admin_client, superuser, language):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = language
    profile.save()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    section = html.split('aria-labelledby="sd-home-summary"', 1)[1].split("</section>", 1)[0]
    return Text(section).text()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("n", [0, 1, 2])
def test_the_home_counts_agree_with_their_nouns(admin_client, superuser, make_mission, language, n):
    for i in range(n):
        mission = make_mission(title=f"Mission {i}", places_available=3)
        volunteer = Volunteer.objects.create(first_name="V", last_name=str(i), email=f"v{i}@example.org")
        ApplicationFactory(mission=mission, volunteer=volunteer)
    text = summary_text(admin_client, superuser, language)
    assert not WRONG[language].search(text), text
    expected = {
        ("fr", 0): "0 mission ouverte",
        ("fr", 1): "1 mission ouverte",
        ("fr", 2): "2 missions ouvertes",
        ("en", 0): "0 open missions",
        ("en", 1): "1 open mission",
        ("en", 2): "2 open missions",
    }[language, n]
    assert expected in text, text
    waiting = {
        "fr": ["0 candidature", "1 candidature", "2 candidatures"],
        "en": ["0 applications", "1 application", "2 applications"],
    }
    assert waiting[language][n] in text, text


@pytest.mark.parametrize(
    ("language", "hours", "expected"),
    [
        ("fr", "1.5", "1,5 heure donnée"),
        ("fr", "2.5", "2,5 heures données"),
        ("en", "1.5", "1.5 hours given"),
        ("en", "1", "1 hour given"),
    ],
)
def test_hours_with_a_fraction_take_the_right_form(admin_client, superuser, make_mission, language, hours, expected):
    mission = make_mission(title="Site", places_available=3)
    volunteer = Volunteer.objects.create(first_name="V", last_name="H", email="vh@example.org")
    application = ApplicationFactory(mission=mission, volunteer=volunteer, status="accepted")
    HoursDeclaration.objects.create(
        application=application,
        date=timezone.localdate(application.created_at),
        hours=Decimal(hours),
        description="x",
        status=HoursDeclaration.Status.APPROVED,
    )
    assert expected in summary_text(admin_client, superuser, language)


def test_a_valuation_is_grouped_as_french_writes_it(admin_client, superuser, make_mission, skills):
    """80 approved hours of web development at 50 €/h: "4 000 €" (Django's French
    grouping, a no-break space before the sign), not "4000 €"."""
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.rate_technical = Decimal(50)
    portal.save()
    mission = make_mission(title="Site", skills=[skills["Développement web"]], places_available=3)
    volunteer = Volunteer.objects.create(first_name="V", last_name="E", email="ve@example.org")
    application = ApplicationFactory(mission=mission, volunteer=volunteer, status="accepted")
    for day in range(4):
        HoursDeclaration.objects.create(
            application=application,
            date=timezone.localdate(application.created_at),
            hours=Decimal(20),
            description=f"jour {day}",
            status=HoursDeclaration.Status.APPROVED,
        )
    text = summary_text(admin_client, superuser, "fr")
    assert re.search("4[\u202f\u00a0]000\u00a0€", text), text
    assert "4000" not in text


def page_text(admin_client, url, **headers):
    return Text(admin_client.get(url, **headers).content.decode()).text()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("n", [0, 1, 2])
def test_the_inbox_report_and_public_index_count_as_the_language_does(
    admin_client, superuser, make_mission, mission_index, language, n
):
    """The same rule on the other pages that count: the inbox, the impact report and
    the public mission index, with 0, 1 and 2 of each counted thing."""
    for i in range(n):
        mission = make_mission(title=f"Mission {i}", places_available=3)
        volunteer = Volunteer.objects.create(first_name="V", last_name=str(i), email=f"v{i}@example.org")
        ApplicationFactory(mission=mission, volunteer=volunteer, status="completed", hours=2)
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = language
    profile.save()
    texts = {
        "inbox": page_text(admin_client, reverse("wagtail_skilldonation_application_modeladmin_index")),
        "report": page_text(admin_client, reverse("wagtail_skilldonation_reports:impact")),
        "index": page_text(admin_client, mission_index.url + "?status=all", HTTP_ACCEPT_LANGUAGE=language),
    }
    for name, text in texts.items():
        assert not WRONG[language].search(text), (name, WRONG[language].search(text), text)
    listed = {"fr": ["0 mission", "1 mission", "2 missions"], "en": ["0 missions", "1 mission", "2 missions"]}
    assert listed[language][n] in texts["index"], texts["index"]
