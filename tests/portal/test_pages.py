import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate as today
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from example_site.home.models import HomePage
from tests.conftest import add_page
from wagtail_skilldonation.models import (
    MissionIndexPage,
    MissionObjective,
    MissionPage,
    MissionStatus,
    NeedIndexPage,
    NeedPage,
    TestimonialIndexPage,
    TestimonialPage,
    WorkFormat,
)


class PageTreeTests(WagtailPageTestCase):
    def test_indexes_only_hold_their_items(self):
        self.assertAllowedSubpageTypes(NeedIndexPage, {NeedPage})
        self.assertAllowedSubpageTypes(MissionIndexPage, {MissionPage})
        self.assertAllowedSubpageTypes(TestimonialIndexPage, {TestimonialPage})

    def test_items_live_only_under_their_index(self):
        self.assertAllowedParentPageTypes(NeedPage, {NeedIndexPage})
        self.assertAllowedParentPageTypes(MissionPage, {MissionIndexPage})
        self.assertAllowedParentPageTypes(TestimonialPage, {TestimonialIndexPage})

    def test_items_are_leaves(self):
        for model in (NeedPage, MissionPage, TestimonialPage):
            self.assertAllowedSubpageTypes(model, set())

    def test_indexes_can_be_created_under_the_home_page(self):
        for model in (NeedIndexPage, MissionIndexPage, TestimonialIndexPage):
            self.assertCanCreateAt(HomePage, model)
        self.assertCanNotCreateAt(HomePage, MissionPage)
        self.assertCanNotCreateAt(MissionIndexPage, NeedPage)

    def test_editor_can_create_a_mission_through_the_admin_form(self):
        home = Page.objects.get(depth=2)
        index = home.add_child(instance=MissionIndexPage(title="Missions", slug="missions"))
        self.login()
        data = {
            "title": "Nouvelle mission",
            "slug": "nouvelle-mission",
            "intro": "Résumé",
            "body": '{"blocks": [], "entityMap": {}}',
            "format": "remote",
            "place": "",
            "postcode": "",
            "estimated_hours": "12",
            "places_available": "2",
            "status": "open",
            "skills": "",
            "objectives-TOTAL_FORMS": "1",
            "objectives-INITIAL_FORMS": "0",
            "objectives-MIN_NUM_FORMS": "0",
            "objectives-MAX_NUM_FORMS": "1000",
            "objectives-0-title": "Objectif",
            "objectives-0-success_indicator": "Indicateur",
            "objectives-0-ORDER": "1",
            "objectives-0-id": "",
            "objectives-0-DELETE": "",
            "form_fields-TOTAL_FORMS": "1",
            "form_fields-INITIAL_FORMS": "0",
            "form_fields-MIN_NUM_FORMS": "0",
            "form_fields-MAX_NUM_FORMS": "1000",
            "form_fields-0-label": "Langues parlées",
            "form_fields-0-field_type": "singleline",
            "form_fields-0-required": "on",
            "form_fields-0-choices": "",
            "form_fields-0-default_value": "",
            "form_fields-0-help_text": "",
            "form_fields-0-ORDER": "1",
            "form_fields-0-id": "",
            "form_fields-0-DELETE": "",
        }
        self.assertCanCreate(index, MissionPage, data)
        mission = MissionPage.objects.get(slug="nouvelle-mission")
        assert [o.title for o in mission.objectives.all()] == ["Objectif"]
        assert [f.clean_name for f in mission.form_fields.all()] == ["langues_parlees"]


@pytest.fixture
def tree(home, need_index, mission_index, testimonial_index, make_need, make_mission, skills):
    need = make_need(skills=[skills["Graphisme"]], context="<p>Contexte du besoin</p>")
    mission = make_mission(
        title="Campagne",
        skills=[skills["Graphisme"], skills["Rédaction"]],
        need=need,
        # Built from today: the mission still takes applications whenever the suite runs.
        start_date=today() + datetime.timedelta(days=30),
        end_date=today() + datetime.timedelta(days=90),
        application_deadline=today() + datetime.timedelta(days=20),
        place="Paris",
    )
    mission.objectives = [MissionObjective(title="Lancer", success_indicator="3 canaux")]
    mission.save_revision().publish()
    testimonial = add_page(
        testimonial_index,
        TestimonialPage(
            title="Merci",
            slug="merci",
            quote="Une belle <b>expérience</b>",
            author_name="Élodie",
            mission=mission,
        ),
    )
    return {"need": need, "mission": mission, "testimonial": testimonial}


def test_every_page_type_renders(client, tree, need_index, mission_index, testimonial_index, home):
    expectations = {
        home: [],
        need_index: [tree["need"].title],
        tree["need"]: ["Contexte du besoin", "Campagne", "Graphisme"],
        mission_index: ["Campagne", "Graphisme"],
        tree["mission"]: ["Lancer", "3 canaux", "Rédaction", tree["need"].title, "Paris"],
        testimonial_index: ["Élodie"],
        tree["testimonial"]: ["Élodie", "Campagne"],
    }
    for page, texts in expectations.items():
        response = client.get(page.url)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert '<main id="main"' in html
        assert "wagtail_skilldonation/css/portal.css" in html
        for text in texts:
            assert text in html, (page, text)
    # Quotes are escaped, never rendered as HTML.
    html = client.get(tree["testimonial"].url).content.decode()
    assert "&lt;b&gt;expérience&lt;/b&gt;" in html


def test_base_template_is_a_setting(client, tree, settings):
    settings.WAGTAIL_SKILLDONATION = {"BASE_TEMPLATE": "tests/custom_base.html"}
    html = client.get(tree["mission"].url).content.decode()
    assert "<!-- custom site base -->" in html
    assert "Lancer" in html


def titles(response):
    return [m.title for m in response.context["missions"]]


@pytest.fixture
def varied_missions(make_mission, skills):
    return {
        "remote_graph": make_mission(title="A", format=WorkFormat.REMOTE, skills=[skills["Graphisme"]]),
        "onsite_web": make_mission(title="B", format=WorkFormat.ON_SITE, skills=[skills["Développement web"]]),
        "both_strat": make_mission(
            title="C",
            format=WorkFormat.BOTH,
            skills=[skills["Stratégie"], skills["Rédaction"]],
            status=MissionStatus.FULL,
        ),
        "closed_redac": make_mission(
            title="D",
            format=WorkFormat.REMOTE,
            skills=[skills["Rédaction"], skills["Graphisme"]],
            status=MissionStatus.CLOSED,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # By default, what takes applications (#17): the closed D only when asked for.
        ("", ["A", "B", "C"]),
        ("?status=all", ["A", "B", "C", "D"]),
        ("?skill=graphisme", ["A"]),
        ("?skill=graphisme&status=all", ["A", "D"]),
        ("?category=communication", ["A", "C"]),
        ("?category=technical", ["B"]),
        ("?format=remote", ["A", "C"]),
        ("?format=on_site", ["B", "C"]),
        ("?status=open", ["A", "B"]),
        ("?status=full", ["C"]),
        ("?skill=redaction&status=closed", ["D"]),
        ("?skill=graphisme&format=on_site", []),
        # Unknown values are ignored rather than failing.
        ("?skill=nope&format=remote", ["A", "C"]),
        ("?status=bogus&page=99", ["A", "B", "C"]),
    ],
)
def test_mission_filters(client, mission_index, varied_missions, query, expected):
    response = client.get(mission_index.url + query)
    assert response.status_code == 200
    assert sorted(titles(response)) == expected


def test_open_missions_listed_first(client, mission_index, varied_missions):
    response = client.get(mission_index.url + "?status=all")
    statuses = [m.status for m in response.context["missions"]]
    assert statuses == sorted(statuses, key=["open", "full", "closed", "completed"].index)


def test_unpublished_missions_not_listed(client, mission_index, make_mission):
    mission = make_mission(title="Hidden")
    mission.unpublish()
    assert "Hidden" not in titles(client.get(mission_index.url))


def test_pagination_keeps_filters(client, mission_index, make_mission, settings, skills):
    settings.WAGTAIL_SKILLDONATION = {"INDEX_PAGE_SIZE": 2}
    for _ in range(5):
        make_mission(format=WorkFormat.REMOTE, skills=[skills["Graphisme"]])
    response = client.get(mission_index.url + "?skill=graphisme")
    assert len(response.context["missions"]) == 2
    assert response.context["page_obj"].paginator.num_pages == 3
    html = response.content.decode()
    assert "?skill=graphisme&amp;page=2" in html
    page3 = client.get(mission_index.url + "?skill=graphisme&page=3")
    assert len(page3.context["missions"]) == 1


def _warm(client, url):
    """As on a running site: the site root paths cached, the portal settings created
    (the first visit does, which renews the cached parts), the parts cached."""
    client.get(url)
    client.get(url)


def _count_queries(client, url, django_assert_max_num_queries, budget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(budget):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["", "?skill=graphisme&format=remote"])
def test_mission_index_query_budget_is_constant(
    client, mission_index, make_mission, skills, settings, django_assert_max_num_queries, path
):
    settings.WAGTAIL_SKILLDONATION = {"INDEX_PAGE_SIZE": 100}
    budget = 11  # Wagtail's routing, our 4 listing queries and the filter's skill (menu, breadcrumbs, footer: cached)
    for _ in range(3):
        make_mission(format=WorkFormat.REMOTE, skills=[skills["Graphisme"], skills["Rédaction"]])
    url = mission_index.url + path
    _warm(client, url)
    few = _count_queries(client, url, django_assert_max_num_queries, budget)
    for _ in range(12):  # five times as many: a query per mission would show
        make_mission(format=WorkFormat.REMOTE, skills=[skills["Graphisme"], skills["Stratégie"]])
    response = client.get(url)
    assert len(response.context["missions"]) == 15
    many = _count_queries(client, url, django_assert_max_num_queries, budget)
    assert few == many
    print(f"mission index {path!r}: {many} queries for 3 and for 15 missions")


def test_need_index_query_budget_is_constant(client, need_index, make_need, skills, django_assert_max_num_queries):
    make_need(skills=[skills["Graphisme"]])
    _warm(client, need_index.url)
    few = _count_queries(client, need_index.url, django_assert_max_num_queries, 11)
    for _ in range(10):
        make_need(skills=[skills["Graphisme"], skills["Rédaction"]])
    _warm(client, need_index.url)
    assert few == _count_queries(client, need_index.url, django_assert_max_num_queries, 11)


def test_pages_are_searchable(tree):
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().search("Campagne", MissionPage)
    assert tree["mission"] in list(results)


@pytest.mark.parametrize(("cache_seconds", "budget"), [(3600, 3), (0, 14)])
def test_mission_page_query_budget(
    client, open_mission, skills, settings, django_assert_max_num_queries, cache_seconds, budget
):
    """3 queries with the page's parts cached (wagtail_skilldonation.cache): the page
    found by its address in one query with its places (portal.routing; Wagtail's walk
    down the tree took 5: the site's root, the index and its specific page, then the
    mission with its places), the site, the view restrictions in one (Wagtail reads
    the ancestors, then their restrictions). 14 with the cache off (25 before the
    portal settings, site and skills were read once per request). The same with one
    objective and skill or with ten of each."""
    from wagtail_skilldonation.models import MissionObjective

    settings.WAGTAIL_SKILLDONATION = {"PAGE_CACHE_SECONDS": cache_seconds}
    _warm(client, open_mission.url)
    few = _count_queries(client, open_mission.url, django_assert_max_num_queries, budget)
    assert few == budget
    open_mission.objectives = [MissionObjective(title=f"Objectif {i}", success_indicator="Fait") for i in range(10)]
    for skill in skills.values():
        open_mission.skills.add(skill)
    open_mission.save_revision().publish()
    response = client.get(open_mission.url)
    assert response.content.decode().count("Objectif ") == 10  # the publish renewed the cached parts
    assert _count_queries(client, open_mission.url, django_assert_max_num_queries, budget) == few


def test_the_listing_reads_its_cards_skills_in_one_query_and_builds_no_query_set_per_card(
    mission_index, make_mission, skills, monkeypatch
):
    """Django's prefetch through taggit's manager builds a tag query set for each
    mission, which cost a cold listing more than its queries (#34)."""
    from taggit.managers import _TaggableManager

    built = []
    original = _TaggableManager.get_queryset
    monkeypatch.setattr(_TaggableManager, "get_queryset", lambda self, *a: built.append(1) or original(self, *a))
    for i in range(6):
        make_mission(title=f"M{i}", skills=[skills["Graphisme"], skills["Rédaction"]][: 1 + i % 2])
    request = RequestFactory().get(mission_index.url)
    built.clear()
    with CaptureQueriesContext(connection) as queries:
        missions = list(mission_index.get_listing(request))
        shown = {m.title: sorted(s.name for s in m.skill_list) for m in missions}
    assert shown == {f"M{i}": ["Graphisme", "Rédaction"][: 1 + i % 2] for i in range(6)}
    assert len(queries) == 2  # the missions, then all their skills
    assert len(built) <= 1  # one for the lot, none per mission


def test_a_need_page_shows_its_missions_in_constant_queries(
    client, make_need, make_mission, skills, settings, django_assert_max_num_queries
):
    """Each mission card reads its status (its places) and its skills: read for all the
    cards at once, not once per card, with nothing cached (a small site's usual visit)."""
    settings.WAGTAIL_SKILLDONATION = {"PAGE_CACHE_SECONDS": 0}
    need = make_need()
    make_mission(need=need, title="Première", skills=[skills["Graphisme"]])
    _warm(client, need.url)
    few = _count_queries(client, need.url, django_assert_max_num_queries, 30)
    for i in range(5):
        make_mission(need=need, title=f"Suivante {i}", skills=[skills["Graphisme"], skills["Rédaction"]])
    response = client.get(need.url)
    assert len(response.context["missions"]) == 6
    assert response.content.decode().count('class="sd-skill ') == 1 + 5 * 2
    assert few == _count_queries(client, need.url, django_assert_max_num_queries, 30)
