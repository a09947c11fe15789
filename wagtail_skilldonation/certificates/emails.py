"""The e-mails about a certificate, to its holder: the certificate itself (PDF
attached), and its revocation with the reason."""

from ..mail import outbox, portal_settings, render_message
from . import sharing
from .files import stored_pdf
from .links import download_url, verification_url


def _queue(kind, certificate):
    """Record ``kind`` for the certificate's holder, in the certificate's language, in
    the transaction that issues or revokes it."""
    application = certificate.application
    return outbox.queue(
        kind,
        application.volunteer.email,
        language=certificate.language,
        application=application,
        certificate=certificate,
    )


def _message(kind, mail, **links):
    """What both e-mails say of the certificate, to the address on record now."""
    certificate = mail.certificate
    application = certificate.application
    context = {
        "certificate": certificate,
        "volunteer": application.volunteer,
        "mission": application.mission,
        "portal": portal_settings(application.mission),
        "verification_url": verification_url(certificate),
        **links,
    }
    return render_message(kind, context, [application.volunteer.email], mail.language)


def notify_certificate(certificate):
    return _queue("certificate", certificate)


def notify_revocation(certificate):
    """Tell the holder their certificate was revoked, and why."""
    return _queue("certificate_revoked", certificate)


@outbox.builds("certificate")
def build(mail):
    certificate = mail.certificate
    if certificate.revoked_at or certificate.holder_withheld_at:
        raise outbox.NotNeeded("withdrawn")  # revoked or its holder forgotten meanwhile
    message = _message(
        "certificate",
        mail,
        download_url=download_url(certificate),
        credential_url=sharing.credential_url(certificate, download=1),
    )
    message.attach(f"attestation-{certificate.code}.pdf", stored_pdf(certificate), "application/pdf")
    return message


@outbox.builds("certificate_revoked")
def build_revocation(mail):
    if mail.certificate.holder_withheld_at:
        raise outbox.NotNeeded("withdrawn")  # its holder forgotten meanwhile: nobody to tell
    return _message("certificate_revoked", mail)
