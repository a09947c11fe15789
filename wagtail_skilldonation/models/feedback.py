"""What volunteers and beneficiaries say once a mission is completed."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    class Role(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        BENEFICIARY = "beneficiary", _("Beneficiary")

    class Result(models.TextChoices):
        REACHED = "reached", _("Reached")
        PARTLY = "partly", _("Partly reached")
        NOT_REACHED = "not_reached", _("Not reached")

    application = models.ForeignKey(
        "wagtail_skilldonation.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    role = models.CharField(_("from"), max_length=15, choices=Role.choices)
    author_name = models.CharField(_("author name"), max_length=200, blank=True)
    # {objective id: result}, with the objective's title kept beside it.
    objectives = models.JSONField(_("objectives"), default=dict, encoder=DjangoJSONEncoder)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    worked = models.TextField(_("what worked"), blank=True)
    improve = models.TextField(_("what to improve"), blank=True)
    consent_publish = models.BooleanField(_("agrees to be quoted"), default=False)
    show_name = models.BooleanField(_("name may be shown"), default=False)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["application", "role"], name="skilldonation_one_feedback_per_side"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5),
                name="skilldonation_feedback_rating_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.application}"

    def objective_results(self):
        """(title, result label) pairs, in the mission's order."""
        labels = dict(self.Result.choices)
        return [(item["title"], labels.get(item["result"], "")) for item in self.objectives.values()]
