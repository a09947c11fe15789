"""The e-mail that brings a volunteer their certificate (PDF attached)."""

from ..mail import outbox, portal_settings, render_message
from .files import stored_pdf
from .links import download_url, verification_url


def notify_certificate(certificate):
    application = certificate.application
    return outbox.queue(
        "certificate",
        application.volunteer.email,
        language=certificate.language,
        application=application,
        certificate=certificate,
    )


@outbox.builds("certificate")
def build(mail):
    certificate = mail.certificate
    if certificate.revoked_at or certificate.holder_withheld_at:
        raise outbox.NotNeeded("withdrawn")  # revoked or its holder forgotten meanwhile
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
    message = render_message("certificate", context, [application.volunteer.email], mail.language)
    message.attach(f"attestation-{certificate.code}.pdf", stored_pdf(certificate), "application/pdf")
    return message
