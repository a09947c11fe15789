"""What an organisation brings by itself: a need proposed from the portal, kept as typed
until the team assesses it (the seed article's first strategy: assess the needs before
offering skills). Accepting one links or creates the ``Organisation`` and drafts a
``NeedPage`` from it; nothing is published by a proposal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import validate_rna, validate_siren_or_siret
from .choices import OrganisationKind
from .space import LinkSession


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


class OrganisationAccess(LinkSession):
    """A sign-in link to the organisation's space, asked for with a contact address,
    then the session it opened. It names the address, not an organisation: the space
    shows the organisations whose contact it is *now*, so an editor who changes an
    organisation's contact closes the space to the former one at once."""

    email = models.EmailField(_("e-mail"), db_index=True)

    class Meta(LinkSession.Meta):
        verbose_name = _("organisation sign-in")
        verbose_name_plural = _("organisation sign-ins")


class OrganisationMessage(models.Model):
    """A message between an organisation's contact and the team: plain text, shown
    escaped everywhere (the partnership's conversation, and a proposal's questions)."""

    class Author(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        TEAM = "team", _("Team")

    organisation = models.ForeignKey(
        "wagtail_skilldonation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    proposal = models.ForeignKey(
        NeedProposal,
        verbose_name=_("need proposal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.CharField(_("from"), max_length=15, choices=Author.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message with an organisation")
        verbose_name_plural = _("messages with organisations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(proposal__isnull=False),
                name="skilldonation_org_message_about_something",
            )
        ]

    def __str__(self):
        return self.body[:60]


class ImpactFollowUp(models.Model):
    """What lasted: asked of the organisation a set time after a mission was completed
    (``IMPACT_FOLLOW_UP_MONTHS``), once per mission and step, answered from its space."""

    class StillUsed(models.TextChoices):
        YES = "yes", _("Yes, still in use")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No longer")

    mission = models.ForeignKey(
        "wagtail_skilldonation.MissionPage",
        verbose_name=_("mission"),
        on_delete=models.CASCADE,
        related_name="impact_followups",
    )
    organisation = models.ForeignKey(
        "wagtail_skilldonation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="impact_followups",
    )
    months = models.PositiveSmallIntegerField(_("months after completion"))
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    still_used = models.CharField(
        _("is what was built still in use?"), max_length=10, choices=StillUsed.choices, blank=True
    )
    what_changed = models.TextField(_("what changed"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("lasting-impact follow-up")
        verbose_name_plural = _("lasting-impact follow-ups")
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "months"], name="skilldonation_one_followup_per_step")
        ]

    def __str__(self):
        return f"{self.mission} · {self.months}"
