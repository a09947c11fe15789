"""Parts of public pages kept in Django's cache between requests (plumbing: the page
models, the template tags and the portal all read it; ``portal.signal_handlers`` says
which edits replace the versions).

What a visitor reads of a page's content (its text, objectives and skills, the menu,
breadcrumbs and footer, the form's questions) changes only when an editor publishes,
moves or deletes a page, or edits a skill, an organisation or the portal settings.
All cached parts carry one *content version*, stored in the cache; any of those edits
replaces it (``bump``), so every part is rebuilt on its next request, in every process
that shares the cache. What changes without an editor — places left, the status a
deadline closes, the visitor's CSRF token and form clock, a bound form's errors — is
either outside the parts or part of their key.

Listings of missions also show places and statuses: they are kept under a second
version that every place taken or freed replaces (``places_changed``), and the day
(a deadline passing closes a mission).

``PAGE_CACHE_SECONDS`` (0 turns it off) bounds how long a part lives anyway.
"""

import logging
import time
import uuid
from functools import partial

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.utils.translation import get_language
from wagtail.models import Page

from .conf import get_setting

VERSION_KEY = "wagtail_skilldonation:content-version"
PLACES_KEY = "wagtail_skilldonation:places-version"
SEARCH_KEY = "wagtail_skilldonation:search-version"
_REQUEST_ATTR = "_skilldonation_content_version"


def version(request=None):
    """The current content version, read once per request."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    value = cache.get(VERSION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, value, timeout=None):
            value = cache.get(VERSION_KEY, value)
    if request is not None:
        setattr(request, _REQUEST_ATTR, value)
    return value


def _new_version(key=VERSION_KEY):
    cache.set(key, uuid.uuid4().hex, timeout=None)


def is_cache_refresh(callback):
    """True for what this module leaves for the commit (tests tell it from e-mails and
    tasks)."""
    return callback is _new_version or getattr(callback, "func", None) is _new_version


def places_version():
    """Changes whenever a place is taken or freed on any mission: listings that show
    places and statuses (full, open) are kept under it."""
    return cache.get_or_set(PLACES_KEY, uuid.uuid4().hex, timeout=None)


def search_version():
    """Changes whenever the search index has taken in a publish (``portal.search``):
    searches and searched listings are kept under it as well, since with a task worker
    the index takes it in after the publish's commit made the new content version."""
    return cache.get_or_set(SEARCH_KEY, uuid.uuid4().hex, timeout=None)


def search_index_changed():
    _new_version(SEARCH_KEY)


def places_changed(**_):
    """A place was taken or freed (a receiver of ``models.signals.places_changed``):
    now and on commit."""
    _new_version(PLACES_KEY)
    transaction.on_commit(partial(_new_version, PLACES_KEY))


def bump(**_):
    """Forget every cached part (a signal receiver: any sender, any arguments): now,
    and again once the edit commits — a request served in between, which still read
    the content as it was, must not keep it under the new version."""
    _new_version()
    transaction.on_commit(_new_version)


def cacheable(request):
    """Parts are shared between visitors: only for a plain GET of the live site."""
    return (
        bool(get_setting("PAGE_CACHE_SECONDS"))
        and request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
    )


def key(name, request, *vary_on):
    return make_template_fragment_key(
        f"wagtail_skilldonation.{name}", [version(request), get_language() or "", *vary_on]
    )


def cached(name, request, vary_on, compute):
    """``compute()``, kept under ``name`` and ``vary_on`` for this content version."""
    if not cacheable(request):
        return compute()
    cache_key = key(name, request, *vary_on)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, get_setting("PAGE_CACHE_SECONDS"))
    return value


def page_changed(sender, instance, **kwargs):
    """Any page type (a menu title, a breadcrumb, a mission saved without a revision):
    pages are the content. Connected to every model's saves (``portal.signal_handlers``)."""
    if isinstance(instance, Page):
        bump()


class _Forgiving:
    """Cache operations that log and carry on when the cache server is down: each
    answers what lets the request go on (nothing cached, every rate limit and form
    nonce accepted), so pages are computed afresh and nobody is turned away — the
    README's choice: accept and log, never lose a person. Logged at most once a minute
    per process."""

    # What each operation answers while the server is away.
    ANSWERS = {
        "get": lambda key, default=None, *a, **k: default,
        "get_many": lambda *a, **k: {},
        "has_key": lambda *a, **k: False,
        "set": lambda *a, **k: None,
        "set_many": lambda *a, **k: [],
        "add": lambda *a, **k: True,
        "touch": lambda *a, **k: False,
        "delete": lambda *a, **k: False,
        "delete_many": lambda *a, **k: None,
        "incr": lambda key, delta=1, *a, **k: delta,
        "decr": lambda key, delta=1, *a, **k: -delta,
        "get_or_set": lambda key, default, *a, **k: default() if callable(default) else default,
        "clear": lambda *a, **k: False,
    }
    last_logged = 0.0


def _forgiving(name, answer):
    """``name`` of the cache in the next class of the MRO, answering ``answer``'s value
    when the server cannot be reached (made once, at import: nothing per call)."""

    def method(self, *args, **kwargs):
        try:
            return getattr(super(_Forgiving, self), name)(*args, **kwargs)
        except Exception as error:
            if not _is_unreachable(error):
                raise
            _log_unreachable(type(self), name, error)
            return answer(*args, **kwargs)

    method.__name__ = name
    return method


for _name, _answer in _Forgiving.ANSWERS.items():
    setattr(_Forgiving, _name, _forgiving(_name, _answer))


def _is_unreachable(error):
    """The cache server cannot be reached: the socket's own ``OSError``, or redis-py's
    connection and timeout errors (known by name: redis is the site's dependency)."""
    unreachable = {"redis.exceptions.ConnectionError", "redis.exceptions.TimeoutError"}
    kinds = {f"{kind.__module__}.{kind.__name__}" for kind in type(error).__mro__}
    return isinstance(error, OSError) or bool(kinds & unreachable)


def _log_unreachable(cls, operation, error):
    now = time.monotonic()
    if now - cls.last_logged >= 60:
        cls.last_logged = now
        logging.getLogger(__name__).warning(
            "The cache server cannot be reached (%s: %s): serving without it", operation, error
        )


class ForgivingRedisCache(_Forgiving, RedisCache):
    """``CACHES = {"default": {"BACKEND": "wagtail_skilldonation.cache.ForgivingRedisCache",
    "LOCATION": "redis://…"}}``: Django's Redis cache, serving on when Redis is down."""
