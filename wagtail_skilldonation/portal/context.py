"""What every public view outside the page tree gives its template."""

from ..conf import get_setting


def public_context(**extra):
    """The base template public pages extend (``BASE_TEMPLATE``), plus ``extra``."""
    return {"skilldonation_base_template": get_setting("BASE_TEMPLATE"), **extra}
