"""Missions, needs and testimonials in Wagtail's API v2, one endpoint each.

A site registers them on its own router (see the manual, "Webmaster guide")::

    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail_skilldonation.portal.api import register

    api_router = WagtailAPIRouter("wagtailapi")
    register(api_router)
    urlpatterns += [path("api/v2/", api_router.urls)]

The fields are the pages' ``api_fields`` (``models/api_fields.py``): nothing personal.
"""

from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from ..models import MissionPage, NeedPage, TestimonialPage
from ..models.pages import shown_status_q


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


class MissionsAPIViewSet(PagesAPIViewSet):
    model = MissionPage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
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
    filter_backends = [ShownStatusFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["status"])

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        return [name for name in fields if name != "status"] if db_fields_only else fields

    def get_queryset(self):
        # One entry per mission whatever its languages, unless a locale is asked for.
        queryset = super().get_queryset()
        return queryset if "locale" in self.request.GET else queryset.one_per_mission()


class NeedsAPIViewSet(PagesAPIViewSet):
    model = NeedPage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["priority", "status", "skills", "organisation"]


class TestimonialsAPIViewSet(PagesAPIViewSet):
    model = TestimonialPage
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["quote", "author_role", "mission"]


def register(router):
    router.register_endpoint("missions", MissionsAPIViewSet)
    router.register_endpoint("needs", NeedsAPIViewSet)
    router.register_endpoint("testimonials", TestimonialsAPIViewSet)
    return router
