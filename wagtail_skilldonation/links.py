"""Links: absolute ones for e-mails and PDFs, signed ones for people who have no
account, and the editors' way back to an application in the admin."""

import logging
import re
from functools import wraps

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from .conf import get_setting


class LinkExpired(Exception):
    """A genuine link, too old (or for something that no longer takes answers)."""


def absolute_url(path):
    """E-mails and PDFs need the site's address: ``WAGTAILADMIN_BASE_URL``, the one
    rule for every absolute link the portal writes."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def portal_url(name, *args):
    """The absolute link of one of the portal's own pages (``wagtail_skilldonation:
    <name>``); '' when the site did not include the portal's URLs."""
    try:
        return absolute_url(reverse(f"wagtail_skilldonation:{name}", args=args))
    except NoReverseMatch:
        return ""


def page_url(page):
    """A page's absolute link by the same rule (not its Site's hostname, which
    ``wagtail start`` leaves at ``localhost``): one host in every mail."""
    site = page.get_site()
    path = page.get_url(current_site=site) if site else page.url_path
    if path and path.startswith(("http://", "https://")):  # a page of another Site
        return path
    return absolute_url(path or "/")


# A value signed by ``sign`` (Django's "payload:timestamp:signature"), as it appears in
# a path, a query string (":" may be "%3A") or a Referer.
SIGNED_RE = re.compile(r"[.\w-]+(?::|%3[aA])[\w-]+(?::|%3[aA])[\w-]{20,}")
REDACTED = "[redacted]"


def redact(text):
    """``text`` (a log line, a URL) with every signed token replaced: whoever reads the
    logs must not be able to use the links people received."""
    return SIGNED_RE.sub(REDACTED, text) if isinstance(text, str) else text


class RedactSignedLinks(logging.Filter):
    """A logging filter for Django's request log ("Not Found: /portal/hours/<token>/")."""

    def filter(self, record):
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) for arg in record.args)
        return True


TOKEN_COOKIE = "skilldonation_link"
TOKEN_COOKIE_MAX_AGE = 3600  # long enough to fill the page in, short enough to forget


def exchanged(view):
    """A link's token leaves its address at once: opened (GET), the page redirects to
    itself without the token, which rides along in a short-lived cookie for that page
    only. The token then appears in one log line (which the access log redacts), not
    in the browser's history, bookmarks, Referer headers or later requests. A POST to
    the address with the token (a mail program's one-click way out, an old form) still
    works. ``view(request, token)``; its routes: ``…/<token>/`` and ``…/``."""

    @wraps(view)
    def wrapped(request, token=None):
        if token is not None and request.method == "GET" and request.path.endswith(f"/{token}/"):
            here = request.path[: -len(token) - 1]
            query = request.GET.urlencode()
            response = redirect(f"{here}?{query}" if query else here)
            response.set_cookie(
                TOKEN_COOKIE,
                token,
                max_age=TOKEN_COOKIE_MAX_AGE,
                path=here,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            response["Cache-Control"] = "private, no-store"
            response["Referrer-Policy"] = "no-referrer"
            return response
        return view(request, token if token is not None else request.COOKIES.get(TOKEN_COOKIE, ""))

    return wrapped


def sign(value, salt):
    return signing.dumps(value, salt=salt)


def unsign(token, salt, max_age_setting=None):
    """The signed value; ``None`` when tampered with; ``LinkExpired`` when older than
    the ``max_age_setting`` (a key of ``WAGTAIL_SKILLDONATION``)."""
    max_age = get_setting(max_age_setting) if max_age_setting else None
    try:
        return signing.loads(token or "", salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature:
        return None


def inbox_url(**filters):
    """The applications inbox in the admin, filtered (``status__exact="submitted"``)."""
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    url = reverse("wagtail_skilldonation_application_modeladmin_index")
    return f"{url}?{query}" if query else url


def application_admin_url(application_id):
    """The application's page in the inbox, where editors' actions lead back to."""
    return reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application_id])
