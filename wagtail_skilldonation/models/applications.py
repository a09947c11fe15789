"""Applications of volunteers to missions, their history, and mission capacity."""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .choices import ACTIVE_MISSION_STATUSES, ApplicationStatus


class ApplicationQuerySet(models.QuerySet):
    def holding_places(self):
        """Accepted on a mission still running: the volunteer is busy with it."""
        return self.filter(status=ApplicationStatus.ACCEPTED, mission__status__in=ACTIVE_MISSION_STATUSES)

    def places_held_by(self, volunteer_column):
        """How many places the volunteer whose id is in ``volunteer_column`` holds:
        a subquery for ``update()`` and ``annotate()`` (0 when none)."""
        return Coalesce(
            models.Subquery(
                self.holding_places()
                .filter(volunteer=models.OuterRef(volunteer_column))
                .order_by()
                .values("volunteer")
                .annotate(n=models.Count("pk"))
                .values("n")
            ),
            0,
        )


class Application(models.Model):
    """One volunteer applying to one mission (the pair is unique)."""

    objects = ApplicationQuerySet.as_manager()

    mission = models.ForeignKey(
        "wagtail_skilldonation.MissionPage",
        verbose_name=_("mission"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    volunteer = models.ForeignKey(
        "wagtail_skilldonation.Volunteer",
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    message = models.TextField(_("message"), blank=True)
    # Answers to the mission's extra questions, keyed by the question's clean name;
    # labels are kept beside them so answers stay readable if a question is renamed.
    answers = models.JSONField(_("answers"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    skills_offered = models.ManyToManyField(
        "wagtail_skilldonation.Skill",
        verbose_name=_("skills offered"),
        blank=True,
        related_name="applications",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Consent is given per application, to the text shown on that form.
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "volunteer"],
                name="skilldonation_application_mission_volunteer_uniq",
            )
        ]
        # Matching counts each candidate's accepted places.
        indexes = [models.Index(fields=["volunteer", "status"], name="sd_application_vol_status")]

    def __str__(self):
        return f"{self.volunteer} → {self.mission}"

    def answer_list(self):
        """(label, value) pairs in the order they were asked, values as text."""
        return answer_pairs(self.answers)

    @property
    def approved_hours(self):
        """The ledger's total: every page, PDF and report reads the same lines."""
        return HoursDeclaration.objects.approved_total(self)


def answer_pairs(answers):
    pairs = []
    for key, answer in (answers or {}).items():
        value = answer.get("value")
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        pairs.append((answer.get("label", key), "" if value is None else str(value)))
    return pairs


class Submission(models.Model):
    """One post of the public form, kept as the visitor typed it.

    Knowing an e-mail address proves nothing: a post for an address the portal already
    knows changes neither that volunteer nor their application until someone opens the
    confirmation link sent to that address. Editors see what was typed beside the
    volunteer's record meanwhile.
    """

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        AWAITING = "awaiting", _("Awaiting confirmation by e-mail")
        CONFIRMED = "confirmed", _("Confirmed by e-mail and applied")
        SUPERSEDED = "superseded", _("Replaced by a later form before confirmation")
        LAPSED = "lapsed", _("Not confirmed in time (kept as typed)")
        # The hidden field only robots see was filled in: kept apart, not acted on,
        # until an editor says "Not spam" (then processed as any form) or it is purged.
        SPAM = "spam", _("Suspected spam")

    # The identity and details the form asks for, in this order.
    DETAIL_FIELDS = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "postcode",
        "city",
        "format",
        "availability_hours",
    )

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="submissions",
        null=True,  # a suspected spam has none until an editor releases it
        blank=True,
    )
    mission = models.ForeignKey(
        "wagtail_skilldonation.MissionPage",
        verbose_name=_("mission"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    details = models.JSONField(_("details as typed"), default=dict, encoder=DjangoJSONEncoder)
    skill_ids = models.JSONField(_("skills ticked"), default=list)
    message = models.TextField(_("message"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    language = models.CharField(_("language"), max_length=10, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    proposals = models.BooleanField(_("agreed to be proposed other missions"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.APPLIED, db_index=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.details.get('email', '')} · {self.created_at:%Y-%m-%d %H:%M}"

    def answer_list(self):
        return answer_pairs(self.answers)

    def differences(self, volunteer):
        """(label, on record, as typed) for each detail that differs from ``volunteer``."""
        rows = []
        for name in self.DETAIL_FIELDS:
            typed = self.details.get(name)
            current = getattr(volunteer, name)
            if typed in (None, "") or str(typed).strip().casefold() == str(current).strip().casefold():
                continue
            field = volunteer._meta.get_field(name)
            if field.choices:
                typed, current = dict(field.choices).get(typed, typed), dict(field.choices).get(current, current)
            rows.append((field.verbose_name, current, typed))
        return rows


class ApplicationEvent(models.Model):
    """Every status change of an application: who, when, from, to, why."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=15, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=15, choices=ApplicationStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class MissionCapacity(models.Model):
    """How many places of a mission are taken.

    Kept outside the page so publishing a page revision never rewinds the counter; a
    conditional ``UPDATE … WHERE accepted < places`` on this one row is what stops
    concurrent accepts from overbooking, on SQLite and PostgreSQL alike.
    """

    mission = models.OneToOneField(
        "wagtail_skilldonation.MissionPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="capacity",
    )
    accepted = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mission capacity")
        verbose_name_plural = _("mission capacities")


class Invitation(models.Model):
    """An editor asked a volunteer to apply to a mission (from the matching panel)."""

    mission = models.ForeignKey(
        "wagtail_skilldonation.MissionPage",
        verbose_name=_("mission"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    volunteer = models.ForeignKey(
        "wagtail_skilldonation.Volunteer",
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("personal message"), blank=True)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "volunteer"],
                name="skilldonation_invitation_mission_volunteer_uniq",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} ← {self.mission}"


class HoursQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=HoursDeclaration.Status.APPROVED)

    def approved_total(self, application):
        """Approved hours of ``application``, two decimals whatever the database."""
        total = self.approved().filter(application=application).aggregate(total=models.Sum("hours"))["total"]
        return Decimal(total or 0).quantize(Decimal("0.01"))


class HoursDeclaration(models.Model):
    """The one hours ledger: a line declared by the volunteer (counted once an editor
    approves it) or entered by an editor (approved at once), with who did what."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        VOLUNTEER = "volunteer", _("Declared by the volunteer")
        EDITOR = "editor", _("Entered by an editor")
        COMPLETION = "completion", _("Entered at completion")

    objects = HoursQuerySet.as_manager()

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="hours_declarations",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    description = models.CharField(_("what was done"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.VOLUNTEER)
    # Who wrote the line: an editor, or nobody (the volunteer, through their link).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hours declaration")
        verbose_name_plural = _("hours declarations")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} · {self.hours} h"
