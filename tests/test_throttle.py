"""Per-IP limits: counted per scope, forgotten once the window has passed, and right
when a count expires between being created and counted."""

import time

from django.core.cache import cache
from django.test import RequestFactory

from wagtail_skilldonation import throttle


def request(ip="192.0.2.1"):
    return RequestFactory().get("/", REMOTE_ADDR=ip)


def test_limit_per_ip_and_scope():
    assert [throttle.allow(request(), "apply", 2, 600) for _ in range(3)] == [True, True, False]
    assert throttle.allow(request("192.0.2.2"), "apply", 2, 600)  # another address
    assert throttle.allow(request(), "verify", 2, 600)  # another scope
    assert not any("192.0.2.1" in str(key) for key in cache._cache)


def test_the_window_passes(monkeypatch):
    now = time.time()
    assert [throttle.allow(request(), "apply", 1, 3600) for _ in range(2)] == [True, False]
    monkeypatch.setattr(time, "time", lambda: now + 1800)  # past the cache's default
    assert not throttle.allow(request(), "apply", 1, 3600)
    monkeypatch.setattr(time, "time", lambda: now + 3601)
    assert throttle.allow(request(), "apply", 1, 3600)
    assert not throttle.allow(request(), "apply", 1, 3600)


def test_a_count_that_expired_before_it_was_counted(monkeypatch):
    real_incr = cache.incr
    calls = []

    def expired_once(key, delta=1, version=None):
        calls.append(key)
        if len(calls) == 1:
            cache.delete(key)  # gone between add() and incr()
        return real_incr(key, delta, version=version)

    monkeypatch.setattr(cache, "incr", expired_once)
    assert throttle.allow(request(), "apply", 2, 3600)  # counted as the first hit
    assert throttle.allow(request(), "apply", 2, 3600)  # the second
    assert not throttle.allow(request(), "apply", 2, 3600)  # and the count went on
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 1800)  # past the cache's default
    assert not throttle.allow(request(), "apply", 2, 3600)  # still within the window
    monkeypatch.setattr(time, "time", lambda: now + 3601)
    assert throttle.allow(request(), "apply", 2, 3600)  # that count expires too
