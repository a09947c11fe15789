"""What is waiting for the team, one definition per kind of work, so the admin home's
counts and the inbox filter they link to always agree."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..models import (
    Application,
    ApplicationStatus,
    Certificate,
    Feedback,
    HoursDeclaration,
    OutgoingMail,
)


def _unanswered():
    days = get_setting("ANSWER_WITHIN_DAYS")
    return Q(status=ApplicationStatus.SUBMITTED, created_at__lt=timezone.now() - datetime.timedelta(days=days))


def _hours():
    return Q(
        Exists(HoursDeclaration.objects.filter(application=OuterRef("pk"), status=HoursDeclaration.Status.PENDING))
    )


def _feedback():
    return Q(Exists(Feedback.objects.filter(application=OuterRef("pk"), reviewed_at__isnull=True)))


def _certificates():
    live = Certificate.objects.filter(application=OuterRef("pk"), revoked_at__isnull=True)
    return Q(status=ApplicationStatus.COMPLETED) & ~Q(Exists(live))


def _mails():
    return Q(Exists(OutgoingMail.objects.filter(application=OuterRef("pk"), status=OutgoingMail.Status.FAILED)))


def kinds():
    """(key, label, condition on applications), in the order editors read them."""
    days = get_setting("ANSWER_WITHIN_DAYS")
    return [
        ("unanswered", _("Applications without an answer for more than %(days)s days") % {"days": days}, _unanswered()),
        ("hours", _("Hours to approve"), _hours()),
        ("feedback", _("Feedback to read"), _feedback()),
        ("certificates", _("Certificates to issue"), _certificates()),
        ("mails", _("E-mails that could not be sent"), _mails()),
    ]


def condition(key):
    return next((q for name, _label, q in kinds() if name == key), None)


def counts(queryset=None):
    """Each kind with how many applications it holds (one query per kind)."""
    queryset = Application.objects.all() if queryset is None else queryset
    return [(key, label, queryset.filter(q).count()) for key, label, q in kinds()]
