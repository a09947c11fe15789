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
    return response
