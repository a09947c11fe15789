"""A site that put Wagtail's catch-all before the portal (check E003)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
    path("portal/", include("wagtail_skilldonation.urls")),
]
