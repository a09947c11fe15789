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


def notify_revocation(certificate):
    """Tell the holder their certificate was revoked, and why (in the transaction that
    revokes it)."""
    application = certificate.application
    return outbox.queue(
        "certificate_revoked",
        application.volunteer.email,
        language=certificate.language,
        application=application,
        certificate=certificate,
    )


@outbox.builds("certificate_revoked")
def build_revocation(mail):
    certificate = mail.certificate
    if certificate.holder_withheld_at:
        raise outbox.NotNeeded("withdrawn")  # its holder forgotten meanwhile: nobody to tell
    application = certificate.application
    mission = application.mission
    context = {
        "certificate": certificate,
        "volunteer": application.volunteer,
        "mission": mission,
        "portal": portal_settings(mission),
        "verification_url": verification_url(certificate),
    }
    return render_message("certificate_revoked", context, [application.volunteer.email], mail.language)
