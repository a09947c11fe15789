"""What an organisation brings by itself: a need proposed from the portal, kept as typed
until the team assesses it (the seed article's first strategy: assess the needs before
offering skills). Accepting one links or creates the ``Organisation`` and drafts a
``NeedPage`` from it; nothing is published by a proposal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import validate_rna, validate_siren_or_siret
from .choices import OrganisationKind


class NeedProposal(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSESSING = "assessing", _("Being assessed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        DUPLICATE = "duplicate", _("Duplicate")

    class Urgency(models.TextChoices):
        MONTHS = "months", _("Within a few months")
        WEEKS = "weeks", _("Within a few weeks")
        URGENT = "urgent", _("Urgent")

    # Who they are, as they typed it (matched to an Organisation when accepted).
    organisation_name = models.CharField(_("organisation"), max_length=255)
    organisation_kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.ASSOCIATION
    )
    siret = models.CharField(_("SIRET or SIREN"), max_length=20, blank=True, validators=[validate_siren_or_siret])
    rna = models.CharField(_("RNA number"), max_length=12, blank=True, validators=[validate_rna])
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The need, in their words.
    need = models.TextField(_("the need"))
    hoped_outcome = models.TextField(_("what they hope to achieve"), blank=True)
    skills = models.ManyToManyField("wagtail_skilldonation.Skill", verbose_name=_("skills"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MONTHS)
    availability = models.CharField(_("availability"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    # A hidden field filled in: kept, flagged, never lost silently.
    suspected_spam = models.BooleanField(_("suspected spam"), default=False, db_index=True)
    # The team's assessment.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    organisation = models.ForeignKey(
        "wagtail_skilldonation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    need_page = models.ForeignKey(
        "wagtail_skilldonation.NeedPage",
        verbose_name=_("need page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("the team's word"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("need proposal")
        verbose_name_plural = _("need proposals")
        ordering = ["-created_at", "-pk"]
        permissions = [("triage_needproposal", _("Can triage the needs organisations propose"))]

    def __str__(self):
        return f"{self.organisation_name}: {self.need[:60]}"

    @property
    def is_open(self):
        return self.status in (self.Status.NEW, self.Status.ASSESSING)
