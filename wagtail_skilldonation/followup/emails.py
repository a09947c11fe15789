"""The feedback requests sent to both sides when an application is completed."""

from django.conf import settings

from ..mail import outbox, portal_settings, render_message
from .feedback import link_url


def notify_feedback_requests(application):
    """Ask the volunteer and the beneficiary's contact how the mission went: one mail
    each (a beneficiary without a contact address is not asked)."""
    organisation = application.mission.specific.organisation
    mails = [
        outbox.queue(
            "feedback",
            application.volunteer.email,
            language=application.language or settings.LANGUAGE_CODE,
            application=application,
            role="volunteer",
        )
    ]
    if organisation and organisation.contact_email:
        mails.append(
            outbox.queue(
                "feedback",
                organisation.contact_email,
                language=settings.LANGUAGE_CODE,
                application=application,
                role="beneficiary",
            )
        )
    return mails


@outbox.builds("feedback")
def build(mail):
    application = mail.application
    mission = application.mission.specific
    organisation = mission.organisation
    if mail.role == "volunteer":
        to = [application.volunteer.email]
    else:
        to = [organisation.contact_email] if organisation and organisation.contact_email else []
    context = {
        "role": mail.role,
        "volunteer": application.volunteer,
        "mission": mission,
        "organisation": organisation,
        "portal": portal_settings(mission),
        "feedback_url": link_url(application, mail.role),
    }
    return render_message("feedback", context, to, mail.language)
