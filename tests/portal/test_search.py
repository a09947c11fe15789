"""Searching missions by words and place, sorted, every filter kept in the URL (#17)."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.html import parse_html
from django.utils import timezone

from wagtail_skilldonation.models import MissionObjective, MissionPage
from wagtail_skilldonation.portal.filters import search_ids


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


@pytest.mark.parametrize(
    ("query", "active"),
    [
        ("?q=web&skill=graphisme", 2),
        ("?q=web&skill=deleted-since", 1),  # an old link's skill: ignored, so not counted
        ("?q=+++&format=remote&sort=start", 1),  # words of spaces filter nothing; an order is no filter
        ("?status=nonsense", 0),
    ],
)
def test_the_folded_filters_count_those_that_apply(client, mission_index, places, query, active):
    """The filters' summary (what a phone shows of them folded) counts the filters the
    listing applies, not the parameters of the address."""
    html = client.get(mission_index.url + query).content.decode()
    summary = parse_html(html[html.index("<summary") : html.index("</summary>") + len("</summary>")])
    expected = "Search and filters" + (f" · {active} active" if active else "")
    assert " ".join(summary.children[0].split()) == expected


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
    assert shown(client.get(url)) == []  # now cached under this publication
    lyon.objectives = [MissionObjective(title="Former au tableur", success_indicator="Dix personnes formées")]
    lyon.save_revision().publish()
    assert shown(client.get(url)) == ["Plan stratégique"]  # a publish makes a new key
    lyon.unpublish()
    assert shown(client.get(url)) == []  # the listing's own query drops it


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


def vm_steps(fn):
    """How many steps SQLite's virtual machine takes for ``fn`` (in hundreds): the
    same on every run and machine, unlike a time."""
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 1)
    try:
        fn()
    finally:
        connection.connection.set_progress_handler(None, 1)
    return steps


def test_the_daily_upkeep_lets_sqlite_search_the_full_text_table_first(make_mission):
    """Without statistics SQLite reads every index entry of the page type and searches
    the full-text table once for each (70 ms for 1,000 missions, 1 ms with them):
    ``skilldonation_alerts`` runs ``ANALYZE`` daily (PostgreSQL: the next test)
    (#34)."""
    for i in range(4):
        make_mission(title=f"Mission {i} {'podcast' if i % 2 == 0 else 'affiches'}")
    podcasts = sorted(MissionPage.objects.filter(title__contains="podcast").values_list("pk", flat=True))

    def search():
        cache.clear()
        assert sorted(search_ids(MissionPage, "podcast")) == podcasts

    if connection.vendor != "sqlite":
        call_command("skilldonation_alerts", stdout=io.StringIO())
        search()
        return
    # A site's index at scale: 1,000 more entries of missions (their pages long gone).
    kind = ContentType.objects.get_for_model(MissionPage).pk
    with connection.cursor() as cursor:
        for i in range(1000):  # Wagtail's triggers copy each entry to the full-text table
            words = "podcast" if i % 5 == 0 else "affiches"
            cursor.execute(
                "INSERT INTO wagtailsearch_indexentry (object_id, title_norm, content_type_id, title, body)"
                " VALUES (%s, 1, %s, %s, %s)",
                [str(900_000 + i), kind, f"Mission {words}", words],
            )
    before = vm_steps(search)
    call_command("skilldonation_alerts", stdout=io.StringIO())
    after = vm_steps(search)
    assert after * 4 < before, (before, after)


def test_the_daily_upkeep_gives_the_planner_the_listing_s_row_counts(make_mission):
    """The listing's tables analysed by ``skilldonation_alerts`` on both databases. On a
    PostgreSQL without autovacuum (or before it reached a new table) the planner took
    the missions for one row and counted the index's 1,000 missions by joining every
    page to every mission: a cold index in 300 ms instead of 30."""
    for i in range(5):
        make_mission(title=f"Mission {i}")
    table = MissionPage._meta.db_table

    def planned_rows():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
                return int(cursor.fetchone()[0].split()[0])
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            return int(cursor.fetchone()[0])

    call_command("skilldonation_alerts", stdout=io.StringIO())
    assert planned_rows() == MissionPage.objects.count() == 5


def test_a_search_reads_ids_only_in_one_query(places, django_assert_num_queries):
    """A search not yet cached costs one query and builds no page: the database
    backends' query set gives the ids (a one-word search of 1,000 missions built 200
    pages, 5 ms), and the key is the content version, not a query for the latest
    publication."""
    from django.db.models.signals import post_init

    built = []

    def count(sender, **kwargs):
        built.append(sender)

    cache.clear()
    post_init.connect(count)
    try:
        with django_assert_num_queries(1) as captured:
            ids = search_ids(MissionPage, "cartographier")
    finally:
        post_init.disconnect(count)
    assert ids == [places[0].pk]
    # Unordered: the listing orders the missions (the tree's order cost a join and a sort).
    assert "ORDER BY" not in captured.captured_queries[0]["sql"].upper()
    assert built == []
    with django_assert_num_queries(0):
        assert search_ids(MissionPage, "cartographier") == ids  # kept


@pytest.mark.server  # the database queue: the production profile's extra
def test_with_a_worker_a_published_mission_is_found_once_indexed(client, mission_index, places, settings):
    """With a task worker the index takes a publish in after its commit, which already
    gave the cached parts a new content version: a search made in between must not stay
    kept (it did, up to an hour), so the indexing task gives searches a new key."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lyon = places[0]
    url = mission_index.url + "?q=tableur"
    assert shown(client.get(url)) == []
    lyon.objectives = [MissionObjective(title="Former au tableur", success_indicator="Dix personnes formées")]
    lyon.save_revision().publish()
    assert shown(client.get(url)) == []  # not indexed yet: the worker has not run
    queued = DBTaskResult.objects.filter(task_path__endswith="search.reindex_page").get()
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])  # what the worker does
    assert shown(client.get(url)) == ["Plan stratégique"]


def shown(response):
    """The cards' titles in the page as served (the context's listing is computed
    afresh when a test reads it; the page may come from the cache)."""
    from html.parser import HTMLParser

    class Cards(HTMLParser):
        def __init__(self):
            super().__init__()
            self.titles, self._depth = [], 0

        def handle_starttag(self, tag, attrs):
            if "sd-card__title" in (dict(attrs).get("class") or ""):
                self._depth = 1
                self.titles.append("")

        def handle_endtag(self, tag):
            if self._depth and tag.startswith("h"):
                self._depth = 0

        def handle_data(self, data):
            if self._depth:
                self.titles[-1] += data

    parser = Cards()
    parser.feed(response.content.decode())
    return [title.strip() for title in parser.titles]


def test_a_search_gives_the_listing_its_ids_as_one_parameter(client, mission_index, make_mission):
    """A word found in many missions: the listing's count and page take the ids as one
    value (a JSON list on SQLite, an array on PostgreSQL), not as one parameter each
    (200 of them, prepared once for the count and again for the page, were about 1 ms
    of a cold search; SQLite also caps how many a query may have)."""
    for i in range(30):
        make_mission(title=f"Atelier podcast {i}")
    make_mission(title="Affiches")
    cache.clear()
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(f"{mission_index.url}?q=podcast")
    assert len(shown(response)) == 12  # the first page
    assert "30 missions" in response.content.decode()
    listing = [params for sql, params in sent if "missionpage" in sql and "COUNT(*)" in sql]
    assert listing, "the listing counts its missions"
    assert all(len(params or ()) < 30 for _sql, params in sent)
