"""The impact report in the admin (Reports menu), built on Wagtail's ReportView."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet

from ..conf import get_setting
from ..exports import SafeExportMixin
from ..models import Application, NeedPage, Organisation, SkillCategory
from ..permissions import can_read_applications
from .figures import impact, quiet_partnerships


class ImpactFilterSet(WagtailFilterSet):
    start = django_filters.DateFilter(label=_("From"), method="keep")
    end = django_filters.DateFilter(label=_("To"), method="keep")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), method="keep"
    )
    need = django_filters.ModelChoiceFilter(label=_("Need"), queryset=NeedPage.objects.all(), method="keep")
    category = django_filters.ChoiceFilter(label=_("Skill category"), choices=SkillCategory.choices, method="keep")

    class Meta:
        model = Application
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # the report reads the values; it filters nothing itself


class ImpactReportView(SafeExportMixin, ReportView):
    page_title = _("Skill donation impact")
    header_icon = "pick"
    template_name = "wagtail_skilldonation/reports/impact.html"
    results_template_name = "wagtail_skilldonation/reports/impact_results.html"
    filterset_class = ImpactFilterSet
    index_url_name = "wagtail_skilldonation_reports:impact"
    index_results_url_name = "wagtail_skilldonation_reports:impact_results"
    paginate_by = None
    export_filename = "impact"
    list_export = ["section", "label", "value", "supply", "demand"]
    export_headings = {
        "section": _("Section"),
        "label": _("Figure or skill"),
        "value": _("Value"),
        "supply": _("Volunteers offering it"),
        "demand": _("Open missions needing it"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_read_applications(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return self.export_filename

    def filter_queryset(self, queryset):
        return queryset

    def get_queryset(self):
        data = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        self.impact = impact(
            start=data.get("start"),
            end=data.get("end"),
            organisation=data.get("organisation"),
            need=data.get("need"),
            category=data.get("category"),
        )
        self.period, self.filters_text = describe(data)
        # The export says what it covers before its figures.
        about = [
            {"section": _("Report"), "label": _("Period"), "value": self.period, "supply": "", "demand": ""},
            {"section": _("Report"), "label": _("Filters"), "value": self.filters_text, "supply": "", "demand": ""},
        ]
        return about + self.rows(self.impact)

    @staticmethod
    def rows(impact):
        def figure(label, value):
            return {"section": _("Figures"), "label": label, "value": value, "supply": "", "demand": ""}

        rows = [
            figure(_("Missions completed"), impact.missions_completed),
            figure(_("Volunteers engaged"), impact.volunteers_engaged),
            figure(_("Hours given (approved)"), impact.hours),
            figure(_("Valuation (€)"), impact.valuation),
            figure(
                _("Objectives reached (%)"),
                "" if impact.objectives_reached is None else round(impact.objectives_reached * 100),
            ),
            figure(_("Average rating from volunteers"), _rounded(impact.rating_volunteers)),
            figure(_("Average rating from beneficiaries"), _rounded(impact.rating_beneficiaries)),
        ]
        lasting = impact.lasting or {}
        for label, count in lasting.get("counts", []):
            rows.append({"section": _("Lasting impact"), "label": label, "value": count, "supply": "", "demand": ""})
        for row in impact.skills:
            rows.append(
                {
                    "section": _("Skills supply and demand"),
                    "label": row["skill"].label,
                    "value": "",
                    "supply": row["supply"],
                    "demand": row["demand"],
                }
            )
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["impact"] = self.impact
        context["period"], context["filters_text"] = self.period, self.filters_text
        context["quiet"] = quiet_partnerships()
        context["quiet_days"] = get_setting("PARTNERSHIP_QUIET_DAYS")
        return context


def describe(data):
    """The period and the filters of a report, in words."""
    end = data.get("end") or timezone.localdate()
    start = data.get("start")
    period = (
        _("%(start)s to %(end)s")
        % {"start": date_format(start, "SHORT_DATE_FORMAT"), "end": date_format(end, "SHORT_DATE_FORMAT")}
        if start
        else _("From the first records to %(end)s") % {"end": date_format(end, "SHORT_DATE_FORMAT")}
    )
    labels = {"organisation": _("Organisation"), "need": _("Need"), "category": _("Skill category")}
    chosen = []
    for name, label in labels.items():
        value = data.get(name)
        if value:
            shown = dict(SkillCategory.choices).get(value, value) if name == "category" else value
            chosen.append(f"{label}: {shown}")
    return period, "; ".join(str(c) for c in chosen) or _("none")


def _rounded(value):
    return "" if value is None else round(value, 1)


class ReportsViewSet(ViewSet):
    """The impact report and its results (``/admin/skilldonation/reports/``)."""

    name = "wagtail_skilldonation_reports"
    url_prefix = "skilldonation/reports"

    def get_urlpatterns(self):
        return [
            path("impact/", ImpactReportView.as_view(), name="impact"),
            path("impact/results/", ImpactReportView.as_view(results_only=True), name="impact_results"),
        ]
