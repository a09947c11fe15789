"""Forms typed with an address the portal knows, waiting for its owner's word.

The confirmation link is valid for ``CONFIRM_LINK_MAX_AGE`` after it went out; a team
member may send it again (a fresh link). A form nobody confirmed in that time lapses:
it stays, as typed, and an application made only for it (``unconfirmed``, which nobody
could act on) is removed.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..conf import get_setting
from ..models import Application, ApplicationStatus, OutgoingMail, Submission
from .emails import notify


def link_sent_at(submission):
    """When the latest confirmation link for ``submission`` went out (its form's time
    when none did)."""
    last = OutgoingMail.objects.filter(kind="confirm", submission=submission).aggregate(last=Max("created_at"))
    return last["last"] or submission.created_at


def link_expires_at(submission):
    return link_sent_at(submission) + timedelta(seconds=get_setting("CONFIRM_LINK_MAX_AGE"))


def send_again(submission):
    """A fresh link to the address on record (never to whoever typed the form)."""
    with transaction.atomic():
        current = Submission.objects.select_for_update().filter(pk=submission.pk).first()
        if current is None or current.state != Submission.State.AWAITING:
            return None
        return notify(current.application, "confirm", current)


def lapse_unconfirmed(now=None):
    """Lapse the forms whose link expired unused; return how many."""
    now = now or timezone.now()
    oldest = now - timedelta(seconds=get_setting("CONFIRM_LINK_MAX_AGE"))
    lapsed = 0
    expired = (
        Submission.objects.filter(state=Submission.State.AWAITING)
        .annotate(last_link=Coalesce(Max("mails__created_at", filter=Q(mails__kind="confirm")), "created_at"))
        .filter(last_link__lt=oldest)  # a link sent again is still valid
    )
    for submission in expired:
        with transaction.atomic():
            current = Submission.objects.select_for_update().filter(pk=submission.pk).first()
            if current is None or current.state != Submission.State.AWAITING:
                continue
            Submission.objects.filter(pk=current.pk).update(state=Submission.State.LAPSED)
            made_for_it = Application.objects.filter(
                pk=current.application_id, status=ApplicationStatus.UNCONFIRMED
            ).first()
            if made_for_it is not None:  # its only story: "form received" (the form stays)
                made_for_it.submissions.update(application=None)
                made_for_it.events.all().delete()
                made_for_it.delete()
            lapsed += 1
    return lapsed
