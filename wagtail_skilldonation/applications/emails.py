"""E-mails about an application: received (volunteer), confirm (a form sent again with
a known address), new (editors), and the status changes the volunteer is told about.

Mails to the volunteer go to the address on record, never to what a form typed: when
someone else typed it, its owner reads what was sent in their name.
"""

import logging

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django_tasks import task

from ..followup.hours import link_url as hours_link_url
from ..conf import get_setting
from ..links import absolute_url, page_url
from ..mail import deliver, enqueue_on_commit, portal_settings, render_message
from ..models import Application, Submission
from .confirmation import link_url as confirm_link_url

logger = logging.getLogger(__name__)

# kind → who receives it
VOLUNTEER_KINDS = {"received", "confirm", "accepted", "declined", "waiting_list"}
EDITOR_KINDS = {"new"}
KINDS = VOLUNTEER_KINDS | EDITOR_KINDS


def notify(application, kind, submission=None):
    """Send ``kind`` about ``application`` (and the form ``submission`` that caused
    it) once the current transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    enqueue_on_commit(
        send_application_email, application.pk, kind, submission.pk if submission else None
    )


@task()
def send_application_email(application_id: int, kind: str, submission_id: int | None = None) -> bool:
    application = (
        Application.objects.select_related("mission", "volunteer")
        .filter(pk=application_id)
        .first()
    )
    if application is None:  # deleted (e.g. purged) before the task ran
        return False
    if kind == "confirm" and not application.submissions.filter(
        pk=submission_id, state=Submission.State.AWAITING
    ).exists():
        return False  # confirmed, replaced or erased meanwhile: nothing to confirm
    message = build_message(application, kind, submission_id)
    if message is None:
        logger.warning("No recipient for %s e-mail of application %s", kind, application_id)
        return False
    return deliver(message, f"the {kind} e-mail of application {application_id}")


def recipients(application, kind):
    if kind in VOLUNTEER_KINDS:
        return [application.volunteer.email]
    mission = application.mission
    if mission.contact_email:
        return [mission.contact_email]
    portal = portal_settings(mission)
    return [portal.notification_email] if portal and portal.notification_email else []


def build_message(application, kind, submission_id=None):
    to = recipients(application, kind)
    if not to:
        return None
    language = (
        application.language if kind in VOLUNTEER_KINDS and application.language else None
    ) or settings.LANGUAGE_CODE
    mission = application.mission
    context = {
        "application": application,
        "volunteer": application.volunteer,
        "mission": mission,
        "mission_url": page_url(mission),
        "portal": portal_settings(mission),
        "inbox_url": _inbox_url(application),
    }
    if kind == "accepted":
        context["hours_url"] = hours_link_url(application)
    if submission_id is not None:
        # The form that caused this mail, while it still waits for its owner's word.
        # Its link goes to the address on record only, never to the editors.
        submission = application.submissions.filter(
            pk=submission_id, state=Submission.State.AWAITING
        ).first()
        if submission is not None:
            context["differences"] = submission.differences(application.volunteer)
            if kind in VOLUNTEER_KINDS:
                context["confirm_url"] = confirm_link_url(submission)
                context["confirm_days"] = max(1, get_setting("CONFIRM_LINK_MAX_AGE") // 86400)
    return render_message(kind, context, to, language)


def _inbox_url(application):
    try:
        path = reverse(
            "wagtail_skilldonation_application_modeladmin_inspect",
            args=[application.pk],
        )
    except NoReverseMatch:
        return ""
    return absolute_url(path)
