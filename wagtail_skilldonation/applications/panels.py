"""Editor panels: a mission's applications, a volunteer's applications (``models/``
names them by dotted path in its edit handlers)."""

from django.db.models import Avg, Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from ..links import inbox_url
from ..models.applications import Application
from ..models.choices import ApplicationStatus
from ..models.feedback import Feedback


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
            found = dict(
                Application.objects.filter(mission_id=self.instance.pk).values_list("status").annotate(n=Count("pk"))
            )
            return [
                {
                    "status": status,
                    "label": status.label,
                    "count": found.get(status.value, 0),
                    "url": inbox_url(mission__page_ptr__exact=self.instance.pk, status__exact=status.value),
                }
                for status in ApplicationStatus
            ]

        def get_context_data(self, parent_context=None):
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
                inbox_url=inbox_url(mission__page_ptr__exact=self.instance.pk),
                places_taken=self.instance.places_taken,
                places_available=self.instance.places_available,
                # What visitors read now (a passed deadline closes it), and until when.
                shown_status=self.instance.shown_status.label,
                deadline=self.instance.application_deadline,
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
            applications = list(self.instance.applications.select_related("mission").order_by("-created_at"))
            for application in applications:
                application.inspect_url = reverse(
                    "wagtail_skilldonation_application_modeladmin_inspect",
                    args=[application.pk],
                )
            context["applications"] = applications
            return context
