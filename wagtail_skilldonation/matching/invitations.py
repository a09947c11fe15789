"""Editors invite a matching volunteer to apply, without harassing anyone."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..conf import get_setting
from ..models import Invitation, Volunteer
from ..models.languages import long_date
from .emails import notify_invitation


class InvitationError(ValidationError):
    pass


def can_see_volunteers(user):
    """Names, towns and skills of volunteers: for those allowed to see volunteers."""
    return user.has_perm("wagtail_skilldonation.view_volunteer") or user.has_perm(
        "wagtail_skilldonation.change_volunteer"
    )


def can_invite(user, mission):
    return can_see_volunteers(user) and mission.permissions_for_user(user).can_edit()


def recent_count(volunteer, now=None):
    since = (now or timezone.now()) - datetime.timedelta(days=30)
    return Invitation.objects.filter(volunteer=volunteer, created_at__gte=since).count()


def refusal(mission, volunteer):
    """Why ``volunteer`` cannot be invited to ``mission`` now (an ``InvitationError``),
    or ``None``: the invite screen says it before the form, ``invite`` enforces it."""
    limit = get_setting("INVITATIONS_PER_30_DAYS")
    if not volunteer.is_active or volunteer.consent_at is None:
        return InvitationError(_("This volunteer is inactive or has not consented to be contacted."), code="inactive")
    if volunteer.unavailable_until:
        return InvitationError(
            _("This volunteer is not available until %(date)s.") % {"date": long_date(volunteer.unavailable_until)},
            code="away",
        )
    if Invitation.objects.filter(mission=mission, volunteer=volunteer).exists():
        return InvitationError(_("This volunteer was already invited to this mission."), code="duplicate")
    if recent_count(volunteer) >= limit:
        return InvitationError(
            ngettext(
                "This volunteer already received %(limit)d invitation in the last 30 days.",
                "This volunteer already received %(limit)d invitations in the last 30 days.",
                limit,
            )
            % {"limit": limit},
            code="too_many",
        )
    return None


def invite(mission, volunteer, user, message=""):
    """Record the invitation and e-mail it after commit.

    Refused (``PermissionDenied`` or ``InvitationError``, nothing stored) when the user
    cannot edit the mission, the volunteer is inactive or already invited to it, or
    has had ``INVITATIONS_PER_30_DAYS`` invitations in the last 30 days.
    """
    if not can_invite(user, mission):
        raise PermissionDenied
    with transaction.atomic():
        # Lock the volunteer so two editors cannot both take the last slot.
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if (refused := refusal(mission, volunteer)) is not None:
            raise refused
        invitation = Invitation.objects.create(mission=mission, volunteer=volunteer, invited_by=user, message=message)
        notify_invitation(invitation)
    return invitation
