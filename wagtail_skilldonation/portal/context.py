"""What every public view outside the page tree gives its template, and the answer
to a link that is not (or no longer) ours."""

from django.template.response import TemplateResponse

from ..conf import get_setting


def public_context(**extra):
    """The base template public pages extend (``BASE_TEMPLATE``), plus ``extra``."""
    return {"skilldonation_base_template": get_setting("BASE_TEMPLATE"), **extra}


def bad_link(request, status=404):
    """A signed link that was mistyped, cut by a mail program or tampered with: the
    portal's own translated page (whom to ask is in its footer), never the host site's
    bare "Not Found"."""
    response = TemplateResponse(request, "wagtail_skilldonation/bad_link.html", public_context(), status=status)
    response["Cache-Control"] = "private, no-store"
    return final(request, response)


def not_found(request):
    """A page of the portal that does not exist (or is not the visitor's): the portal's
    own translated 404, not the host's."""
    page = TemplateResponse(request, "wagtail_skilldonation/not_found.html", public_context(), status=404)
    page["Cache-Control"] = "private, no-store"
    return final(request, page)


def final(request, response):
    """Keep the portal's own 404 as the answer. On a site whose pages are under
    ``i18n_patterns``, Django's ``LocaleMiddleware`` turns the 404 of an address
    without a language prefix into a redirect to ``/<language>/…``, where the portal
    is not (its URLs have no prefix): the visitor got the host's bare "Not Found"
    instead. The middleware asks ``request.urlconf`` whether prefixes are used; the
    portal's own URLs (read after this view resolved) say no."""
    if response.status_code == 404:
        request.urlconf = "wagtail_skilldonation.urls"
    return response
