"""Signing an organisation's contact in to ``/portal/organisation/``: the volunteers'
rules (``portal.sessions``: an e-mailed link, used once, expiring; the same answer
for an unknown address; rate limits), for the address an editor recorded as the
organisation's contact. The session names the address; the organisations it opens
are those whose contact it is at each request (``organisations_of``)."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from ..conf import get_setting
from ..mail import outbox, render_message
from ..models import Organisation, OrganisationAccess, OutgoingMail, PortalSettings
from ..models.people import FORGOTTEN_DOMAIN
from ..portal.sessions import LinkSessions


def organisations_of(email):
    """The organisations ``email`` is the contact of, now."""
    email = (email or "").strip()
    if not email or email.lower().endswith("@" + FORGOTTEN_DOMAIN):
        return Organisation.objects.none()
    return Organisation.objects.filter(contact_email__iexact=email).order_by("name", "pk")


SESSIONS = LinkSessions(
    OrganisationAccess,
    name="organisation",
    home="organisation_space",
    link="organisation_space_link",
    live=lambda access: organisations_of(access.email).exists(),
)


def request_link(email, language="", next_path=""):
    """Queue a sign-in e-mail for ``email``, known or not: the same work for every
    address; whether it is an organisation's contact is found when the mail is built."""
    with transaction.atomic():
        payload = {"next": next_path} if next_path else {}
        outbox.queue("organisation_sign_in", (email or "").strip(), language=language, payload=payload)


def start_access(mail):
    """The session a sign-in e-mail opens, made once, when it is first built;
    ``None`` for an address no organisation has (the row forgets what was typed)."""
    if mail.payload.get("access"):
        return OrganisationAccess.objects.filter(pk=mail.payload["access"]).first()
    organisation = organisations_of(mail.recipient).first()
    if organisation is None:
        OutgoingMail.objects.filter(pk=mail.pk).update(recipient="")
        return None
    access = OrganisationAccess.objects.create(email=organisation.contact_email)
    mail.payload = {**mail.payload, "access": access.pk}
    OutgoingMail.objects.filter(pk=mail.pk).update(payload=mail.payload, recipient=organisation.contact_email)
    return access


@outbox.builds("organisation_sign_in")
def build_sign_in(mail):
    if not mail.payload.get("access") and not SESSIONS.is_fresh(None, requested_at=mail.created_at):
        raise outbox.NotNeeded("expired")
    access = start_access(mail)
    if access is None:
        raise outbox.NotNeeded("unknown-organisation")
    if access.used_at or access.ended_at or not SESSIONS.is_fresh(access):
        raise outbox.NotNeeded("expired")
    site = Site.objects.filter(is_default_site=True).first()
    context = {
        "names": ", ".join(o.name for o in organisations_of(access.email)),
        "link_url": SESSIONS.link_url(access, SESSIONS.next_path(mail.payload.get("next"))),
        "minutes": max(1, get_setting("SIGN_IN_LINK_MAX_AGE") // 60),
        "portal": PortalSettings.for_site(site) if site else None,
    }
    return render_message("organisation_sign_in", context, [access.email], mail.language or settings.LANGUAGE_CODE)
