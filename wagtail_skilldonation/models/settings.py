"""The issuing association's identity and the portal's house rules, per site."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string

from ..validators import normalise_identifier, validate_rna, validate_siren_or_siret
from .choices import SkillCategory


def _rate(label, default):
    return models.DecimalField(label, max_digits=7, decimal_places=2, default=Decimal(default))


@register_setting(icon="group")
class PortalSettings(BaseSiteSetting):
    association_name = models.CharField(_("association name"), max_length=255, blank=True)
    rna = models.CharField(_("RNA number"), max_length=12, blank=True, validators=[validate_rna])
    siret = models.CharField(_("SIRET"), max_length=20, blank=True, validators=[validate_siren_or_siret])
    address = models.TextField(_("address"), blank=True)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_name = models.CharField(_("signatory name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=200, blank=True)
    signature = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What every public page's footer shows (a recruiter checking a certificate, a
    # volunteer with a question: both need to know who answers).
    contact_email = models.EmailField(
        _("public contact e-mail"), blank=True, help_text=_("Shown in the footer of the portal's pages.")
    )
    contact_phone = models.CharField(_("public phone"), max_length=30, blank=True)
    legal_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_closing_text = models.TextField(
        _("certificate closing text"),
        blank=True,
        help_text=_("Printed at the bottom of every certificate."),
    )
    # Hourly rates used to value volunteer time ("valorisation du bénévolat").
    rate_strategy = _rate(_("hourly rate: strategy & management consulting"), "60")
    rate_training = _rate(_("hourly rate: training & mentoring"), "40")
    rate_technical = _rate(_("hourly rate: technical services"), "50")
    rate_communication = _rate(_("hourly rate: content creation & communication"), "45")
    rate_other = _rate(_("hourly rate: other skills"), "25")
    from_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_(
            "The portal's e-mails come from this address, with the association's name. "
            "Empty: the site's DEFAULT_FROM_EMAIL."
        ),
    )
    notification_email = models.EmailField(
        _("notification e-mail"),
        blank=True,
        help_text=_("Receives new applications when a mission has no contact e-mail."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("data retention (months)"),
        default=36,
        help_text=_("Personal data of inactive volunteers is purged after this delay."),
    )

    # What the team adds to the status e-mails (a mission's own text comes first).
    answer_accepted = models.TextField(
        _("when accepting"),
        blank=True,
        max_length=2000,
        help_text=_("Added to the e-mail telling a volunteer they are accepted, e.g. the next steps."),
    )
    answer_declined = models.TextField(
        _("when declining"),
        blank=True,
        max_length=2000,
        help_text=_("Added to the e-mail telling a volunteer they are not taken this time."),
    )
    answer_waiting_list = models.TextField(
        _("when putting on the waiting list"),
        blank=True,
        max_length=2000,
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("association_name"),
                FieldRowPanel([FieldPanel("rna"), FieldPanel("siret")]),
                FieldPanel("address"),
                FieldPanel("logo"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldRowPanel([FieldPanel("legal_page"), FieldPanel("privacy_page")]),
            ],
            heading=_("Issuing association"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
                FieldPanel("signature"),
                FieldPanel("certificate_closing_text"),
            ],
            heading=_("Certificates"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("rate_strategy"), FieldPanel("rate_training")]),
                FieldRowPanel([FieldPanel("rate_technical"), FieldPanel("rate_communication")]),
                FieldPanel("rate_other"),
            ],
            heading=_("Valuation of volunteer time (€ per hour)"),
        ),
        FieldRowPanel([FieldPanel("from_email"), FieldPanel("notification_email")]),
        MultiFieldPanel(
            [FieldPanel("answer_accepted"), FieldPanel("answer_declined"), FieldPanel("answer_waiting_list")],
            heading=_("Answers to applicants"),
            help_text=_(
                "A personal word added to the status e-mails; the editor can change it before each sending, "
                "and a mission can have its own."
            ),
        ),
        FieldPanel("retention_months"),
    ]

    class Meta:
        verbose_name = _("skill donation portal")

    def clean(self):
        super().clean()
        self.siret = normalise_identifier(self.siret)
        self.rna = normalise_identifier(self.rna)

    def hourly_rate(self, category):
        return getattr(self, f"rate_{category}", self.rate_other)

    @property
    def hourly_rates(self):
        return {c.value: self.hourly_rate(c.value) for c in SkillCategory}
