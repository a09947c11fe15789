"""#29: "le 1 décembre": French writes the first of the month "1er", on pages, in
e-mails' and forms' messages and on certificates alike (``models.languages.long_date``)."""

import datetime

import pytest
from django.utils import translation

from wagtail_skilldonation.models.languages import contract, long_date

FIRST = datetime.date(2027, 12, 1)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", FIRST, "1er décembre 2027"),
        ("fr", datetime.date(2027, 12, 2), "2 décembre 2027"),
        ("fr", datetime.date(2027, 12, 11), "11 décembre 2027"),
        ("fr", datetime.date(2027, 12, 21), "21 décembre 2027"),
        ("en", FIRST, "Dec. 1, 2027"),
    ],
)
def test_long_dates(language, value, expected):
    with translation.override(language):
        assert long_date(value) == expected


def test_a_date_and_time_on_the_first(settings):
    with translation.override("fr"):
        assert long_date(datetime.datetime(2027, 12, 1, 9, 30), "DATETIME_FORMAT").startswith("1er décembre 2027")


def test_the_mission_page_says_1er(client, make_mission):
    mission = make_mission(title="Affiches", start_date=FIRST, end_date=datetime.date(2028, 1, 1))
    html = client.get(mission.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1er décembre 2027" in html
    assert "1er janvier 2028" in html
    assert "1 décembre" not in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Candidature de Élodie", "Candidature d'Élodie"),
        ("Candidature de Anne", "Candidature d'Anne"),
        ("au profit de Les Jardins", "au profit des Jardins"),
        ("habite loin de Le Havre", "habite loin du Havre"),
        ("Missions de Savoir partagé", "Missions de Savoir partagé"),
        ("au profit de La Cloche", "au profit de La Cloche"),
        ("Nouvelle candidature de Hugo Thomas : Lesbos", "Nouvelle candidature de Hugo Thomas : Lesbos"),
        ("code Élodie", "code Élodie"),
    ],
)
def test_french_elides_and_contracts_de_before_a_name(text, expected):
    """#29: "candidature de Élodie", "au profit de Les Jardins"."""
    with translation.override("fr"):
        assert contract(text) == expected
    with translation.override("en"):
        assert contract(text) == text  # other languages keep their own rules


def test_the_inbox_names_an_applicant_in_french(admin_client, superuser, make_mission, organisation):
    from django.urls import reverse
    from wagtail.users.models import UserProfile

    from tests.factories import ApplicationFactory
    from wagtail_skilldonation.models import Volunteer

    organisation.name = "Les Jardins"
    organisation.save()
    mission = make_mission(title="Affiches", organisation=organisation)
    volunteer = Volunteer.objects.create(first_name="Élodie", last_name="Martin", email="elodie@example.org")
    application = ApplicationFactory(mission=mission, volunteer=volunteer)
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "fr"
    profile.save()
    inspect = reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application.pk])
    html = admin_client.get(inspect).content.decode()
    assert "Candidature d&#x27;Élodie Martin" in html or "Candidature d'Élodie Martin" in html
    assert "de Élodie" not in html
