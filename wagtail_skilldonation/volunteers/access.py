"""Signing volunteers in without a password: an e-mailed link, used once.

Asking for a link at ``/portal/me/`` answers the same whether the address is known or
not; a known one gets a ``VolunteerAccess`` row and an e-mail naming it (signed). The
link works once (a conditional UPDATE marks it used: two clicks, or two processes, cannot
both sign in) and for ``SIGN_IN_LINK_MAX_AGE`` seconds. Using it gives the browser a
signed cookie naming the row: the row is the session, so signing out or erasing ends it
in every process. None of this touches Django's users: a volunteer is not an editor.
"""

from django.db import transaction

from ..mail import outbox
from ..models import OutgoingMail, Volunteer, VolunteerAccess
from ..models.people import FORGOTTEN_DOMAIN
from ..portal.sessions import LinkSessions, LinkUsed  # noqa: F401 (LinkUsed: the views catch it here)

LINK_SALT = "wagtail_skilldonation.sign_in"
COOKIE_SALT = "wagtail_skilldonation.space"
COOKIE_NAME = "skilldonation_volunteer"  # = SESSIONS.cookie_name


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


SESSIONS = LinkSessions(
    VolunteerAccess,
    name="volunteer",
    home="space",
    link="space_link",
    select_related=("volunteer",),
    live=lambda access: not access.volunteer.is_forgotten,
    salts=(LINK_SALT, COOKIE_SALT),
    scope="sign_in",
)
link_url = SESSIONS.link_url
next_path = SESSIONS.next_path
is_fresh = SESSIONS.is_fresh
access_for_link = SESSIONS.for_link
use = SESSIONS.use
cookie_value = SESSIONS.cookie_value
access_for_cookie = SESSIONS.for_cookie
end = SESSIONS.end
