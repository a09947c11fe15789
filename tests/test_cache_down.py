"""With the cache server stopped, the site serves (#31): a Redis blip answered 500 on
every page and made applying impossible. The cache points at a closed port here."""

import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import form_data
from wagtail_skilldonation.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.server]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "wagtail_skilldonation.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.WAGTAIL_SKILLDONATION = {**getattr(settings, "WAGTAIL_SKILLDONATION", {}), "MIN_FILL_SECONDS": 0}
    assert cache.add("probe", 1) is True  # down: answered "go on", not raised
    assert cache.get("probe") is None
    assert cache.get("probe", "fallback") == "fallback"  # a default given by position too


def test_every_public_page_answers_and_an_application_is_kept(client, cache_down, home, open_mission, mission_index):
    for url in (
        home.url,
        mission_index.url,
        open_mission.url,
        reverse("wagtail_skilldonation:certificate_lookup"),
        reverse("wagtail_skilldonation:space"),
    ):
        assert client.get(url).status_code == 200, url
    sent = client.post(open_mission.url, form_data(open_mission, email="pendant-la-panne@example.org"))
    assert sent.status_code == 302
    assert Application.objects.filter(volunteer__email="pendant-la-panne@example.org").exists()
    asked = client.post(reverse("wagtail_skilldonation:space"), {"email": "quelquun@example.org"})
    assert asked.status_code == 302  # the rate limit accepts while it cannot count


def test_a_programming_error_is_not_swallowed(settings, cache_down):
    with pytest.raises(TypeError):
        cache.set()  # not the server's fault: raised as ever
