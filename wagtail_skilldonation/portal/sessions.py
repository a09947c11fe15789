"""Sessions opened by an e-mailed link, for people who have no account: volunteers
(``/portal/me/``) and organisations' contacts (``/portal/organisation/``).

A row is asked for, e-mailed as a signed link, used once (a conditional UPDATE: two
clicks, or two processes, cannot both sign in) within ``SIGN_IN_LINK_MAX_AGE``, then
named by a signed cookie: the row *is* the session, so signing out or erasing ends it
in every process. None of this touches Django's users: these people are not editors.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from .. import throttle
from ..conf import get_setting
from ..links import LinkExpired, absolute_url, sign, unsign

SEEN_EVERY = timedelta(minutes=5)  # how often a visit refreshes ``last_seen_at``


class LinkUsed(Exception):
    """A genuine link, already used (or its session ended)."""


class LinkSessions:
    """The rules of one kind of session; ``model`` has ``requested_at``, ``used_at``,
    ``last_seen_at`` and ``ended_at``. ``live`` says whether a session still opens
    (its person not erased, still the organisation's contact…)."""

    def __init__(self, model, *, name, home, link, select_related=(), live=None, salts=None, scope=None):
        self.model = model
        self.scope = scope or f"{name}_sign_in"  # the rate limits' name
        # ``salts``: (link, cookie), for the volunteers' space, whose links and cookies
        # predate this class and must keep working.
        self.link_salt, self.cookie_salt = salts or (
            f"wagtail_skilldonation.{name}.sign_in",
            f"wagtail_skilldonation.{name}.space",
        )
        self.cookie_name = f"skilldonation_{name}"
        self.home, self.link = home, link  # URL names
        self.select_related = select_related
        self.live = live or (lambda access: True)

    def rows(self):
        return self.model.objects.select_related(*self.select_related)

    def ask(self, request, email, request_link):
        """Queue a link for ``email`` unless this IP or this address asked too often
        (``SIGN_IN_RATE_LIMIT``, ``SIGN_IN_RATE_LIMIT_PER_ADDRESS``, counted apart: one
        office is not one person); False when refused."""
        per_ip, window = get_setting("SIGN_IN_RATE_LIMIT")
        per_address, address_window = get_setting("SIGN_IN_RATE_LIMIT_PER_ADDRESS")
        if not (
            throttle.allow(request, self.scope, per_ip, window)
            and throttle.allow_key(f"{self.scope}_address", email, per_address, address_window)
        ):
            return False
        request_link(email, language=get_language() or "", next_path=self.next_path(request.GET.get("next")))
        return True

    def link_url(self, access, next_path=""):
        token = sign({"a": access.pk}, self.link_salt)
        path = reverse(f"wagtail_skilldonation:{self.link}", args=[token])
        return absolute_url(f"{path}?{urlencode({'next': next_path})}" if next_path else path)

    def home_path(self):
        return reverse(f"wagtail_skilldonation:{self.home}")

    def next_path(self, value):
        """``value`` if it is a page of the space (where someone was going before
        signing in), else "": never another site, nor a page outside the space."""
        home = self.home_path()
        value = value or ""
        if not value.startswith(home) or any(part in value for part in ("//", "\\", "..")):
            return ""
        return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""

    @staticmethod
    def is_fresh(access, now=None, requested_at=None):
        asked = requested_at or access.requested_at
        return (now or timezone.now()) - asked <= timedelta(seconds=get_setting("SIGN_IN_LINK_MAX_AGE"))

    def for_link(self, token):
        """The unused session a link names; ``None`` when forged; ``LinkExpired`` when
        too old; ``LinkUsed`` when used already."""
        value = unsign(token, self.link_salt, "SIGN_IN_LINK_MAX_AGE")
        if not isinstance(value, dict):
            return None
        access = self.rows().filter(pk=value.get("a")).first()
        if access is None or not self.live(access):
            return None
        if not self.is_fresh(access):
            raise LinkExpired
        if access.used_at or access.ended_at:
            raise LinkUsed
        return access

    def use(self, access):
        """Mark the link used, once: False if another click got there first."""
        now = timezone.now()
        oldest = now - timedelta(seconds=get_setting("SIGN_IN_LINK_MAX_AGE"))
        return bool(
            self.model.objects.filter(
                pk=access.pk, used_at__isnull=True, ended_at__isnull=True, requested_at__gte=oldest
            ).update(used_at=now, last_seen_at=now)
        )

    def cookie_value(self, access):
        return signing.dumps({"a": access.pk}, salt=self.cookie_salt)

    def for_cookie(self, value):
        """The live session a cookie names, refreshed; ``None`` otherwise."""
        if not value:
            return None
        idle = timedelta(seconds=get_setting("SPACE_SESSION_MAX_IDLE"))
        try:  # how long it lasts is the row's business (``last_seen_at``), not the cookie's
            data = signing.loads(value, salt=self.cookie_salt)
        except signing.BadSignature:
            return None
        now = timezone.now()
        access = (
            self.rows()
            .filter(pk=data.get("a") if isinstance(data, dict) else None, used_at__isnull=False, ended_at__isnull=True)
            .filter(last_seen_at__gte=now - idle)
            .first()
        )
        if access is None or not self.live(access):
            return None
        if now - access.last_seen_at > SEEN_EVERY:
            self.model.objects.filter(pk=access.pk).update(last_seen_at=now)
        return access

    def end(self, access):
        self.model.objects.filter(pk=access.pk, ended_at__isnull=True).update(ended_at=timezone.now())

    def set_cookie(self, request, response, access):
        """The session's cookie, set again at each visit: it lasts as long as the
        session does (``SPACE_SESSION_MAX_IDLE`` after the last visit), only under the
        space's own path."""
        response.set_cookie(
            self.cookie_name,
            self.cookie_value(access),
            max_age=get_setting("SPACE_SESSION_MAX_IDLE"),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
            path=self.home_path(),
        )
        return response

    def delete_cookie(self, response):
        response.delete_cookie(self.cookie_name, path=self.home_path(), samesite="Lax")
        return response
