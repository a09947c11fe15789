"""Missions, needs and testimonials in Wagtail's API v2, one endpoint each.

A site registers them on its own router (see the README)::

    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail_skilldonation.portal.api import register

    api_router = WagtailAPIRouter("wagtailapi")
    register(api_router)
    urlpatterns += [path("api/v2/", api_router.urls)]

The fields are the pages' ``api_fields`` (``models/api_fields.py``): nothing personal.
"""

from wagtail.api.v2.views import PagesAPIViewSet

from ..models import MissionPage, NeedPage, TestimonialPage


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
