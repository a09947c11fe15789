"""Editor panels: the admin home's summary and an organisation's partnership, year
by year (``figures.home_summary`` and ``figures.impact``)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from ..applications import waiting
from ..links import inbox_url
from ..mail import workers
from ..mail.outbox import STALE_PENDING, failures, stuck
from ..models import ImpactFollowUp, MissionPage, NeedPage, NeedProposal
from ..organisations.admin_views import can_triage
from .figures import home_summary, impact


def plural_count(value):
    """The count gettext picks a plural form by, for a quantity that may have a fraction:
    French keeps the singular below 2 ("1,5 heure"), English takes the plural for any
    fraction ("1.5 hours")."""
    if value == int(value) or get_language().startswith("fr"):
        return int(value)
    return 2


class HomeSummaryPanel(Component):
    """Admin home: open missions, applications waiting, hours and valuation this year."""

    name = "wagtail_skilldonation_summary"
    order = 110
    template_name = "wagtail_skilldonation/panels/home_summary.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        summary = home_summary()
        tasks_waiting, tasks_since = workers.waiting()
        return {
            "tasks_waiting": tasks_waiting,
            # Needs organisations proposed, waiting for the team's answer.
            "proposals_waiting": (
                NeedProposal.objects.filter(
                    suspected_spam=False, status__in=[NeedProposal.Status.NEW, NeedProposal.Status.ASSESSING]
                ).count()
                if can_triage(self.request.user)
                else 0
            ),
            "proposals_url": reverse("wagtail_skilldonation_proposals:index"),
            "tasks_since": tasks_since and timezone.localtime(tasks_since),
            # What is waiting, each count linking to the inbox filtered on it.
            "waiting": [(label, count, inbox_url(waiting=key)) for key, label, count in waiting.counts() if count],
            "summary": summary,
            "whole_hours": plural_count(summary["hours"] or 0),
            "mail_failures": failures().exclude(pk__in=stuck().values("pk")).count(),
            "mail_stuck": stuck().count(),
            "stale_minutes": int(STALE_PENDING.total_seconds() // 60),
            "mail_failures_url": reverse("wagtail_skilldonation_mail:failures"),
            "inbox_url": inbox_url(status__exact="submitted"),
            "report_url": reverse("wagtail_skilldonation_reports:impact"),
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
                followups=ImpactFollowUp.objects.filter(organisation=organisation).select_related("mission"),
                organisation=organisation,
                conversation_url=reverse("wagtail_skilldonation_proposals:conversation", args=[organisation.pk]),
            )
            return context
