"""The life of an application: submission (and its confirmation for a known e-mail),
status changes, capacity, and the hours entered at completion.

Everything here runs inside one transaction per call; notifications are enqueued only
once that transaction has committed.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..certificates.issuing import issue as issue_certificate
from ..conf import get_setting
from ..followup.emails import notify_feedback_requests
from ..followup.hours import enter as enter_hours
from ..models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationStatus,
    HoursDeclaration,
    MissionCapacity,
    MissionPage,
    Skill,
    Submission,
    Volunteer,
    VolunteerSkill,
)
from ..models.signals import places_changed
from .emails import default_answer
from .emails import notify as notify_volunteer_or_editors
from .references import index_together

S = ApplicationStatus

# Where an application may go from each status.
TRANSITIONS = {
    S.UNCONFIRMED: set(),  # the owner's confirmation makes it submitted (``confirm``)
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
    return MissionCapacity.objects.filter(mission_id=mission.pk).values_list("accepted", flat=True).first() or 0


def _log(application, to_status, *, from_status="", actor=None, note=""):
    ApplicationEvent.objects.create(
        application=application,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


class ConfirmationError(ValidationError):
    pass


def submit(mission, *, volunteer_data, skills, message="", answers=None, language="", proposals=False, notify=True):
    """Keep what a visitor typed (a ``Submission``) and act on it. Returns it.

    A new e-mail address creates the volunteer and the application at once. Knowing an
    address proves nothing, so for a known one nothing anyone can act on is made: the
    volunteer is left as it is, a first application to this mission is *unconfirmed*
    (no editor can accept it), and the typed details (and, for an application that
    already exists, the new message, answers and a reopening) wait until the owner of
    the address confirms by the e-mailed link (``confirm``); unconfirmed, the form
    lapses (``lapse_unconfirmed``). A full mission puts newcomers on the waiting list.
    The visitor is answered the same either way.

    Processing the application needs no consent (it is what the visitor asks for);
    ``proposals`` is the separate opt-in to be proposed other missions.
    """
    submission = _submission(mission, volunteer_data, skills, message, answers, language, proposals)
    with transaction.atomic():
        _act_on(submission, skills, notify=notify)
    return submission


def quarantine(mission, *, volunteer_data, skills, message="", answers=None, language="", proposals=False):
    """Keep a form whose hidden field was filled in (robots fill it; a person rarely
    does) as *suspected spam*: no volunteer, no application, no e-mail, until an editor
    says it is not spam (``release``) or the purge removes it."""
    submission = _submission(mission, volunteer_data, skills, message, answers, language, proposals)
    submission.state = Submission.State.SPAM
    submission.save()
    return submission


def release(submission):
    """An editor says a suspected spam is a person: it is acted on as if it had just
    been sent (the consent it recorded stays the one given then). Returns it."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state != Submission.State.SPAM:
            raise ConfirmationError(_("This form is no longer held as suspected spam."), code="released")
        skills = list(Skill.objects.filter(pk__in=submission.skill_ids))
        _act_on(submission, skills, notify=True)
    return submission


def _submission(mission, volunteer_data, skills, message, answers, language, proposals=False):
    return Submission(
        # Sent from any language version: it is for the one mission (the visitor's
        # language is kept beside it).
        mission=mission.canonical,
        details={name: volunteer_data.get(name) for name in Submission.DETAIL_FIELDS},
        skill_ids=sorted(skill.pk for skill in skills),
        message=message,
        answers=answers or {},
        language=language,
        consent_at=timezone.now(),
        consent_version=get_setting("CONSENT_VERSION"),
        proposals=bool(proposals),
    )


def _act_on(submission, skills, *, notify):
    """Create or find the volunteer and the application ``submission`` is for, and
    decide whether it applies now or waits for its owner's confirmation."""
    data = submission.details
    # The notice shown with the application (its version, when); the volunteer's own
    # consent_at is the opt-in to be proposed missions, given only by ticking it.
    consent = {"consent_at": submission.consent_at, "consent_version": submission.consent_version}
    opt_in = consent if submission.proposals else {}
    # What this creates is indexed by one task (``index_together``), not one per save.
    with disable_reference_index_auto_update():
        volunteer, is_new = _volunteer_for(data["email"].strip(), data, skills, opt_in)
        application, created = _application_for(
            submission.mission,
            volunteer,
            message=submission.message,
            answers=submission.answers,
            language=submission.language,
            consent=consent,
            status=None if is_new else S.UNCONFIRMED,
            new_volunteer=is_new,
        )
    index_together(*([volunteer] if is_new else []), *([application] if created else []))
    if created:
        application.skills_offered.add(*skills)
    submission.application = application
    if is_new:
        submission.state = Submission.State.APPLIED
    else:
        submission.state = Submission.State.AWAITING
        # Only the latest post can be confirmed: an older link no longer applies.
        application.submissions.filter(state=Submission.State.AWAITING).update(state=Submission.State.SUPERSEDED)
    submission.save()
    if notify:
        if is_new:
            notify_volunteer_or_editors(application, "received", submission)
            notify_volunteer_or_editors(application, "new", submission)
        else:
            notify_volunteer_or_editors(application, "confirm", submission)


def _volunteer_for(email, data, skills, consent):
    """The volunteer this address belongs to, untouched; or a new one made from what
    was typed. Returns ``(volunteer, is_new)``."""
    volunteer = Volunteer.objects.select_for_update().filter(email__iexact=email).first()
    if volunteer is not None:
        return volunteer, False
    volunteer = Volunteer(
        email=email,
        **{k: v for k, v in data.items() if k != "email" and v not in (None, "")},
        **consent,
    )
    try:
        with transaction.atomic():
            volunteer.add_with_skills(skills)
    except IntegrityError:  # created by a concurrent submission: that one is "known"
        return Volunteer.objects.get(email__iexact=email), False
    return volunteer, True


def _arrival_status(mission):
    """Where an application arriving now lands: the waiting list of a full mission."""
    return S.WAITING_LIST if mission.is_full else S.SUBMITTED


def _application_for(mission, volunteer, *, message, answers, language, consent, status=None, new_volunteer=False):
    """The volunteer's application to ``mission``, created (in ``status``, else where
    an arrival lands) when there is none (a ``new_volunteer`` has none: nothing to
    look for). Returns ``(application, created)``."""
    status = status or _arrival_status(mission)
    fields = {"status": status, "message": message, "answers": answers, "language": language, **consent}
    if new_volunteer:
        application = Application.objects.create(mission=mission, volunteer=volunteer, **fields)
        _log(application, status, note=_("Application received"))
        return application, True
    try:
        with transaction.atomic():
            application, created = Application.objects.get_or_create(
                mission=mission,
                volunteer=volunteer,
                defaults={
                    "status": status,
                    "message": message,
                    "answers": answers,
                    "language": language,
                    **consent,
                },
            )
    except IntegrityError:  # the same person submitted twice at once
        return Application.objects.get(mission=mission, volunteer=volunteer), False
    if created:
        note = _("Form received; waiting for the address's confirmation") if status == S.UNCONFIRMED else ""
        _log(application, status, note=note or _("Application received"))
    return application, created


def apply_as(volunteer, mission, *, message="", answers=None, language="", notify=True):
    """A volunteer signed in to their space applies: the session proved the address,
    so nothing waits for a confirmation; their record is the application's details
    (kept, as every post is, in a ``Submission``). Raises ``TransitionError`` when the
    mission takes no applications or they already applied to it."""
    mission = mission.canonical
    if reason := mission.application_closed_reason():
        raise TransitionError(reason, code="closed")
    skills = list(volunteer.skills.all())
    sought = {skill.pk for skill in mission.skills.all()}
    offered = [skill for skill in skills if skill.pk in sought] or skills
    now = timezone.now()
    with transaction.atomic():
        consent = {"consent_at": now, "consent_version": get_setting("CONSENT_VERSION")}
        application, created = _application_for(
            mission, volunteer, message=message, answers=answers or {}, language=language, consent=consent
        )
        if not created:
            raise TransitionError(_("You already applied to this mission."), code="duplicate")
        application.skills_offered.set(offered)
        submission = Submission.objects.create(
            mission=mission,
            application=application,
            details={name: getattr(volunteer, name) for name in Submission.DETAIL_FIELDS},
            skill_ids=sorted(skill.pk for skill in offered),
            message=message,
            answers=answers or {},
            language=language,
            proposals=volunteer.consent_at is not None,
            state=Submission.State.APPLIED,
            **consent,
        )
        if notify:
            notify_volunteer_or_editors(application, "received", submission)
            notify_volunteer_or_editors(application, "new", submission)
    return application


def confirm(submission):
    """The owner of the address confirmed ``submission``: its details now apply to
    the volunteer, its message, answers and skills to the application, and a
    withdrawn application comes back. Single use; an inactive volunteer stays so."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state == Submission.State.LAPSED:
            raise ConfirmationError(
                _(
                    "This form was not confirmed in time, so nothing was applied: "
                    "send it again from the mission's page."
                ),
                code="lapsed",
            )
        if submission.state != Submission.State.AWAITING:
            raise ConfirmationError(
                _("This confirmation link was already used, or a newer form replaced it."),
                code="used",
            )
        application = (
            Application.objects.select_for_update().select_related("mission").get(pk=submission.application_id)
        )
        volunteer = Volunteer.objects.select_for_update().get(pk=application.volunteer_id)
        for name in Submission.DETAIL_FIELDS:
            value = submission.details.get(name)
            if name != "email" and value not in (None, ""):
                setattr(volunteer, name, value)
        if submission.proposals:  # an unticked box withdraws nothing: that is done in the space
            volunteer.consent_at, volunteer.consent_version = submission.consent_at, submission.consent_version
        volunteer.save()
        skills = list(Skill.objects.filter(pk__in=submission.skill_ids))
        volunteer.skills.add(*skills)
        application.message, application.answers = submission.message, submission.answers
        application.language = submission.language or application.language
        application.consent_at, application.consent_version = submission.consent_at, submission.consent_version
        update = ["message", "answers", "language", "consent_at", "consent_version", "updated_at"]
        reopened = application.status in (S.WITHDRAWN, S.UNCONFIRMED)
        if reopened:
            status = _arrival_status(application.mission)
            note = _("Applied again (confirmed by e-mail)") if application.status == S.WITHDRAWN else ""
            _log(application, status, from_status=application.status, note=note or _("Confirmed by e-mail"))
            application.status = status
            update.append("status")
        application.save(update_fields=update)
        application.skills_offered.set(skills)
        Submission.objects.filter(pk=submission.pk).update(
            state=Submission.State.CONFIRMED, confirmed_at=timezone.now()
        )
        if reopened:
            notify_volunteer_or_editors(application, "new")
    return application


def change_status(application, to_status, *, actor=None, note="", hours=None, notify=True, message=None):
    """Move ``application`` to ``to_status``, keeping the mission's places exact.

    ``message`` is the team's word in the e-mail that tells the volunteer (accepted,
    declined, waiting list): None for the mission's or portal's text, "" for none. Sent,
    it is kept in the application's conversation, as the volunteer read it.

    ``hours`` (when completing) is the total of hours done as the editor sees it: what
    it adds to the approved ledger becomes a line "entered at completion" by ``actor``;
    a total below the approved lines contradicts them and is refused.

    Raises ``TransitionError`` (or ``CapacityError``) with a translated message, and
    changes nothing, when the move is not allowed.
    """
    to_status = S(to_status)
    with transaction.atomic():
        current = Application.objects.select_for_update().select_related("mission").get(pk=application.pk)
        from_status = S(current.status)
        if to_status not in allowed_transitions(from_status):
            raise TransitionError(
                _("An application cannot go from “%(from)s” to “%(to)s”.")
                % {"from": from_status.label, "to": to_status.label},
                code="transition",
            )
        completion_hours = hours_to_enter(current, hours) if to_status == S.COMPLETED else 0
        if to_status in HOLDS_PLACE and from_status not in HOLDS_PLACE:
            _take_place(current.mission)
        elif from_status in HOLDS_PLACE and to_status not in HOLDS_PLACE:
            _free_place(current.mission)
        changes = {"status": to_status, "updated_at": timezone.now()}
        # Conditional on the status we read: a concurrent change makes this a no-op.
        if not Application.objects.filter(pk=current.pk, status=from_status).update(**changes):
            raise TransitionError(
                _("This application was changed by someone else; reload and try again."),
                code="concurrent",
            )
        _log(current, to_status, from_status=from_status, actor=actor, note=note)
        if completion_hours:
            enter_hours(
                current,
                actor if actor is not None and actor.is_authenticated else None,
                date=timezone.localdate(),
                hours=completion_hours,
                description="",
                source=HoursDeclaration.Source.COMPLETION,
            )
        if S.ACCEPTED in (from_status, to_status):  # the update sent no signal
            VolunteerSkill.refresh_active_missions([current.volunteer_id])
        for field, value in changes.items():
            setattr(application, field, value)
        if notify and to_status in NOTIFIED:
            kind = NOTIFIED[to_status]
            word = (default_answer(current.mission, kind) if message is None else message).strip()
            kept = (
                ApplicationMessage.objects.create(
                    application=current,
                    author=ApplicationMessage.Author.TEAM,
                    body=word,
                    author_user=actor if actor is not None and actor.is_authenticated else None,
                )
                if word
                else None
            )
            notify_volunteer_or_editors(application, kind, message=kept)
        if to_status == S.COMPLETED and notify:
            notify_feedback_requests(application)
        if to_status == S.COMPLETED and get_setting("AUTO_ISSUE_CERTIFICATES"):
            issue_certificate(current, user=actor, notify=notify)
    return application


def hours_to_enter(application, total):
    """What a completion's "hours done" adds to the ledger (refused when it says less
    than the approved lines, or while declarations wait for review); 0 for None."""
    if total is None:
        return 0
    total = Decimal(total).quantize(Decimal("0.01"))
    if total < 0:
        raise TransitionError(_("Hours cannot be negative."), code="hours")
    approved = HoursDeclaration.objects.approved_total(application)
    if total == approved:
        return 0
    if total < approved:
        raise TransitionError(
            _(
                "%(approved)s hours are already approved for this application: the hours done "
                "cannot be fewer. Leave the field at %(approved)s, or correct the lines first."
            )
            % {"approved": approved},
            code="hours_contradict",
        )
    pending = application.hours_declarations.filter(status=HoursDeclaration.Status.PENDING).count()
    if pending:
        raise TransitionError(
            ngettext(
                "%(count)s declaration of hours is waiting for review: approve or reject it "
                "before adding hours at completion.",
                "%(count)s declarations of hours are waiting for review: approve or reject "
                "them before adding hours at completion.",
                pending,
            )
            % {"count": pending},
            code="hours_pending",
        )
    return total - approved


def _take_place(mission):
    places = MissionPage.objects.filter(pk=mission.pk).values_list("places_available", flat=True).get()
    MissionCapacity.objects.get_or_create(mission_id=mission.pk)
    # The one statement that decides: it can only succeed while a place is free.
    taken = MissionCapacity.objects.filter(mission_id=mission.pk, accepted__lt=places).update(
        accepted=F("accepted") + 1
    )
    if not taken:
        raise CapacityError(
            _("All %(places)s places of this mission are taken.") % {"places": places},
            code="full",
        )
    places_changed.send(sender=MissionPage, mission=mission)  # listings show places and "full"


def _free_place(mission):
    MissionCapacity.objects.filter(mission_id=mission.pk, accepted__gt=0).update(accepted=F("accepted") - 1)
    places_changed.send(sender=MissionPage, mission=mission)
