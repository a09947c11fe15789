"""E-mails about an application: received (volunteer), new (editors), and the status
changes the volunteer is told about."""

import logging

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django_tasks import task

from ..followup.hours import link_url as hours_link_url
from ..links import absolute_url
from ..mail import deliver, enqueue_on_commit, portal_settings, render_message
from ..models import Application

logger = logging.getLogger(__name__)

# kind → who receives it
VOLUNTEER_KINDS = {"received", "accepted", "declined", "waiting_list"}
EDITOR_KINDS = {"new"}
KINDS = VOLUNTEER_KINDS | EDITOR_KINDS


def notify(application, kind):
    """Send ``kind`` about ``application`` once the current transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    enqueue_on_commit(send_application_email, application.pk, kind)


@task()
def send_application_email(application_id: int, kind: str) -> bool:
    application = (
        Application.objects.select_related("mission", "volunteer")
        .filter(pk=application_id)
        .first()
    )
    if application is None:  # deleted (e.g. purged) before the task ran
        return False
    message = build_message(application, kind)
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


def build_message(application, kind):
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
        "mission_url": mission.get_full_url(),
        "portal": portal_settings(mission),
        "inbox_url": _inbox_url(application),
    }
    if kind == "accepted":
        context["hours_url"] = hours_link_url(application)
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
