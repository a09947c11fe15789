"""The e-mail that brings a volunteer their certificate (PDF attached)."""

from django_tasks import task

from ..mail import deliver, enqueue_on_commit, portal_settings, render_message
from ..models import Certificate
from .links import download_url, verification_url
from .files import stored_pdf


def notify_certificate(certificate):
    enqueue_on_commit(send_certificate_email, certificate.pk)


@task()
def send_certificate_email(certificate_id: int) -> bool:
    certificate = (
        Certificate.objects.select_related("application__volunteer", "application__mission")
        .filter(pk=certificate_id, revoked_at__isnull=True, holder_withheld_at__isnull=True)
        .first()
    )
    if certificate is None:  # revoked or its holder forgotten meanwhile
        return False
    application = certificate.application
    mission = application.mission
    context = {
        "certificate": certificate,
        "volunteer": application.volunteer,
        "mission": mission,
        "portal": portal_settings(mission),
        "verification_url": verification_url(certificate),
        "download_url": download_url(certificate),
    }
    message = render_message(
        "certificate", context, [application.volunteer.email], certificate.language
    )
    message.attach(
        f"attestation-{certificate.code}.pdf",
        stored_pdf(certificate),
        "application/pdf",
    )
    return deliver(message, f"certificate {certificate_id}")
