"""The life of an application: submission (volunteer upsert), status changes, capacity.

Everything here runs inside one transaction per call; notifications are enqueued only
once that transaction has committed.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..certificates.issuing import issue as issue_certificate
from ..conf import get_setting
from ..followup.emails import notify_feedback_requests
from ..models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    MissionCapacity,
    MissionPage,
    Volunteer,
    VolunteerSkill,
)
from .emails import notify as notify_volunteer_or_editors

S = ApplicationStatus

# Where an application may go from each status.
TRANSITIONS = {
    S.SUBMITTED: {S.ACCEPTED, S.WAITING_LIST, S.DECLINED, S.WITHDRAWN},
    S.WAITING_LIST: {S.ACCEPTED, S.DECLINED, S.WITHDRAWN},
    S.ACCEPTED: {S.COMPLETED, S.WAITING_LIST, S.DECLINED, S.WITHDRAWN},
    S.DECLINED: {S.ACCEPTED, S.WAITING_LIST},
    S.WITHDRAWN: {S.SUBMITTED},
    S.COMPLETED: set(),
}
# Statuses that hold one of the mission's places.
HOLDS_PLACE = {S.ACCEPTED, S.COMPLETED}
# Status changes the volunteer is told about by e-mail.
NOTIFIED = {S.ACCEPTED: "accepted", S.DECLINED: "declined", S.WAITING_LIST: "waiting_list"}


class TransitionError(ValidationError):
    pass


class CapacityError(TransitionError):
    pass


def allowed_transitions(status):
    return TRANSITIONS.get(status, set())


def places_taken(mission):
    return (
        MissionCapacity.objects.filter(mission_id=mission.pk)
        .values_list("accepted", flat=True)
        .first()
        or 0
    )


def _log(application, to_status, *, from_status="", actor=None, note=""):
    ApplicationEvent.objects.create(
        application=application,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def submit(
    mission, *, volunteer_data, skills, message="", answers=None, language="", notify=True
):
    """Create or update the volunteer (matched by e-mail, any case) and their
    application to ``mission``. Returns ``(application, created)``.

    A second submission for the same mission updates the first one; a withdrawn
    application comes back as submitted. A full mission puts newcomers on the
    waiting list.
    """
    with transaction.atomic():
        volunteer = _upsert_volunteer(volunteer_data, skills)
        status = S.WAITING_LIST if mission.is_full else S.SUBMITTED
        try:
            with transaction.atomic():
                application, created = Application.objects.get_or_create(
                    mission=mission,
                    volunteer=volunteer,
                    defaults={
                        "status": status,
                        "message": message,
                        "answers": answers or {},
                        "language": language,
                    },
                )
        except IntegrityError:  # the same person submitted twice at once
            application, created = (
                Application.objects.get(mission=mission, volunteer=volunteer),
                False,
            )
        if created:
            _log(application, status, note=_("Application received"))
        else:
            application.message = message
            application.answers = answers or {}
            application.language = language or application.language
            update = ["message", "answers", "language", "updated_at"]
            if application.status == S.WITHDRAWN:
                _log(application, status, from_status=S.WITHDRAWN, note=_("Applied again"))
                application.status = status
                update.append("status")
            application.save(update_fields=update)
        application.skills_offered.set(skills)
        if notify:
            notify_volunteer_or_editors(application, "received")
            notify_volunteer_or_editors(application, "new")
    return application, created


def _upsert_volunteer(data, skills):
    email = data["email"].strip()
    volunteer = (
        Volunteer.objects.select_for_update().filter(email__iexact=email).first()
    )
    if volunteer is None:
        volunteer = Volunteer(email=email)
    for field, value in data.items():
        if field != "email" and value not in (None, ""):
            setattr(volunteer, field, value)
    volunteer.consent_at = timezone.now()
    volunteer.consent_version = get_setting("CONSENT_VERSION")
    volunteer.is_active = True
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:  # created by a concurrent submission: update that one
        volunteer.pk = Volunteer.objects.get(email__iexact=email).pk
        volunteer.save(force_update=True)
    # Skills are merged, never replaced: a volunteer keeps what they offered before.
    volunteer.skills.add(*skills)
    return volunteer


def change_status(
    application, to_status, *, actor=None, note="", hours=None, notify=True
):
    """Move ``application`` to ``to_status``, keeping the mission's places exact.

    Raises ``TransitionError`` (or ``CapacityError``) with a translated message, and
    changes nothing, when the move is not allowed.
    """
    to_status = S(to_status)
    with transaction.atomic():
        current = (
            Application.objects.select_for_update()
            .select_related("mission")
            .get(pk=application.pk)
        )
        from_status = S(current.status)
        if to_status not in allowed_transitions(from_status):
            raise TransitionError(
                _("An application cannot go from “%(from)s” to “%(to)s”.")
                % {"from": from_status.label, "to": to_status.label},
                code="transition",
            )
        if to_status == S.COMPLETED and hours is not None and hours < 0:
            raise TransitionError(_("Hours cannot be negative."), code="hours")
        if to_status in HOLDS_PLACE and from_status not in HOLDS_PLACE:
            _take_place(current.mission)
        elif from_status in HOLDS_PLACE and to_status not in HOLDS_PLACE:
            _free_place(current.mission)
        changes = {"status": to_status, "updated_at": timezone.now()}
        if hours is not None:
            changes["hours_done"] = hours
        # Conditional on the status we read: a concurrent change makes this a no-op.
        if not Application.objects.filter(pk=current.pk, status=from_status).update(**changes):
            raise TransitionError(
                _("This application was changed by someone else; reload and try again."),
                code="concurrent",
            )
        _log(current, to_status, from_status=from_status, actor=actor, note=note)
        if S.ACCEPTED in (from_status, to_status):  # the update sent no signal
            VolunteerSkill.refresh_active_missions([current.volunteer_id])
        for field, value in changes.items():
            setattr(application, field, value)
        if notify and to_status in NOTIFIED:
            notify_volunteer_or_editors(application, NOTIFIED[to_status])
        if to_status == S.COMPLETED and notify:
            notify_feedback_requests(application)
        if to_status == S.COMPLETED and get_setting("AUTO_ISSUE_CERTIFICATES"):
            issue_certificate(current, user=actor, notify=notify)
    return application


def _take_place(mission):
    places = (
        MissionPage.objects.filter(pk=mission.pk)
        .values_list("places_available", flat=True)
        .get()
    )
    MissionCapacity.objects.get_or_create(mission_id=mission.pk)
    # The one statement that decides: it can only succeed while a place is free.
    taken = MissionCapacity.objects.filter(
        mission_id=mission.pk, accepted__lt=places
    ).update(accepted=F("accepted") + 1)
    if not taken:
        raise CapacityError(
            _("All %(places)s places of this mission are taken.") % {"places": places},
            code="full",
        )


def _free_place(mission):
    MissionCapacity.objects.filter(mission_id=mission.pk, accepted__gt=0).update(
        accepted=F("accepted") - 1
    )
