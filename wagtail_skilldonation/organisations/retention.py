"""Erasing an organisation's contact: the volunteers' rule (``volunteers.retention``)
for a person who speaks for an organisation. What identifies them goes wherever it
was written (the organisations' contact fields, the proposals they sent, the
conversations, the name on their feedback, the outbox's addresses); what the
association must account for stays (the organisation, its needs and missions, the
feedback's ratings and objectives, the follow-ups' answers)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Feedback, NeedProposal, OrganisationAccess, OrganisationMessage, OutgoingMail
from ..models.people import FORGOTTEN_DOMAIN
from .access import organisations_of


def forget_contact(email):
    """Forget the contact whose address is ``email``; returns the organisations they
    spoke for (now without a contact: an editor may record a new one)."""
    email = (email or "").strip()
    with transaction.atomic():
        organisations = list(organisations_of(email).select_for_update())
        names = {o.contact_name for o in organisations if o.contact_name}
        proposals = NeedProposal.objects.filter(Q(contact_email__iexact=email) | Q(organisation__in=organisations))
        names |= set(proposals.exclude(contact_name="").values_list("contact_name", flat=True))
        OrganisationMessage.objects.filter(Q(organisation__in=organisations) | Q(proposal__in=proposals)).update(
            body=""
        )
        for proposal in proposals.filter(contact_email__iexact=email):
            proposal.contact_name, proposal.contact_phone = "", ""
            proposal.contact_email = f"contact-{proposal.pk}@{FORGOTTEN_DOMAIN}"
            proposal.save(update_fields=["contact_name", "contact_phone", "contact_email"])
        Feedback.objects.filter(
            role=Feedback.Role.BENEFICIARY,
            application__mission__organisation__in=organisations,
            author_name__in=names,
        ).update(author_name="")
        OrganisationAccess.objects.filter(email__iexact=email, ended_at__isnull=True).update(ended_at=timezone.now())
        OrganisationAccess.objects.filter(email__iexact=email).update(email="")
        # The outbox keeps that mails went out, not to whom; what was not sent never will be.
        mails = OutgoingMail.objects.filter(recipient__iexact=email)
        mails.exclude(status=OutgoingMail.Status.SENT).update(status=OutgoingMail.Status.CANCELLED)
        mails.update(recipient="", last_error="")
        for organisation in organisations:
            organisation.contact_name, organisation.contact_email = "", ""
            organisation.save(update_fields=["contact_name", "contact_email"])
    return organisations
