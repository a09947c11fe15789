"""The people and structures the portal brings together."""

from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import PanelPlaceholder
from wagtail.search import index

from ..validators import normalise_identifier, validate_rna, validate_siren_or_siret
from .applications import Application
from .choices import OrganisationKind, WorkFormat
from .forms import VolunteerForm
from .places import department, normalise_city  # noqa: F401  (also imported from here)
from .signals import skills_given
from .skills import SkillsField, VolunteerSkill

# A forgotten volunteer's address: a reserved top-level domain, never delivered. Every
# feature reads "forgotten" from it (``Volunteer.is_forgotten``).
FORGOTTEN_DOMAIN = "forgotten.invalid"


class Volunteer(models.Model):
    """A person offering skills. Not in the search index: personal data stays in one
    table, so a purge really removes it; the admin searches it with the ORM."""

    base_form_class = VolunteerForm

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True, db_index=True)
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=WorkFormat.choices,
        default=WorkFormat.BOTH,
        help_text=_("How the volunteer is willing to work."),
    )
    availability_hours = models.PositiveSmallIntegerField(_("availability (hours per month)"), default=4)
    skills = SkillsField(through=VolunteerSkill, blank=True, verbose_name=_("skills"), help_text="")
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    profile_url = models.URLField(_("profile URL"), blank=True)
    # The volunteer passport (``/portal/passport/<key>/``): off while the key is empty;
    # it shows only the certificates whose codes the volunteer ticked.
    passport_key = models.CharField(_("volunteer passport address"), max_length=32, blank=True, db_index=True)
    passport_codes = models.JSONField(_("certificates on the volunteer passport"), default=list, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    unavailable_until = models.DateField(
        _("not available until"),
        null=True,
        blank=True,
        help_text=_("Not proposed for missions before this date."),
    )
    alerts_at = models.DateTimeField(
        _("weekly alert asked for at"),
        null=True,
        blank=True,
        help_text=_("Set by the volunteer in their space: a weekly e-mail of new matching missions."),
    )
    alerted_at = models.DateTimeField(_("last alert prepared at"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive volunteers are never proposed for missions."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the matching compares, as it compares it (see ``matching_columns``); the
    # skill rows carry the same copy. ``skilldonation_rebuild_matching`` rebuilds both.
    match_department = models.CharField(max_length=3, blank=True, editable=False)
    match_city = models.CharField(max_length=100, blank=True, editable=False)
    active_missions = models.PositiveSmallIntegerField(default=0, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
        FieldRowPanel([FieldPanel("format"), FieldPanel("availability_hours")]),
        FieldPanel("skills"),
        FieldPanel("bio"),
        FieldPanel("profile_url"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        PanelPlaceholder(
                            "wagtail_skilldonation.portal.panels.ReadOnlyPanel",
                            ["consent_at"],
                            {"empty": _("No consent recorded")},
                        ),
                        PanelPlaceholder("wagtail_skilldonation.portal.panels.ReadOnlyPanel", ["consent_version"], {}),
                    ]
                ),
                FieldRowPanel(
                    [
                        PanelPlaceholder(
                            "wagtail_skilldonation.portal.panels.ReadOnlyPanel",
                            ["alerts_at"],
                            {"empty": _("No weekly alert asked for")},
                        ),
                        FieldPanel("unavailable_until"),
                    ]
                ),
                FieldPanel("is_active"),
            ],
            heading=_("Consent and status"),
        ),
        # Each feature's panel, named by its path: the models import no feature.
        PanelPlaceholder("wagtail_skilldonation.applications.panels.VolunteerApplicationsPanel", [], {}),
        PanelPlaceholder("wagtail_skilldonation.matching.panels.MissionSuggestionsPanel", [], {}),
    ]

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="skilldonation_volunteer_email_ci_uniq",
                violation_error_message=_("A volunteer with this e-mail already exists."),
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_forgotten(self):
        return (self.email or "").lower().endswith("@" + FORGOTTEN_DOMAIN)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip()
        self.postcode = (self.postcode or "").strip()
        if self.unavailable_until and self.unavailable_until <= timezone.localdate():
            self.unavailable_until = None  # back: proposed for missions again
        columns = self.matching_columns()
        self.match_department, self.match_city, self.active_missions = (
            columns["department"],
            columns["city"],
            columns["active_missions"],
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "postcode",
                "unavailable_until",
                "match_department",
                "match_city",
                "active_missions",
            }
        # Keep the copy the matching reads (see VolunteerSkill) in step, in the same
        # transaction: caches dropped on commit then never see the old copy.
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not adding:  # a new volunteer has no skill rows yet
                self.skill_items.update(**columns)

    def add_with_skills(self, skills):
        """Create this new volunteer with their first skills: the skills in one INSERT
        with the matching's copy (``skills.add`` writes, checks and counts them one at a
        time), then ``skills_given`` lets the features follow the volunteer and their
        skills in one step (rarity counts, reference index: ``post_save``'s receivers
        leave a volunteer created here to it)."""
        if not self._state.adding:
            raise ValueError("add_with_skills() creates a volunteer: this one exists.")
        self._skills_follow = True
        try:
            with transaction.atomic():
                self.save()
                columns = {**self.matching_columns(held=0), "content_object": self}
                VolunteerSkill.objects.bulk_create([VolunteerSkill(tag=skill, **columns) for skill in skills])
                skills_given.send(sender=type(self), instance=self, tags=[skill.pk for skill in skills], created=True)
        finally:  # a later save of this instance is counted by post_save again
            del self._skills_follow

    def matching_columns(self, held=None):
        """What the matching compares, as it compares it: the copy ``save`` keeps on
        the volunteer (``match_*``, ``active_missions``) and on each skill row
        (``held``: the places they hold, when the caller knows it)."""
        return {
            "eligible": bool(self.is_active and self.consent_at and not self.unavailable_until),
            "format": self.format,
            "postcode": (self.postcode or "").strip(),
            "department": department(self.postcode),
            "city": normalise_city(self.city),
            "availability_hours": self.availability_hours or 0,
            "active_missions": held
            if held is not None
            else (Application.objects.holding_places().filter(volunteer_id=self.pk).count() if self.pk else 0),
        }


class Organisation(index.Indexed, models.Model):
    """A beneficiary structure the association helps."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ASSOCIATION,
    )
    siret = models.CharField(
        _("SIRET or SIREN"),
        max_length=20,
        blank=True,
        validators=[validate_siren_or_siret],
        help_text=_("14-digit SIRET or 9-digit SIREN; spaces are ignored."),
    )
    rna = models.CharField(
        _("RNA number"),
        max_length=12,
        blank=True,
        validators=[validate_rna],
        help_text=_("Associations only: W followed by 9 digits."),
    )
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    public_page = models.BooleanField(
        _("public page"),
        default=False,
        help_text=_(
            "Show a page about this organisation on the portal: its name, what it does, its open needs "
            "and missions, the testimonials about its missions. Ask the organisation first."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("siret"), FieldPanel("rna")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
        FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("public_page"),
        PanelPlaceholder("wagtail_skilldonation.reports.panels.PartnershipPanel", [], {}),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("city"),
        index.SearchField("siret"),
        index.SearchField("rna"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.siret = normalise_identifier(self.siret)
        self.rna = normalise_identifier(self.rna)
