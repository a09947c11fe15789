"""Messages between an organisation (or a proposal's contact) and the team: kept,
the other side told by e-mail in the same transaction. The team writes from the
admin; an organisation from its space; a proposal's contact, who has no space yet,
answers the e-mail (its Reply-To is the team's address)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..applications.conversation import clean_body
from ..models import OrganisationMessage
from ..models.people import FORGOTTEN_DOMAIN
from . import emails

Author = OrganisationMessage.Author


def post(author, body, *, organisation=None, proposal=None, user=None):
    """Keep a message from ``author`` about ``organisation`` or ``proposal``, and tell
    the other side."""
    if Author(author) == Author.TEAM and not reachable(organisation=organisation, proposal=proposal):
        raise ValidationError(
            _("Nobody to write to: this contact's details are erased, or the organisation has no contact address."),
            code="no_contact",
        )
    with transaction.atomic():
        message = OrganisationMessage.objects.create(
            organisation=organisation,
            proposal=proposal,
            author=Author(author),
            author_user=user if user is not None and user.is_authenticated else None,
            body=clean_body(body),
        )
        emails.notify_message(message)
        return message


def reachable(organisation=None, proposal=None):
    """Whether the team's message has somebody to reach (not an erased contact)."""
    address = (proposal or organisation).contact_email or ""
    return bool(address) and not address.lower().endswith("@" + FORGOTTEN_DOMAIN)


def thread(organisation=None, proposal=None):
    """The messages about one organisation, or one proposal, oldest first."""
    if proposal is not None:
        return OrganisationMessage.objects.filter(proposal=proposal)
    return OrganisationMessage.objects.filter(organisation=organisation, proposal__isnull=True)
