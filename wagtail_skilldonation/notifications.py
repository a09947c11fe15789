"""E-mails to volunteers and editors, sent by ``django_tasks`` tasks after commit.

Tasks take primitive arguments (an id and a kind) so any task backend can carry them;
a failing mail server only fails the task (logged, retryable), never the application.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string, select_template
from django.utils import translation
from django_tasks import task

from .links import absolute_url

logger = logging.getLogger(__name__)

# kind → who receives it
VOLUNTEER_KINDS = {"received", "accepted", "declined", "waiting_list"}
EDITOR_KINDS = {"new"}
KINDS = VOLUNTEER_KINDS | EDITOR_KINDS


def notify(application, kind):
    """Send ``kind`` about ``application`` once the current transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    transaction.on_commit(partial(send_application_email.enqueue, application.pk, kind))


@task()
def send_application_email(application_id: int, kind: str) -> bool:
    from .models import Application

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


def deliver(message, what):
    try:
        message.send()
    except Exception:
        logger.exception("Sending %s failed", what)
        raise  # the task is marked failed and can be retried by the backend
    return True


def recipients(application, kind):
    if kind in VOLUNTEER_KINDS:
        return [application.volunteer.email]
    mission = application.mission
    if mission.contact_email:
        return [mission.contact_email]
    portal = _portal_settings(mission)
    return [portal.notification_email] if portal and portal.notification_email else []


def _portal_settings(mission):
    from .models import PortalSettings

    site = mission.get_site()
    return PortalSettings.for_site(site) if site else None


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
        "portal": _portal_settings(mission),
        "inbox_url": _inbox_url(application),
    }
    if kind == "accepted":
        from .hours import link_url

        context["hours_url"] = link_url(application)
    return render_message(kind, context, to, language)


def render_message(kind, context, to, language):
    """Subject, text and HTML from ``emails/<kind>…`` templates, in ``language``."""
    with translation.override(language):
        prefix = "wagtail_skilldonation/emails/"
        subject = render_to_string(f"{prefix}{kind}_subject.txt", context)
        # Headers must be one line whatever a name or title contains.
        subject = " ".join(subject.split())
        text = render_to_string(f"{prefix}{kind}.txt", context)
        html = select_template([f"{prefix}{kind}.html", f"{prefix}base.html"]).render(
            {**context, "subject": subject, "body_text": text}
        )
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def notify_feedback_requests(application):
    transaction.on_commit(partial(send_feedback_requests.enqueue, application.pk))


@task()
def send_feedback_requests(application_id: int) -> int:
    """Ask the volunteer and the beneficiary's contact how the mission went."""
    from .feedback import link_url
    from .models import Application

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
            "portal": _portal_settings(mission),
            "feedback_url": link_url(application, role),
        }
        message = render_message("feedback", context, [email], language or settings.LANGUAGE_CODE)
        sent += deliver(message, f"the feedback request of application {application_id}")
    return sent


def notify_invitation(invitation):
    transaction.on_commit(partial(send_invitation_email.enqueue, invitation.pk))


@task()
def send_invitation_email(invitation_id: int) -> bool:
    from .models import Invitation

    invitation = (
        Invitation.objects.select_related("mission", "volunteer", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return False
    mission = invitation.mission
    context = {
        "invitation": invitation,
        "volunteer": invitation.volunteer,
        "mission": mission,
        "mission_url": mission.get_full_url(),
        "portal": _portal_settings(mission),
    }
    message = render_message(
        "invitation", context, [invitation.volunteer.email], settings.LANGUAGE_CODE
    )
    return deliver(message, f"invitation {invitation_id}")


def notify_certificate(certificate):
    transaction.on_commit(partial(send_certificate_email.enqueue, certificate.pk))


@task()
def send_certificate_email(certificate_id: int) -> bool:
    from . import certificates
    from .models import Certificate

    certificate = (
        Certificate.objects.select_related("application__volunteer", "application__mission")
        .filter(pk=certificate_id, revoked_at__isnull=True)
        .first()
    )
    if certificate is None:  # revoked or deleted meanwhile
        return False
    application = certificate.application
    mission = application.mission
    context = {
        "certificate": certificate,
        "volunteer": application.volunteer,
        "mission": mission,
        "portal": _portal_settings(mission),
        "verification_url": certificates.verification_url(certificate),
        "download_url": certificates.download_url(certificate),
    }
    message = render_message(
        "certificate", context, [application.volunteer.email], certificate.language
    )
    message.attach(
        f"attestation-{certificate.code}.pdf",
        certificates.render_certificate_pdf(certificate),
        "application/pdf",
    )
    return deliver(message, f"certificate {certificate_id}")


def _inbox_url(application):
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse(
            "wagtail_skilldonation_application_modeladmin_inspect",
            args=[application.pk],
        )
    except NoReverseMatch:
        return ""
    return absolute_url(path)
