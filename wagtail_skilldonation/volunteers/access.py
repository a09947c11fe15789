"""Signing volunteers in without a password: an e-mailed link, used once.

Asking for a link at ``/portal/me/`` answers the same whether the address is known or
not; a known one gets a ``VolunteerAccess`` row and an e-mail naming it (signed). The
link works once (a conditional UPDATE marks it used: two clicks, or two processes, cannot
both sign in) and for ``SIGN_IN_LINK_MAX_AGE`` seconds. Using it gives the browser a
signed cookie naming the row: the row is the session, so signing out or erasing ends it
in every process. None of this touches Django's users: a volunteer is not an editor.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from ..conf import get_setting
from ..links import LinkExpired, absolute_url, sign, unsign
from ..mail import outbox
from ..models import OutgoingMail, Volunteer, VolunteerAccess
from ..models.people import FORGOTTEN_DOMAIN

LINK_SALT = "wagtail_skilldonation.sign_in"
COOKIE_SALT = "wagtail_skilldonation.space"
COOKIE_NAME = "skilldonation_volunteer"
SEEN_EVERY = timedelta(minutes=5)  # how often a visit refreshes ``last_seen_at``


class LinkUsed(Exception):
    """A genuine link, already used (or its session ended)."""


def known_volunteer(email):
    email = (email or "").strip()
    if not email or email.lower().endswith("@" + FORGOTTEN_DOMAIN):
        return None
    return Volunteer.objects.filter(email__iexact=email).first()


def request_link(email, language="", next_path=""):
    """Queue a sign-in e-mail for ``email``, known or not, and return nothing: the
    request does the same work for every address (one outbox row), so neither its
    answer nor its time tells whether the address is known. Whether it is, is found
    when the mail is built, out of the request (``start_access``). Its link leads on
    to ``next_path`` (a page of the space the volunteer was going to)."""
    # Not a decorator: mutation tools skip decorated functions.
    with transaction.atomic():
        payload = {"next": next_path} if next_path else {}
        outbox.queue("sign_in", (email or "").strip(), language=language, payload=payload)


def start_access(mail):
    """The session a sign-in e-mail opens, made when it is built: ``None`` for an
    address nobody has (the row then forgets the address that was typed)."""
    if mail.access_id:
        return mail.access
    volunteer = known_volunteer(mail.recipient)
    if volunteer is None:
        OutgoingMail.objects.filter(pk=mail.pk).update(recipient="")
        return None
    access = VolunteerAccess.objects.create(volunteer=volunteer)
    OutgoingMail.objects.filter(pk=mail.pk).update(access=access, recipient=volunteer.email)
    return access


def link_url(access, next_path=""):
    token = sign({"a": access.pk}, LINK_SALT)
    path = reverse("wagtail_skilldonation:space_link", args=[token])
    return absolute_url(f"{path}?{urlencode({'next': next_path})}" if next_path else path)


def next_path(value):
    """``value`` if it is a page of the space (where a volunteer was going before
    signing in), else "": never another site, nor a page outside the space."""
    home = reverse("wagtail_skilldonation:space")
    value = value or ""
    if not value.startswith(home) or any(part in value for part in ("//", "\\", "..")):
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""


def is_fresh(access, now=None, requested_at=None):
    asked = requested_at or access.requested_at
    return (now or timezone.now()) - asked <= timedelta(seconds=get_setting("SIGN_IN_LINK_MAX_AGE"))


def access_for_link(token):
    """The unused access a link names; ``None`` when forged; ``LinkExpired`` when too
    old; ``LinkUsed`` when used already."""
    value = unsign(token, LINK_SALT, "SIGN_IN_LINK_MAX_AGE")
    if not isinstance(value, dict):
        return None
    access = VolunteerAccess.objects.select_related("volunteer").filter(pk=value.get("a")).first()
    if access is None:
        return None
    if not is_fresh(access):
        raise LinkExpired
    if access.used_at or access.ended_at:
        raise LinkUsed
    return access


def use(access):
    """Mark the link used, once: False if another click got there first."""
    now = timezone.now()
    oldest = now - timedelta(seconds=get_setting("SIGN_IN_LINK_MAX_AGE"))
    return bool(
        VolunteerAccess.objects.filter(
            pk=access.pk, used_at__isnull=True, ended_at__isnull=True, requested_at__gte=oldest
        ).update(used_at=now, last_seen_at=now)
    )


def cookie_value(access):
    return signing.dumps({"a": access.pk}, salt=COOKIE_SALT)


def access_for_cookie(value):
    """The live session a cookie names, refreshed; ``None`` otherwise."""
    if not value:
        return None
    idle = timedelta(seconds=get_setting("SPACE_SESSION_MAX_IDLE"))
    try:  # how long it lasts is the row's business (``last_seen_at``), not the cookie's
        data = signing.loads(value, salt=COOKIE_SALT)
    except signing.BadSignature:
        return None
    now = timezone.now()
    access = (
        VolunteerAccess.objects.select_related("volunteer")
        .filter(pk=data.get("a") if isinstance(data, dict) else None, used_at__isnull=False, ended_at__isnull=True)
        .filter(last_seen_at__gte=now - idle)
        .first()
    )
    if access is None or access.volunteer.is_forgotten:
        return None
    if now - access.last_seen_at > SEEN_EVERY:
        VolunteerAccess.objects.filter(pk=access.pk).update(last_seen_at=now)
    return access


def end(access):
    VolunteerAccess.objects.filter(pk=access.pk, ended_at__isnull=True).update(ended_at=timezone.now())
