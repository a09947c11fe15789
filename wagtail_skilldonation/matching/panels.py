"""Editor panels: the volunteers who fit a mission, the missions that fit a volunteer."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from ..conf import get_setting
from ..models.applications import Invitation
from ..models.choices import ApplicationStatus
from .engine import rank_missions, rank_volunteers
from .invitations import can_see_volunteers


class MatchingPanel(Panel):
    """The volunteers who fit this mission best, and why (``matching.rank_volunteers``)."""

    def __init__(self, *args, limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "limit": self.limit}

    def on_model_bound(self):
        if not self.heading:
            self.heading = _("Matching volunteers")

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_skilldonation/panels/matching.html"

        def is_shown(self):
            # Who fits, with names and towns: only for users who may see volunteers.
            return bool(self.instance.pk) and can_see_volunteers(self.request.user)

        @cached_property
        def matches(self):
            limit = self.panel.limit or get_setting("MATCHING_PANEL_SIZE")
            mission = self.instance.canonical  # a translation shows the one mission's applicants
            matches = rank_volunteers(mission, limit=limit)
            invited = dict(
                Invitation.objects.filter(
                    mission_id=mission.pk,
                    volunteer_id__in=[m.volunteer.pk for m in matches],
                ).values_list("volunteer_id", "created_at")
            )
            labels = dict(ApplicationStatus.choices)
            for match in matches:
                match.applied_label = labels.get(match.applied, "")
                match.invited_at = invited.get(match.volunteer.pk)
                match.edit_url = reverse(
                    "wagtailsnippets_wagtail_skilldonation_volunteer:edit",
                    args=[match.volunteer.pk],
                )
                match.invite_url = reverse(
                    "wagtail_skilldonation_matching:invite", args=[mission.pk, match.volunteer.pk]
                )
            return matches

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["matches"] = self.matches
            return context


class MissionSuggestionsPanel(Panel):
    """On a volunteer: the open missions that fit them best (``rank_missions``)."""

    def on_model_bound(self):
        if not self.heading:
            self.heading = _("Missions that fit")

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_skilldonation/panels/mission_suggestions.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            matches = rank_missions(self.instance, limit=get_setting("MATCHING_PANEL_SIZE"))
            for match in matches:
                match.edit_url = reverse("wagtailadmin_pages:edit", args=[match.mission.pk])
                match.invite_url = reverse(
                    "wagtail_skilldonation_matching:invite", args=[match.mission.pk, self.instance.pk]
                )
            context["matches"] = matches
            return context
