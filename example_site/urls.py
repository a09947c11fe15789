from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_skilldonation.portal.api import register as register_api

# Missions, needs and testimonials for partners, at /api/v2/missions/ and so on.
api_router = register_api(WagtailAPIRouter("wagtailapi"))


def patterns(multilingual):
    """The site's URLs; ``multilingual`` puts pages under a language prefix (/fr/,
    /en/), as Wagtail's internationalisation expects."""
    urlpatterns = [
        path("admin/", include(wagtailadmin_urls)),
        path("documents/", include(wagtaildocs_urls)),
        path("portal/", include("wagtail_skilldonation.urls")),
        path("api/v2/", api_router.urls),
        path("sitemap.xml", sitemap),
    ]
    if settings.DEBUG:
        from django.contrib.staticfiles.urls import staticfiles_urlpatterns

        urlpatterns += staticfiles_urlpatterns()
        urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    pages = [path("", include(wagtail_urls))]
    return urlpatterns + (i18n_patterns(*pages) if multilingual else pages)


urlpatterns = patterns(getattr(settings, "WAGTAIL_I18N_ENABLED", False))
