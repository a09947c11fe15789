"""Attestations issued to volunteers for completed applications.

A certificate is a record of what was attested on the day it was issued: the facts
and the PDF are written once, at issue, and nothing that happens to the volunteer,
the mission or the settings afterwards changes them. Correcting means issuing a new
certificate (the old one is revoked and stays verifiable as such).
"""

import os
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

STORAGE_ALIAS = "skilldonation_certificates"


def certificate_storage():
    """Where issued PDFs are kept: ``STORAGES["skilldonation_certificates"]`` when the
    site defines it, else a folder beside ``MEDIA_ROOT`` that is never served."""
    if STORAGE_ALIAS in settings.STORAGES:
        return storages[STORAGE_ALIAS]
    media_root = os.path.abspath(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else os.getcwd()
    return FileSystemStorage(
        location=os.path.join(os.path.dirname(media_root), "skilldonation-private"),
        base_url=None,
    )


class CertificateIsIssued(ValueError):
    """Raised when code tries to rewrite an issued certificate's facts."""


class Certificate(models.Model):
    """One attestation; an application has at most one live (non-revoked) one."""

    # What may change after issue: the revocation, and the stored file once (for
    # certificates issued before files were kept). Everything else is the record.
    MUTABLE_FIELDS = {"revoked_at", "revoked_reason", "pdf", "sha256", "size"}

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

    # The facts attested, as they were at issue.
    holder_name = models.CharField(_("holder's name"), max_length=201, blank=True)
    holder_withheld_at = models.DateTimeField(_("name withheld at the holder's request on"), null=True, blank=True)
    mission_title = models.CharField(_("mission"), max_length=255, default="")
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    # The issuing association: name, rna, siret, address, signatory_name,
    # signatory_title, closing_text.
    issuer = models.JSONField(_("issuer"), default=dict, encoder=DjangoJSONEncoder)
    period_start = models.DateField(_("participation from"), null=True, blank=True)
    period_end = models.DateField(_("participation until"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, default=0)
    skills = models.JSONField(_("skills"), default=list)
    # [{"title", "indicator", "result"}]: result from the feedback ("" when none).
    objectives = models.JSONField(_("objectives"), default=list)

    # The PDF as issued, with what proves a copy is that file.
    pdf = models.FileField(_("PDF"), storage=certificate_storage, blank=True, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(_("PDF size (bytes)"), null=True, blank=True)
    # The Open Badges 3.0 credential signed at issue (VC-JWT; ``certificates.credential``).
    credential = models.TextField(_("open credential (VC-JWT)"), blank=True, editable=False)

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

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE_FIELDS:
                raise CertificateIsIssued("An issued certificate never changes: issue a new one instead.")
        super().save(*args, **kwargs)

    # What the verification page, the download and the e-mails read. Plain methods
    # behind the properties: mutation tools skip decorated functions.
    def revoked(self):
        return self.revoked_at is not None

    def withheld(self):
        return self.holder_withheld_at is not None

    is_revoked = property(revoked)
    is_withheld = property(withheld)

    @property
    def hours_shown(self):
        """The hours with the decimals they have: 18, 18.5, 18.25 (never 18.50)."""
        for places in (Decimal(1), Decimal("0.1")):
            if self.hours == self.hours.quantize(places):
                return self.hours.quantize(places)
        return self.hours.quantize(Decimal("0.01"))


class CertificateBatch(models.Model):
    """Certificates issued in bulk by a task: the applications it took on, kept in the
    database so its page shows progress on any server, and after a restart."""

    id = models.UUIDField(primary_key=True, editable=False)
    application_ids = models.JSONField(default=list)
    # {application id: why its certificate could not be issued} (a full storage…).
    failures = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
