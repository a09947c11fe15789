"""E-mails to and about organisations: a need proposal received (to its contact), new
(to the team), declined with the team's reason (to the contact); messages each way;
the lasting-impact follow-up; the sign-in link (``access``). A suspected spam is kept
and mails nobody: its address may not be the sender's."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

from ..links import absolute_url, portal_url
from ..mail import outbox, render_message
from ..models import ImpactFollowUp, OrganisationMessage, PortalSettings

CONTACT_KINDS = {"proposal_received", "proposal_declined"}
TEAM_KINDS = {"proposal_new"}


def _portal():
    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site) if site else None


def team_address():
    portal = _portal()
    return portal.notification_email if portal else ""


def notify(proposal, kind):
    """Queue ``kind`` about ``proposal`` in the current transaction."""
    if kind in CONTACT_KINDS:
        to, language = proposal.contact_email, proposal.language or settings.LANGUAGE_CODE
    else:
        to, language = team_address(), settings.LANGUAGE_CODE
    return outbox.queue(kind, to, language=language, proposal=proposal)


def _admin_url(name, pk):
    try:
        return absolute_url(reverse(name, args=[pk]))
    except NoReverseMatch:
        return ""


def admin_url(proposal):
    return _admin_url("wagtail_skilldonation_proposals:detail", proposal.pk)


@outbox.builds(*(CONTACT_KINDS | TEAM_KINDS))
def build(mail):
    proposal = mail.proposal
    to = [proposal.contact_email] if mail.kind in CONTACT_KINDS else [a for a in [team_address()] if a]
    context = {
        "proposal": proposal,
        "portal": _portal(),
        "admin_url": admin_url(proposal),
        "propose_url": portal_url("need_propose"),
    }
    return render_message(mail.kind, context, to, mail.language or settings.LANGUAGE_CODE)


def notify_message(message):
    """The team's message goes to the contact (of the organisation, or of the
    proposal); the organisation's to the team's address."""
    if message.author == OrganisationMessage.Author.TEAM:
        about = message.proposal or message.organisation
        to = about.contact_email
        language = getattr(message.proposal, "language", "") or settings.LANGUAGE_CODE
        kind = "message_to_organisation"
    else:
        to, language, kind = team_address(), settings.LANGUAGE_CODE, "message_from_organisation"
    return outbox.queue(kind, to, language=language, proposal=message.proposal, payload={"message": message.pk})


@outbox.builds("message_to_organisation", "message_from_organisation")
def build_message(mail):
    message = (
        OrganisationMessage.objects.select_related("organisation", "proposal")
        .filter(pk=mail.payload.get("message"))
        .first()
    )
    if message is None:
        raise outbox.NotNeeded("gone")
    to_team = mail.kind == "message_from_organisation"
    about = message.proposal or message.organisation
    context = {
        "message": message,
        "organisation": message.organisation,
        "proposal": message.proposal,
        "name": about.contact_name,
        "portal": _portal(),
        # The organisation answers from its space; a proposal's contact by replying.
        "reply_url": "" if to_team or message.proposal else portal_url("organisation_space"),
        "admin_url": (
            _admin_url("wagtail_skilldonation_proposals:conversation", message.organisation_id)
            if to_team and message.organisation_id
            else ""
        ),
    }
    to = [a for a in [team_address() if to_team else about.contact_email] if a]
    email = render_message(mail.kind, context, to, mail.language or settings.LANGUAGE_CODE)
    if not to_team and team_address():
        email.reply_to = [team_address()]
    return email


def notify_followup(followup):
    return outbox.queue(
        "impact_followup",
        followup.organisation.contact_email,
        language=settings.LANGUAGE_CODE,
        payload={"followup": followup.pk},
    )


@outbox.builds("impact_followup")
def build_followup(mail):
    followup = (
        ImpactFollowUp.objects.select_related("mission", "organisation").filter(pk=mail.payload.get("followup")).first()
    )
    if followup is None or followup.answered_at or not followup.organisation.contact_email:
        raise outbox.NotNeeded("gone")
    context = {
        "followup": followup,
        "organisation": followup.organisation,
        "mission": followup.mission.specific,
        "portal": _portal(),
        "answer_url": portal_url("organisation_followup", followup.pk),
    }
    return render_message(
        "impact_followup", context, [followup.organisation.contact_email], mail.language or settings.LANGUAGE_CODE
    )
