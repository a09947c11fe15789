"""The mission index's GET filters: skill, skill category, format and status."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import MissionStatus, Skill, SkillCategory, WorkFormat
from ..models.pages import OPEN_Q, SHOWN_FULL_Q


class MissionFilterForm(forms.Form):
    """GET filters of the mission index; invalid values are ignored, never a 500."""

    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All skills"),
    )
    category = forms.ChoiceField(
        label=_("Skill category"),
        choices=[("", _("All categories"))] + SkillCategory.choices,
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Any format"))] + WorkFormat.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status"))] + MissionStatus.choices,
        required=False,
    )

    def filter(self, missions):
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = {k: v for k, v in self.cleaned_data.items() if v}
        tagged = missions.model.skills.through.objects
        if skill := data.get("skill"):
            missions = missions.filter(
                pk__in=tagged.filter(tag=skill).values("content_object")
            )
        if category := data.get("category"):
            missions = missions.filter(
                pk__in=tagged.filter(tag__category=category).values("content_object")
            )
        if fmt := data.get("format"):
            missions = missions.filter(format__in=WorkFormat.compatible_with(fmt))
        if status := data.get("status"):
            missions = missions.filter(
                {"open": OPEN_Q, "full": SHOWN_FULL_Q}.get(status) or Q(status=status)
            )
        return missions
