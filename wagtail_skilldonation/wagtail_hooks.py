from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .applications.admin_views import SpamViewSet
from .applications.inbox import ApplicationAdmin
from .applications.mission_listing import MissionListingViewSet, header_buttons
from .applications.protection import (
    refuse_bulk_page_delete,
    refuse_page_delete,
    refuse_skill_delete,
    refuse_volunteer_delete,
)
from .certificates.admin_views import CertificateViewSet
from .followup.admin_views import FollowUpViewSet
from .mail.admin_views import MailViewSet
from .matching.views import MatchingViewSet
from .organisations.admin_views import ProposalViewSet
from .organisations.admin_views import menu_item as proposals_menu_item
from .permissions import can_read_applications
from .portal.snippets import SkillDonationViewSetGroup
from .reports.panels import HomeSummaryPanel
from .reports.views import ReportsViewSet

register_snippet(SkillDonationViewSetGroup)
modeladmin_register(ApplicationAdmin)


@hooks.register("insert_global_admin_js")
def name_the_inputs_wagtail_creates():
    return format_html('<script src="{}"></script>', static("wagtail_skilldonation/js/admin-labels.js"))


@hooks.register("register_admin_viewset")
def register_mission_listing():
    return MissionListingViewSet()


hooks.register("register_page_header_buttons", header_buttons)


@hooks.register("register_admin_viewset")
def register_feature_viewsets():
    # Each feature owns its admin URLs (``/admin/skilldonation/…``).
    return [
        CertificateViewSet(),
        FollowUpViewSet(),
        MailViewSet(),
        MatchingViewSet(),
        ProposalViewSet(),
        ReportsViewSet(),
        SpamViewSet(),
    ]


hooks.register("register_admin_menu_item", proposals_menu_item)


class ApplicationsReportMenuItem(MenuItem):
    """A report for whoever may read applications."""

    def is_shown(self, request):
        return can_read_applications(request.user)


@hooks.register("register_reports_menu_item")
def register_impact_report_menu_item():
    return ApplicationsReportMenuItem(
        _("Skill donation impact"),
        reverse("wagtail_skilldonation_reports:impact"),
        name="skilldonation-impact",
        icon_name="pick",
        order=1000,
    )


@hooks.register("register_reports_menu_item")
def register_mail_failures_menu_item():
    return ApplicationsReportMenuItem(
        _("E-mails not sent"),
        reverse("wagtail_skilldonation_mail:failures"),
        name="skilldonation-mail-failures",
        icon_name="warning",
        order=1001,
    )


@hooks.register("construct_homepage_panels")
def add_home_summary(request, panels):
    if can_read_applications(request.user):
        panels.append(HomeSummaryPanel(request))


hooks.register("before_delete_page", refuse_page_delete)
hooks.register("before_delete_snippet", refuse_volunteer_delete)
hooks.register("before_delete_snippet", refuse_skill_delete)
hooks.register("before_bulk_action", refuse_bulk_page_delete)
