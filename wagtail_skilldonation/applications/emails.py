"""E-mails about an application: received (volunteer), confirm (a form sent again with
a known address), new (editors), and the status changes the volunteer is told about.

Mails to the volunteer go to the address on record, never to what a form typed: when
someone else typed it, its owner reads what was sent in their name.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..followup.hours import link_url as hours_link_url
from ..links import absolute_url, page_url, portal_url
from ..mail import outbox, portal_settings, render_message
from ..models import ApplicationMessage, Submission
from .confirmation import link_url as confirm_link_url

# kind → who receives it
VOLUNTEER_KINDS = {"received", "confirm", "accepted", "declined", "waiting_list"}
EDITOR_KINDS = {"new"}
KINDS = VOLUNTEER_KINDS | EDITOR_KINDS


# Status e-mails that carry the team's personal word (``default_answer``).
ANSWERED_KINDS = ("accepted", "declined", "waiting_list")


def notify(application, kind, submission=None, message=None):
    """Record ``kind`` about ``application`` (and the form ``submission`` that caused
    it, or the team's ``message`` it carries) in the outbox, in the current
    transaction; it is sent once that commits."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    to = recipients(application, kind)
    return outbox.queue(
        kind,
        to[0] if to else "",
        language=language_of(application, kind),
        application=application,
        submission=submission,
        message=message,
    )


def default_answer(mission, kind):
    """The team's word for a status e-mail: the mission's own text, else the portal's."""
    if kind not in ANSWERED_KINDS:
        return ""
    own = getattr(mission, f"answer_{kind}", "")
    if own.strip():
        return own.strip()
    portal = portal_settings(mission)
    return (getattr(portal, f"answer_{kind}", "") or "").strip() if portal else ""


def recipients(application, kind):
    if kind in VOLUNTEER_KINDS:
        return [application.volunteer.email]
    mission = application.mission
    if mission.contact_email:
        return [mission.contact_email]
    portal = portal_settings(mission)
    return [portal.notification_email] if portal and portal.notification_email else []


def language_of(application, kind):
    if kind in VOLUNTEER_KINDS and application.language:
        return application.language
    return settings.LANGUAGE_CODE


@outbox.builds(*KINDS)
def build(mail):
    """The message of an outbox row, from the records as they are now."""
    application = mail.application
    if mail.kind == "confirm" and not (
        mail.submission_id
        and application.submissions.filter(pk=mail.submission_id, state=Submission.State.AWAITING).exists()
    ):
        raise outbox.NotNeeded("used")  # confirmed, replaced or erased meanwhile
    personal = mail.message.body if mail.message_id else ""
    return build_message(application, mail.kind, mail.submission_id, language=mail.language, personal=personal)


def build_message(application, kind, submission_id=None, language=None, personal="", preview=False):
    """The message; ``preview`` for the editor's eyes: the volunteer's own signed links
    are named, not given (whoever holds one acts as the volunteer)."""
    to = recipients(application, kind)  # the address on record now; [] for nobody
    context = {**_about(application), "inbox_url": _inbox_url(application), "personal": personal}
    if kind == "accepted":
        context["hours_url"] = _("[the volunteer's own link]") if preview else hours_link_url(application)
    if submission_id is not None:
        # The form that caused this mail, while it still waits for its owner's word.
        # Its link goes to the address on record only, never to the editors.
        submission = application.submissions.filter(pk=submission_id, state=Submission.State.AWAITING).first()
        if submission is not None:
            context["differences"] = submission.differences(application.volunteer)
            if kind in VOLUNTEER_KINDS:
                context["confirm_url"] = confirm_link_url(submission)
                context["confirm_days"] = max(1, get_setting("CONFIRM_LINK_MAX_AGE") // 86400)
    return render_message(kind, context, to, language or language_of(application, kind))


def _about(application):
    """What every e-mail about an application says it is about."""
    mission = application.mission
    return {
        "application": application,
        "volunteer": application.volunteer,
        "mission": mission,
        "mission_url": page_url(mission),
        "portal": portal_settings(mission),
    }


def _inbox_url(application):
    try:
        path = reverse(
            "wagtail_skilldonation_application_modeladmin_inspect",
            args=[application.pk],
        )
    except NoReverseMatch:
        return ""
    return absolute_url(path)


def notify_message(message):
    """Queue the e-mail telling the other side of ``message`` (volunteer ↔ team)."""
    application = message.application
    if message.author == ApplicationMessage.Author.TEAM:
        kind, language = "message_to_volunteer", application.language or settings.LANGUAGE_CODE
        to = application.volunteer.email
    else:
        kind, language = "message_to_team", settings.LANGUAGE_CODE
        to = (recipients(application, "new") or [""])[0]
    return outbox.queue(kind, to, language=language, application=application, message=message)


@outbox.builds("message_to_volunteer", "message_to_team")
def build_conversation(mail):
    message, application = mail.message, mail.application
    to_volunteer = mail.kind == "message_to_volunteer"
    to = [application.volunteer.email] if to_volunteer else recipients(application, "new")
    if not to:
        raise outbox.NoRecipient("no-recipient")
    context = {
        **_about(application),
        "message": message,
        "reply_url": portal_url("space_application", application.pk) if to_volunteer else _inbox_url(application),
    }
    return render_message(mail.kind, context, to, mail.language or settings.LANGUAGE_CODE)
