"""#34: once served, a portal page is found in one query instead of a walk down the
tree (``portal.routing.CachedRoutesMiddleware``), and every change of the tree is
walked again."""

import pytest
from django.core.cache import cache as shared_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from wagtail_skilldonation.portal import routing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def settled(client, home):
    """The site's first request writes its portal settings, which replaces the content
    version (as an editor's edit would): done before each test's own requests."""
    client.get(home.url)


def walked(client, url, **extra):
    """The answer, and whether Wagtail walked the tree for it (a child looked up by
    its slug at some level)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, any('"slug" = ' in query["sql"] for query in queries.captured_queries)


def test_a_served_page_is_found_again_without_walking_the_tree(client, open_mission):
    first, walked_first = walked(client, open_mission.url)
    again, walked_again = walked(client, open_mission.url)
    assert first.status_code == again.status_code == 200
    assert walked_first
    assert not walked_again
    assert again.context["page"].pk == open_mission.pk
    assert again.context["page"].places_left == 2
    # Another language, another address or another site is walked on its own.
    assert walked(client, open_mission.url, HTTP_HOST="localhost")[1]


def test_unpublishing_renaming_and_republishing_are_walked_again(client, open_mission):
    url = open_mission.url
    walked(client, url)
    open_mission.unpublish()
    response, walk = walked(client, url)
    assert response.status_code == 404
    assert walk
    open_mission.slug = "campagne-2027"
    open_mission.save_revision().publish()
    assert walked(client, url)[0].status_code == 404
    new_url = type(open_mission).objects.get(pk=open_mission.pk).url
    assert new_url != url
    walked(client, new_url)
    response, walk = walked(client, new_url)
    assert response.status_code == 200
    assert not walk


def test_a_restricted_page_still_asks_on_a_page_found_without_walking(client, open_mission):
    PageViewRestriction.objects.create(page=open_mission, restriction_type=PageViewRestriction.LOGIN)
    first, _ = walked(client, open_mission.url)
    again, walk = walked(client, open_mission.url)
    assert first.status_code == again.status_code == 302
    assert "/login/" in again["Location"]
    assert not walk  # found without walking, and still refused


def test_only_pages_served_are_kept(client, home, open_mission, rf):
    """Addresses that led nowhere are left to Wagtail (the example site's home is a
    portal page too)."""
    for url in (home.url, open_mission.url, open_mission.url + "nowhere/"):
        client.get(url)

    def kept(url):
        return shared_cache.get(routing._key(rf.get(url))) is not None

    assert kept(open_mission.url)
    assert kept(home.url)
    assert not kept(open_mission.url + "nowhere/")
