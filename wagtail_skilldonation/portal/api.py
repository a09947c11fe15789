"""Missions, needs and testimonials in Wagtail's API v2, one endpoint each.

A site registers them on its own router (see the manual, "Webmaster guide")::

    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail_skilldonation.portal.api import register

    api_router = WagtailAPIRouter("wagtailapi")
    register(api_router)
    urlpatterns += [path("api/v2/", api_router.urls)]

The fields are the pages' ``api_fields`` (``models/api_fields.py``): nothing personal.
"""

import re
from types import SimpleNamespace

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from ..models import MissionPage, NeedPage, TestimonialPage
from ..models.pages import shown_status_q
from ..models.places import search_words

# The largest integer SQLite and PostgreSQL's bigint hold: an id or an offset past it
# made the database refuse the query, a 500.
LARGEST_INTEGER = 2**63 - 1


class ShownStatusFilter(BaseFilterBackend):
    """``?status=`` is the status visitors read (full once the places are taken, closed
    past the deadline: ``shown_status_q``), the one the API's ``status`` field shows,
    not the editor's field."""

    def filter_queryset(self, request, queryset, view):
        status = request.GET.get("status")
        if status is None:
            return queryset
        shown = shown_status_q()
        if status not in shown:
            raise BadRequestError(
                _("status must be one of %(statuses)s.") % {"statuses": ", ".join(str(s) for s in shown)}
            )
        return queryset.filter(shown[status])


class PortalPagination(WagtailPagination):
    """Wagtail's, an offset past the last item answered with no items whatever its
    size (past what SQL integers hold it was a 500)."""

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)  # checks the offset
        return [] if int(request.GET.get("offset", 0)) >= self.total_count else page


class PortalSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, its words alone: a quote or a null character broke
    SQLite's full-text query (answered 503, "back in a moment", and logged as the
    database being down). Pages that index their ``search_text`` (missions, needs) are
    searched as the site's search box searches them (``places.search_words``), so the
    API finds what the box finds."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        text = request.GET["search"]
        if "search_text" in {field.field_name for field in view.model.get_search_fields()}:
            words = search_words(text, query=True)
        else:
            words = " ".join(re.findall(r"\w+", text))
        if not words and getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            return queryset.none()  # nothing to look for, as in the search box
        query = request.GET.copy()
        query["search"] = words
        return super().filter_queryset(SimpleNamespace(GET=query), queryset, view)


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """What the portal's three endpoints share: bad input is a 400 or a 404, never a 500."""

    pagination_class = PortalPagination
    filter_backends = [PortalSearchFilter if f is SearchFilter else f for f in PagesAPIViewSet.filter_backends]

    def get_object(self):
        if int(self.kwargs["pk"]) > LARGEST_INTEGER:  # no page has it; the database would refuse it
            raise Http404(_("No page has this id."))
        return super().get_object()


class MissionsAPIViewSet(PortalPagesAPIViewSet):
    model = MissionPage
    listing_default_fields = PortalPagesAPIViewSet.listing_default_fields + [
        "intro",
        "format",
        "place",
        "postcode",
        "start_date",
        "end_date",
        "application_deadline",
        "places_left",
        "status",
        "skills",
        "organisation",
        "share_url",
    ]
    # Wagtail's field filter would read the editor's field: ours reads what visitors see.
    filter_backends = [ShownStatusFilter, *PortalPagesAPIViewSet.filter_backends]
    known_query_parameters = PortalPagesAPIViewSet.known_query_parameters.union(["status"])

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        return [name for name in fields if name != "status"] if db_fields_only else fields

    def get_queryset(self):
        # One entry per mission whatever its languages, unless a locale is asked for.
        queryset = super().get_queryset()
        return queryset if "locale" in self.request.GET else queryset.one_per_mission()


class NeedsAPIViewSet(PortalPagesAPIViewSet):
    model = NeedPage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["priority", "status", "skills", "organisation"]


class TestimonialsAPIViewSet(PortalPagesAPIViewSet):
    model = TestimonialPage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["quote", "author_role", "mission"]


def register(router):
    router.register_endpoint("missions", MissionsAPIViewSet)
    router.register_endpoint("needs", NeedsAPIViewSet)
    router.register_endpoint("testimonials", TestimonialsAPIViewSet)
    return router
