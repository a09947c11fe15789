"""Searching missions by words and place, sorted, every filter kept in the URL (#17)."""

import datetime

import pytest
from django.utils import timezone

from wagtail_skilldonation.models import MissionObjective


def titles(response):
    return [m.title for m in response.context["missions"]]


@pytest.fixture
def places(make_mission, skills):
    lyon = make_mission(
        title="Plan stratégique",
        place="Lyon",
        postcode="69007",
        format="on_site",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    lyon.objectives = [MissionObjective(title="Cartographier les bénévoles", success_indicator="Une carte partagée")]
    lyon.save_revision().publish()
    corsica = make_mission(
        title="Site vitrine",
        place="Ajaccio",
        postcode="20000",
        format="on_site",
        start_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    remote = make_mission(
        title="Campagne",
        format="remote",
        skills=[skills["Graphisme"]],
        start_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    return lyon, corsica, remote


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=cartographier", ["Plan stratégique"]),  # a word found only in an objective
        ("?q=graphisme", ["Campagne"]),  # a skill
        ("?q=vitrine+site", ["Site vitrine"]),
        ("?place=69", ["Plan stratégique"]),  # a département
        ("?place=69007", ["Plan stratégique"]),
        ("?place=lyon", ["Plan stratégique"]),
        ("?place=remote", ["Campagne"]),
        ("?place=%C3%A0+distance", ["Campagne"]),
        ("?q=cartographier&place=20000", []),
    ],
)
def test_search_by_words_and_place(client, mission_index, places, query, expected):
    response = client.get(mission_index.url + query)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)


def test_sort_orders_and_filters_stay_in_pagination(client, mission_index, places, settings):
    by_start = client.get(mission_index.url + "?sort=start")
    assert titles(by_start) == ["Site vitrine", "Campagne", "Plan stratégique"]
    newest = client.get(mission_index.url + "?sort=newest")
    assert titles(newest) == ["Campagne", "Site vitrine", "Plan stratégique"]
    settings.WAGTAIL_SKILLDONATION = {"INDEX_PAGE_SIZE": 1}
    response = client.get(mission_index.url + "?sort=start&format=on_site")
    html = response.content.decode()
    assert titles(response) == ["Site vitrine"]
    assert "2 missions" in html
    next_link = html.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "sort=start" in next_link
    assert "format=on_site" in next_link
    assert "page=2" in next_link
    assert titles(client.get(mission_index.url + "?sort=start&format=on_site&page=2")) == ["Plan stratégique"]


def test_search_results_follow_each_publication(client, mission_index, places):
    lyon = places[0]
    url = mission_index.url + "?q=tableur"
    assert titles(client.get(url)) == []  # now cached under this publication
    lyon.objectives = [MissionObjective(title="Former au tableur", success_indicator="Dix personnes formées")]
    lyon.save_revision().publish()
    assert titles(client.get(url)) == ["Plan stratégique"]  # a publish makes a new key
    lyon.unpublish()
    assert titles(client.get(url)) == []  # the listing's own query drops it


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=formations", ["Formation au numérique"]),  # a plural finds the singular
        ("?q=atelier", ["Formation au numérique"]),  # and the other way round (an objective's)
        ("?q=numerique", ["Formation au numérique"]),  # without its accent
        ("?q=NUMÉRIQUES", ["Formation au numérique"]),
        ("?q=69001", ["Plan stratégique"]),  # a postcode finds its département
        ("?place=69001", ["Plan stratégique"]),
        ("?q=saint+denis", ["Formation au numérique"]),  # spaces for hyphens
        ("?place=Saint+Denis", ["Formation au numérique"]),
        ("?q=saint-denis+formation", ["Formation au numérique"]),
        ("?q=formations+ajaccio", []),  # every word still counts
        ("?q=---", []),  # nothing to search by: nothing found, no error
    ],
)
def test_words_read_alike_on_every_database(client, mission_index, places, make_mission, query, expected):
    training = make_mission(title="Formation au numérique", place="Saint-Denis", postcode="93200")
    training.objectives = [MissionObjective(title="Animer des ateliers", success_indicator="Dix séances")]
    training.save_revision().publish()
    response = client.get(mission_index.url + query)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)
