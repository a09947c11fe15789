"""Attestations issued to volunteers for completed applications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """One attestation; an application has at most one live (non-revoked) one."""

    application = models.ForeignKey(
        "wagtail_skilldonation.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # 80 random bits in Crockford base32, grouped by four: short enough to type.
    code = models.CharField(_("code"), max_length=24, unique=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(revoked_at__isnull=True),
                name="skilldonation_one_live_certificate",
            )
        ]

    def __str__(self):
        return self.code

    @property
    def is_revoked(self):
        return self.revoked_at is not None
