"""Messages between a volunteer and the team about one application: kept with it, the
other side told by e-mail (through the outbox) in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import ApplicationMessage
from ..models.space import MESSAGE_MAX_LENGTH
from ..validators import NUL_MESSAGE, has_nul
from .emails import notify_message

Author = ApplicationMessage.Author


def clean_body(body):
    body = (body or "").replace("\r\n", "\n").strip()
    if has_nul(body):
        raise ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")
    if not body:
        raise ValidationError(_("Write a message first."), code="empty")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("At most %(max)d characters (%(count)d written).") % {"max": MESSAGE_MAX_LENGTH, "count": len(body)},
            code="too_long",
        )
    return body


def post(application, author, body, *, user=None):
    """Keep a message from ``author`` (volunteer or team) and tell the other side."""
    # Not a decorator: mutation tools skip decorated functions.
    with transaction.atomic():
        message = ApplicationMessage.objects.create(
            application=application,
            author=Author(author),
            author_user=user if user is not None and user.is_authenticated else None,
            body=clean_body(body),
        )
        notify_message(message)
        return message
