"""Issuing and revoking certificates: one live certificate per completed application."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Application, ApplicationStatus, Certificate
from .codes import new_code
from .emails import notify_certificate


class CertificateError(ValidationError):
    pass


def issue(application, *, user=None, language=None, notify=True):
    """Issue the certificate of a completed application; re-issuing revokes the
    live one first (e.g. after correcting hours). Returns the new certificate."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.COMPLETED:
            raise CertificateError(
                _("Only completed applications get a certificate."), code="not_completed"
            )
        Certificate.objects.filter(application=application, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=str(_("Replaced by a new certificate"))
        )
        certificate = Certificate.objects.create(
            application=application,
            code=new_code(),
            language=language or application.language or settings.LANGUAGE_CODE,
            issued_by=user if user is not None and user.is_authenticated else None,
        )
        if notify:
            notify_certificate(certificate)
    return certificate


def revoke(certificate, reason=""):
    Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    certificate.refresh_from_db()
    return certificate
