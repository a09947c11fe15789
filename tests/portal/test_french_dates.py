"""#29: "le 1 décembre": French writes the first of the month "1er", on pages, in
e-mails' and forms' messages and on certificates alike (``models.languages.long_date``)."""

import datetime

import pytest
from django.utils import translation

from wagtail_skilldonation.models.languages import long_date

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
