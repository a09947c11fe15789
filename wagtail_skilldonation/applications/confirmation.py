"""The signed link that lets the owner of a known address confirm what was typed
in their name (see ``lifecycle.confirm``)."""

from django.urls import reverse

from ..links import absolute_url, sign, unsign
from ..models import Submission

SALT = "wagtail_skilldonation.confirm-submission"


def link_url(submission):
    token = sign(submission.pk, SALT)
    return absolute_url(reverse("wagtail_skilldonation:submission_confirm", args=[token]))


def submission_for_token(token):
    """The submission a link confirms; ``None`` when tampered with; ``LinkExpired``
    when too old."""
    pk = unsign(token, SALT, "CONFIRM_LINK_MAX_AGE")
    if pk is None:
        return None
    submission = (
        Submission.objects.select_related("application__mission", "application__volunteer").filter(pk=pk).first()
    )
    return submission
