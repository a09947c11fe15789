"""The team's answer to a need proposal. Accepting links the ``Organisation`` (found by
its SIRET/SIREN or RNA, left as it is) or creates it, and drafts a ``NeedPage`` under
the needs index for an editor to assess and publish; declining tells the contact why.
Each decision is taken once, under a row lock."""

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import find_available_slug

from ..models import NeedIndexPage, NeedPage, NeedPriority, NeedProposal, Organisation
from . import emails

PRIORITY = {
    NeedProposal.Urgency.MONTHS: NeedPriority.LOW,
    NeedProposal.Urgency.WEEKS: NeedPriority.MEDIUM,
    NeedProposal.Urgency.URGENT: NeedPriority.HIGH,
}


def paragraphs(text):
    """Plain text as Wagtail rich text: a paragraph per line, escaped."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in (text or "").splitlines() if line.strip())


class TriageError(Exception):
    """Why a decision cannot be taken (said to the editor as it is)."""


def _open(proposal):
    locked = NeedProposal.objects.select_for_update().get(pk=proposal.pk)
    if not locked.is_open:
        raise TriageError(
            _("This proposal was already answered: %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def matching_organisation(proposal):
    """The organisation the proposal names by its identifiers: the same SIRET, the same
    SIREN (a SIRET's first nine digits), or the same RNA."""
    if proposal.rna:
        found = Organisation.objects.filter(rna=proposal.rna).first()
        if found:
            return found
    if proposal.siret:
        siren = proposal.siret[:9]
        for organisation in Organisation.objects.filter(siret__startswith=siren):
            if organisation.siret in (proposal.siret, siren) or len(proposal.siret) == 9:
                return organisation
    return None


def accept(proposal, user=None):
    """Accept ``proposal``: ``(need_page, organisation, created)`` where ``created``
    says whether the organisation is new. The page is a draft."""
    with transaction.atomic():
        proposal = _open(proposal)
        index = NeedIndexPage.objects.order_by("path").first()
        if index is None:
            raise TriageError(_("There is no needs index page to put the need under: create one first."))
        organisation = matching_organisation(proposal)
        created = organisation is None
        if created:
            organisation = Organisation.objects.create(
                name=proposal.organisation_name,
                kind=proposal.organisation_kind,
                siret=proposal.siret,
                rna=proposal.rna,
                address=proposal.address,
                postcode=proposal.postcode,
                city=proposal.city,
                contact_name=proposal.contact_name,
                contact_email=proposal.contact_email,
            )
        title = " ".join(proposal.need.split())[:80] or proposal.organisation_name
        page = NeedPage(
            title=title,
            slug=find_available_slug(index, slugify(title)[:50] or "need"),
            organisation=organisation,
            context=paragraphs(proposal.need),
            expected_outcome=paragraphs(proposal.hoped_outcome),
            priority=PRIORITY.get(proposal.urgency, NeedPriority.MEDIUM),
            live=False,
        )
        skills = list(proposal.skills.all())
        if skills:
            page.skills.add(*skills)
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        NeedProposal.objects.filter(pk=proposal.pk).update(
            status=NeedProposal.Status.ACCEPTED,
            organisation=organisation,
            need_page=page,
            decided_by=user,
            decided_at=timezone.now(),
        )
    return page, organisation, created


def decline(proposal, note, user=None):
    """Decline ``proposal`` with the team's reason, e-mailed to the contact."""
    note = (note or "").strip()
    if not note:
        raise TriageError(_("Say why the need is declined: the organisation reads it."))
    with transaction.atomic():
        proposal = _open(proposal)
        proposal.status = NeedProposal.Status.DECLINED
        proposal.decision_note = note
        proposal.decided_by = user
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
        if not proposal.suspected_spam:
            emails.notify(proposal, "proposal_declined")
    return proposal


def mark(proposal, status, user=None):
    """Being assessed, or a duplicate of another proposal (nobody is mailed)."""
    if status not in (NeedProposal.Status.ASSESSING, NeedProposal.Status.DUPLICATE):
        raise TriageError(_("Not a status an editor sets by hand."))
    with transaction.atomic():
        proposal = _open(proposal)
        proposal.status = status
        fields = ["status"]
        if status == NeedProposal.Status.DUPLICATE:
            proposal.decided_by, proposal.decided_at = user, timezone.now()
            fields += ["decided_by", "decided_at"]
        proposal.save(update_fields=fields)
    return proposal
