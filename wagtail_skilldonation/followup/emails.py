"""The feedback requests sent to both sides when an application is completed."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..mail import outbox, portal_settings, render_message
from .feedback import link_url


def notify_feedback_requests(application):
    """Ask the volunteer and the beneficiary's contact how the mission went: one mail
    each (a beneficiary without a contact address is not asked)."""
    return [
        outbox.queue("feedback", address, language=language, application=application, role=role)
        for role, address, language in requests_of(application)
    ]


@outbox.builds("feedback")
def build(mail):
    return message(mail.application, mail.role, mail.language)


def message(application, role, language, preview=False):
    """The request to ``role``; ``preview`` for the editor's eyes, who sees the
    signed link named, not given (whoever holds it answers as that side)."""
    mission = application.mission.specific
    organisation = mission.organisation
    if role == "volunteer":
        to = [application.volunteer.email]
    else:
        to = [organisation.contact_email] if organisation and organisation.contact_email else []
    context = {
        "role": role,
        "volunteer": application.volunteer,
        "mission": mission,
        "organisation": organisation,
        "portal": portal_settings(mission),
        "feedback_url": _("[their own link]") if preview else link_url(application, role),
    }
    return render_message("feedback", context, to, language)


def requests_of(application):
    """Who is asked at completion, with the language each is written in (the same
    rule as ``notify_feedback_requests``): what the confirm step lists."""
    organisation = application.mission.specific.organisation
    asked = [("volunteer", application.volunteer.email, application.language or settings.LANGUAGE_CODE)]
    if organisation and organisation.contact_email:
        asked.append(("beneficiary", organisation.contact_email, settings.LANGUAGE_CODE))
    return asked
