"""Cached parts of public pages (wagtail_skilldonation.cache): what an editor changes shows on the
next request; what changes without an editor (places, a deadline) and what belongs to
one visitor (tokens, a sent form's errors) is never served from another request."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import form_data
from wagtail_skilldonation import applications
from wagtail_skilldonation.models import Application, PortalSettings, Volunteer

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def warm(client, url):
    page(client, url)  # the first visit creates the portal settings (renews every part)
    page(client, url)


def test_a_second_visit_is_served_from_the_cache(client, open_mission, django_assert_num_queries):
    """The proof the parts are cached at all: the organisation, objectives, skills,
    menu, breadcrumbs and footer cost no query on the second visit."""
    warm(client, open_mission.url)
    # The page by its address in one query (portal.routing; 6 when Wagtail walks the
    # tree), the site, its view restrictions.
    with django_assert_num_queries(3):
        html = page(client, open_mission.url)
    assert "Les Jardins" in html
    assert "Graphisme" in html


def test_publishing_renews_the_page_the_menu_and_the_breadcrumbs(client, open_mission, mission_index):
    warm(client, open_mission.url)
    open_mission.title = "Campagne d'affiches"
    open_mission.save_revision().publish()
    mission_index.title = "Toutes les missions"
    mission_index.save_revision().publish()
    html = page(client, open_mission.url)
    assert "<h1>Campagne d&#x27;affiches</h1>" in html
    assert html.count("Toutes les missions") >= 2  # the menu and the breadcrumbs


def test_snippet_and_settings_edits_show_at_once(client, open_mission, organisation, skills):
    warm(client, open_mission.url)
    organisation.name = "Jardins partagés du 3e"
    organisation.save()
    skills["Graphisme"].names = {"en": "Graphic design"}
    skills["Graphisme"].name = "Graphisme (print)"
    skills["Graphisme"].save()
    portal = PortalSettings.objects.get()
    portal.association_name = "Savoir partagé"
    portal.save()
    html = page(client, open_mission.url)
    assert "Jardins partagés du 3e" in html
    assert "Graphic design" in html  # the test runs in English: the skill's English name
    assert "Savoir partagé" in html  # the footer


def test_places_and_the_deadline_change_what_is_shown_without_any_edit(client, open_mission):
    warm(client, open_mission.url)
    assert "2 places left." in page(client, open_mission.url)
    for name in ("lea", "noe"):
        volunteer = Volunteer.objects.create(first_name=name, last_name="B", email=f"{name}@example.org")
        application = Application.objects.create(mission=open_mission, volunteer=volunteer)
        applications.change_status(application, "accepted", notify=False)
    html = page(client, open_mission.url)
    assert "All places of this mission are taken for now" in html
    assert "Join the waiting list" in html
    assert "sd-status--full" in html
    # The deadline passes overnight: nobody saves anything.
    type(open_mission).objects.filter(pk=open_mission.pk).update(
        application_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = page(client, open_mission.url)
    assert "sd-status--closed" in html
    assert "The deadline to apply to this mission has passed." in html
    assert 'name="started"' not in html


def test_every_visitor_gets_their_own_token_and_clock(open_mission):
    first, second = Client(), Client()
    warm(first, open_mission.url)
    a, b = page(first, open_mission.url), page(second, open_mission.url)
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1) for html in (a, b)]
    clocks = [re.search(r'name="started" value="([^"]+)"', html).group(1) for html in (a, b)]
    assert tokens[0] != tokens[1]
    assert clocks[0] != clocks[1]


def test_a_sent_form_with_errors_is_never_served_to_someone_else(client, open_mission):
    warm(client, open_mission.url)
    response = client.post(
        open_mission.url, form_data(open_mission, email="pas-une-adresse", first_name="Zoé"), follow=True
    )
    assert response.status_code == 200
    sent = response.content.decode()
    assert 'id="sd-errors"' in sent
    assert 'value="Zoé"' in sent
    other = page(Client(), open_mission.url)
    assert 'id="sd-errors"' not in other
    assert "Zoé" not in other


def test_the_cache_can_be_turned_off(client, open_mission, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    settings.WAGTAIL_SKILLDONATION = {"PAGE_CACHE_SECONDS": 0}
    warm(client, open_mission.url)
    assert not [key for key in cache._cache if "template.cache.wagtail_skilldonation" in key]


def test_a_request_served_while_an_edit_commits_keeps_nothing_stale(
    client, open_mission, django_capture_on_commit_callbacks
):
    """The version changes again once the edit commits: what a request cached in
    between (from the content as it was) is never served afterwards."""
    from wagtail_skilldonation import cache as fragments

    warm(client, open_mission.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        open_mission.title = "Campagne renommée"
        open_mission.save_revision().publish()
        during = fragments.version()
    assert callbacks  # the second bump waits for the commit
    for callback in callbacks:
        callback()
    assert fragments.version() != during


@pytest.mark.parametrize("to_status", ["accepted", "withdrawn"])
def test_a_listing_served_while_a_place_changes_keeps_nothing_stale(
    client, open_mission, mission_index, accepted, to_status, django_capture_on_commit_callbacks
):
    """A place taken or freed changes the listings' version now and again once it
    commits: a listing rendered in between (places as they were) is never served after."""
    from wagtail_skilldonation import cache as fragments

    application = (
        accepted
        if to_status == "withdrawn"
        else Application.objects.create(
            mission=open_mission,
            volunteer=Volunteer.objects.create(first_name="N", last_name="P", email="np@example.org"),
        )
    )
    warm(client, mission_index.url)
    before = fragments.places_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        applications.change_status(application, to_status, notify=False)
        during = fragments.places_version()
    assert during != before  # now
    for callback in callbacks:
        callback()
    assert fragments.places_version() not in (before, during)  # and once committed


def test_the_mission_listing_follows_places_and_publishing(
    client, open_mission, mission_index, make_mission, django_assert_max_num_queries
):
    warm(client, mission_index.url)
    with django_assert_max_num_queries(7):  # Wagtail's routing: the listing is cached
        html = page(client, mission_index.url)
    assert "1 mission" in html
    assert "sd-status--open" in html
    # Places taken, with no edit of any page: the listing says full at once.
    for name in ("lea", "noe"):
        volunteer = Volunteer.objects.create(first_name=name, last_name="B", email=f"{name}@example.org")
        application = Application.objects.create(mission=open_mission, volunteer=volunteer)
        applications.change_status(application, "accepted", notify=False)
    assert "sd-status--full" in page(client, mission_index.url)
    # A place freed: open again.
    applications.change_status(application, "withdrawn", notify=False)
    assert "sd-status--open" in page(client, mission_index.url)
    # A mission published: listed at once.
    make_mission(title="Atelier vidéo")
    html = page(client, mission_index.url)
    assert "2 missions" in html
    assert "Atelier vidéo" in html


def test_an_editors_preview_never_fills_what_visitors_read(client, open_mission, mission_index):
    """A preview renders the draft (Wagtail's ``is_preview`` request) and keeps none of
    it: the next visitor reads the published page, from a part the preview left alone."""
    published_title = open_mission.title
    for url in (open_mission.url, mission_index.url):
        warm(client, url)
    draft = open_mission.get_latest_revision_as_object()
    draft.title, draft.intro = "Brouillon de l'équipe", "Un texte qui n'est pas encore publié."
    draft.save_revision()
    preview = draft.make_preview_request().render().content.decode()
    assert "Un texte qui n'est pas encore publié." in preview  # the preview shows the draft
    for url in (open_mission.url, mission_index.url):
        html = page(client, url)
        assert "pas encore publié" not in html, url
        assert "Brouillon" not in html, url
    assert published_title in page(client, open_mission.url)


def test_the_versions_last_until_an_edit_however_long_that_takes(db, time_machine):
    """The content and places versions never expire by themselves (an expired version
    would silently empty every page's cache); each changes when its edit happens."""
    from wagtail_skilldonation import cache as parts

    time_machine.move_to(timezone.now(), tick=False)
    content, places = parts.version(), parts.places_version()
    assert isinstance(content, str)
    assert len(content) == 32
    assert isinstance(places, str)
    assert len(places) == 32
    time_machine.shift(datetime.timedelta(days=30))
    assert (parts.version(), parts.places_version()) == (content, places)
    parts.places_changed()
    assert parts.places_version() != places
    assert parts.version() == content  # a place taken leaves the content as it is
    parts.bump()
    bumped = parts.version()
    assert bumped != content
    time_machine.shift(datetime.timedelta(days=30))
    assert parts.version() == bumped


def test_a_request_reads_the_version_once(rf, db):
    """A page served while an edit lands reads one version for all its parts."""
    from wagtail_skilldonation import cache as parts

    request = rf.get("/")
    first = parts.version(request)
    parts.bump()
    assert parts.version(request) == first
    assert parts.version(rf.get("/")) != first


def test_only_the_refresh_callbacks_are_told_apart():
    from functools import partial

    from wagtail_skilldonation import cache as parts

    assert parts.is_cache_refresh(parts._new_version)
    assert parts.is_cache_refresh(partial(parts._new_version, parts.PLACES_KEY))
    assert not parts.is_cache_refresh(print)
    assert not parts.is_cache_refresh(partial(print, parts.PLACES_KEY))


def test_two_processes_starting_together_agree_on_one_version(db, monkeypatch):
    """Another process stored the version between our read and our write: ours is
    dropped and theirs is used, so both serve the same cached parts."""
    from wagtail_skilldonation import cache as parts

    parts.cache.set(parts.VERSION_KEY, "theirs", timeout=None)
    real_get, reads = parts.cache.get, []

    def first_read_misses(key, default=None, **kwargs):
        reads.append(key)
        return None if len(reads) == 1 else real_get(key, default, **kwargs)

    monkeypatch.setattr(parts.cache, "get", first_read_misses)
    assert parts.version() == "theirs"
    assert reads == [parts.VERSION_KEY, parts.VERSION_KEY]


def test_a_part_is_kept_per_request_version_language_and_time(rf, db, settings, time_machine):
    """Within one request, a part stored before an edit landed is read back under the
    request's version; each language has its own; no part outlives
    ``PAGE_CACHE_SECONDS``."""
    from django.utils import translation

    from wagtail_skilldonation import cache as parts

    settings.WAGTAIL_SKILLDONATION = {"PAGE_CACHE_SECONDS": 60}
    time_machine.move_to(timezone.now(), tick=False)
    request = rf.get("/")
    with translation.override("en"):
        assert parts.cached("part", request, [1], lambda: "english") == "english"
        parts.bump()  # an edit commits while this request is being served
        assert parts.cached("part", request, [1], lambda: "rebuilt") == "english"
        assert parts.key("part", request, 1) == parts.key("part", request, 1)
        with translation.override("fr"):
            assert parts.cached("part", request, [1], lambda: "français") == "français"
        later = rf.get("/")
        assert parts.cached("part", later, [1], lambda: "new content") == "new content"
        time_machine.shift(datetime.timedelta(seconds=59))
        assert parts.cached("part", later, [1], lambda: "again") == "new content"
        time_machine.shift(datetime.timedelta(seconds=2))
        assert parts.cached("part", later, [1], lambda: "expired") == "expired"


def test_a_head_request_is_served_from_the_cache_too(client, open_mission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        client.get(open_mission.url)
    client.get(open_mission.url)  # the first visits fill the parts
    with CaptureQueriesContext(connection) as warm:
        client.get(open_mission.url)
    with CaptureQueriesContext(connection) as head:
        assert client.head(open_mission.url).status_code == 200
    assert len(warm.captured_queries) < len(cold.captured_queries)
    assert len(head.captured_queries) == len(warm.captured_queries)


def test_a_card_is_kept_with_its_listing_and_on_its_own_elsewhere(
    client, mission_index, make_mission, make_need, monkeypatch
):
    """Cards inside a listing being computed are kept with it, not each on its own: a
    cold listing asked the cache for each card and kept each (two round trips per card
    on a shared cache). On a need's page, which is not kept whole, each card is kept."""
    from tests.portal.test_search import shown
    from wagtail_skilldonation import cache as parts

    need = make_need(title="Plan")
    make_mission(title="Atelier vidéo", need=need)
    make_mission(title="Affiches")
    asked = []
    real = parts.cached

    def record(name, request, vary_on, compute):
        asked.append(name)
        return real(name, request, vary_on, compute)

    monkeypatch.setattr(parts, "cached", record)
    assert sorted(shown(client.get(mission_index.url))) == ["Affiches", "Atelier vidéo"]
    assert "mission-listing" in asked
    assert "mission-card" not in asked
    asked.clear()
    assert shown(client.get(need.url)) == ["Atelier vidéo"]
    assert asked.count("mission-card") == 1
