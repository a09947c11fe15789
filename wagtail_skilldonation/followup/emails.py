"""The feedback requests sent to both sides when an application is completed."""

from django.conf import settings
from django_tasks import task

from ..mail import deliver, enqueue_on_commit, portal_settings, render_message
from ..models import Application
from .feedback import link_url


def notify_feedback_requests(application):
    enqueue_on_commit(send_feedback_requests, application.pk)


@task()
def send_feedback_requests(application_id: int) -> int:
    """Ask the volunteer and the beneficiary's contact how the mission went."""
    application = (
        Application.objects.select_related("mission", "volunteer").filter(pk=application_id).first()
    )
    if application is None:
        return 0
    mission = application.mission.specific
    organisation = mission.organisation
    recipients = [("volunteer", application.volunteer.email, application.language)]
    if organisation and organisation.contact_email:
        recipients.append(("beneficiary", organisation.contact_email, ""))
    sent = 0
    for role, email, language in recipients:
        context = {
            "role": role,
            "volunteer": application.volunteer,
            "mission": mission,
            "organisation": organisation,
            "portal": portal_settings(mission),
            "feedback_url": link_url(application, role),
        }
        message = render_message("feedback", context, [email], language or settings.LANGUAGE_CODE)
        sent += deliver(message, f"the feedback request of application {application_id}")
    return sent
