"""``CachedRoutesMiddleware``: the portal's pages found in one query instead of a walk
down the page tree.

Wagtail finds the page of a URL from the site's root: each level is a query for the
child and another for its specific page (a mission under the portal's index: five or
six queries before anything is served, on every visit and every application sent).
Once Wagtail has served a portal page at an address, the middleware keeps which page
it was under the content version (``wagtail_skilldonation.cache``): publishing,
moving, unpublishing or deleting any page replaces that version, so an address is
walked again after any such change. Until then the next request for that address
reads the page in one query and hands it to Wagtail's own ``serve``, which still
runs every ``before_serve_page`` hook (view restrictions, passwords) and the page's
own ``serve``.

Only the portal's own pages are kept (their routing is known to be plain), only when
Wagtail routed to the page itself (not to a sub-route of a routable page), and only
what a visitor may ask (GET, HEAD, POST; never a preview). A page found unpublished
since, or missing, is walked to again. Optional: add
``"wagtail_skilldonation.portal.routing.CachedRoutesMiddleware"`` to ``MIDDLEWARE``
after Django's ``LocaleMiddleware``; a site whose own pages above the portal route
in a way of their own should leave it out.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache as shared_cache
from django.db import DatabaseError
from wagtail.url_routing import RouteResult

from .. import cache
from ..conf import get_setting
from ..models.pages.base import PortalPageMixin

_HIT = "_skilldonation_cached_route"


class CachedRoutesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key:
            _prefill(request, shared_cache.get(key))
        response = self.get_response(request)
        if key and not getattr(request, _HIT, False) and response.status_code < 400:
            _remember(request, key)
        return response


def _key(request):
    if (
        not get_setting("PAGE_CACHE_SECONDS")
        or request.method not in ("GET", "HEAD", "POST")
        or getattr(request, "is_preview", False)
    ):
        return None
    return cache.key("route", request, request.get_host(), request.path_info)


def _prefill(request, found):
    """Hand Wagtail the page kept for this address, if it is still live."""
    if not found:
        return
    content_type_id, pk = found
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        pages = model._default_manager.filter(pk=pk, live=True) if model else None
        if hasattr(pages, "for_routing"):  # what the page's serve reads at once (a mission's places)
            pages = pages.for_routing()
        page = pages.first() if pages is not None else None
    except (ContentType.DoesNotExist, DatabaseError):
        return  # Wagtail walks the tree; a database out of reach answers 503 there
    if page is not None:
        request._wagtail_route_for_request = RouteResult(page)
        setattr(request, _HIT, True)


def _remember(request, key):
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is None:
        return
    page, args, kwargs = route[0], route[1], route[2]
    if args or kwargs or not isinstance(page, PortalPageMixin):
        return
    shared_cache.set(key, (page.content_type_id, page.pk), get_setting("PAGE_CACHE_SECONDS"))
