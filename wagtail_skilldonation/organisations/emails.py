"""E-mails about a need proposal: received (to the organisation's contact), new (to
the team), declined with the team's reason (to the contact). A suspected spam is kept
and mails nobody: its address may not be the sender's."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

from ..links import absolute_url, portal_url
from ..mail import outbox, render_message
from ..models import PortalSettings

CONTACT_KINDS = {"proposal_received", "proposal_declined"}
TEAM_KINDS = {"proposal_new"}


def _portal():
    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site) if site else None


def notify(proposal, kind):
    """Queue ``kind`` about ``proposal`` in the current transaction."""
    if kind in CONTACT_KINDS:
        to, language = proposal.contact_email, proposal.language or settings.LANGUAGE_CODE
    else:
        portal = _portal()
        to, language = (portal.notification_email if portal else ""), settings.LANGUAGE_CODE
    return outbox.queue(kind, to, language=language, proposal=proposal)


def admin_url(proposal):
    try:
        return absolute_url(reverse("wagtail_skilldonation_proposals:detail", args=[proposal.pk]))
    except NoReverseMatch:
        return ""


@outbox.builds(*(CONTACT_KINDS | TEAM_KINDS))
def build(mail):
    proposal = mail.proposal
    if mail.kind in CONTACT_KINDS:
        to = [proposal.contact_email]
    else:
        portal = _portal()
        to = [portal.notification_email] if portal and portal.notification_email else []
    context = {
        "proposal": proposal,
        "portal": _portal(),
        "admin_url": admin_url(proposal),
        "propose_url": portal_url("need_propose"),
    }
    return render_message(mail.kind, context, to, mail.language or settings.LANGUAGE_CODE)
