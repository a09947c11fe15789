"""Messages between an organisation (or a proposal's contact) and the team: kept,
the other side told by e-mail in the same transaction. The team writes from the
admin; an organisation from its space; a proposal's contact, who has no space yet,
answers the e-mail (its Reply-To is the team's address)."""

from django.db import transaction

from ..applications.conversation import clean_body
from ..models import OrganisationMessage
from . import emails

Author = OrganisationMessage.Author


def post(author, body, *, organisation=None, proposal=None, user=None):
    """Keep a message from ``author`` about ``organisation`` or ``proposal``, and tell
    the other side."""
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


def thread(organisation=None, proposal=None):
    """The messages about one organisation, or one proposal, oldest first."""
    if proposal is not None:
        return OrganisationMessage.objects.filter(proposal=proposal)
    return OrganisationMessage.objects.filter(organisation=organisation, proposal__isnull=True)
