"""Editor panels: a mission's applications, a volunteer's applications."""

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component


def _inbox_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    url = reverse("wagtail_skilldonation_application_modeladmin_index")
    return f"{url}?{query}" if query else url


class MissionApplicationsPanel(Panel):
    """How many applications a mission has in each status, linking to the inbox."""

    def on_model_bound(self):
        if not self.heading:
            self.heading = _("Applications")

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_skilldonation/panels/mission_applications.html"

        def is_shown(self):
            return bool(self.instance.pk)

        @cached_property
        def counts(self):
            from .models import Application, ApplicationStatus

            found = dict(
                Application.objects.filter(mission_id=self.instance.pk)
                .values_list("status")
                .annotate(n=Count("pk"))
            )
            return [
                {
                    "status": status,
                    "label": status.label,
                    "count": found.get(status.value, 0),
                    "url": _inbox_url(mission__page_ptr__exact=self.instance.pk, status__exact=status.value),
                }
                for status in ApplicationStatus
            ]

        def get_context_data(self, parent_context=None):
            from django.db.models import Avg

            from .models import Feedback

            context = super().get_context_data(parent_context)
            feedback = dict(
                Feedback.objects.filter(application__mission_id=self.instance.pk)
                .values_list("role")
                .annotate(avg=Avg("rating"))
                .values_list("role", "avg")
            )
            context.update(
                rating_volunteers=feedback.get(Feedback.Role.VOLUNTEER),
                rating_beneficiaries=feedback.get(Feedback.Role.BENEFICIARY),
                counts=self.counts,
                total=sum(c["count"] for c in self.counts),
                inbox_url=_inbox_url(mission__page_ptr__exact=self.instance.pk),
                places_taken=self.instance.places_taken,
                places_available=self.instance.places_available,
            )
            return context


class VolunteerApplicationsPanel(Panel):
    """A volunteer's applications, newest first, on their snippet edit view."""

    def on_model_bound(self):
        if not self.heading:
            self.heading = _("Applications")

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_skilldonation/panels/volunteer_applications.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            applications = list(
                self.instance.applications.select_related("mission").order_by("-created_at")
            )
            for application in applications:
                application.inspect_url = reverse(
                    "wagtail_skilldonation_application_modeladmin_inspect",
                    args=[application.pk],
                )
            context["applications"] = applications
            return context


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
            return bool(self.instance.pk)

        @cached_property
        def matches(self):
            from .conf import get_setting
            from .matching import rank_volunteers
            from .models import ApplicationStatus, Invitation

            limit = self.panel.limit or get_setting("MATCHING_PANEL_SIZE")
            matches = rank_volunteers(self.instance, limit=limit)
            invited = dict(
                Invitation.objects.filter(
                    mission_id=self.instance.pk,
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
                    "wagtail_skilldonation_invite", args=[self.instance.pk, match.volunteer.pk]
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
            from .conf import get_setting
            from .matching import rank_missions

            context = super().get_context_data(parent_context)
            matches = rank_missions(self.instance, limit=get_setting("MATCHING_PANEL_SIZE"))
            for match in matches:
                match.edit_url = reverse("wagtailadmin_pages:edit", args=[match.mission.pk])
                match.invite_url = reverse(
                    "wagtail_skilldonation_invite", args=[match.mission.pk, self.instance.pk]
                )
            context["matches"] = matches
            return context


class HomeSummaryPanel(Component):
    """Admin home: open missions, applications waiting, hours and valuation this year."""

    name = "wagtail_skilldonation_summary"
    order = 110
    template_name = "wagtail_skilldonation/panels/home_summary.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from .reports import home_summary

        return {
            "summary": home_summary(),
            "inbox_url": _inbox_url(status__exact="submitted"),
            "report_url": reverse("wagtail_skilldonation_impact"),
            "missions_url": reverse("wagtailadmin_explore_root"),
        }


class PartnershipPanel(Panel):
    """On an organisation: its needs and missions, volunteers, hours and feedback,
    year by year, so editors can follow a lasting partnership."""

    def on_model_bound(self):
        if not self.heading:
            self.heading = _("Partnership")

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_skilldonation/panels/partnership.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            import datetime

            from django.utils import timezone

            from .models import MissionPage, NeedPage
            from .reports import impact

            context = super().get_context_data(parent_context)
            organisation = self.instance
            this_year = timezone.localdate().year
            years = []
            for year in range(this_year, this_year - 3, -1):
                figures = impact(
                    start=datetime.date(year, 1, 1),
                    end=datetime.date(year, 12, 31),
                    organisation=organisation,
                )
                years.append((year, figures))
            context.update(
                needs=NeedPage.objects.filter(organisation=organisation).order_by("-first_published_at"),
                missions=MissionPage.objects.filter(organisation=organisation).order_by("-first_published_at"),
                years=years,
            )
            return context
