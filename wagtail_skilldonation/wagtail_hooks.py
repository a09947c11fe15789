from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .applications.admin_views import spam_delete_view, spam_list_view, spam_release_view
from .applications.inbox import ApplicationAdmin
from .applications.mission_listing import MissionListingViewSet, header_buttons
from .applications.protection import (
    refuse_bulk_page_delete,
    refuse_page_delete,
    refuse_skill_delete,
    refuse_volunteer_delete,
)
from .certificates.admin_views import (
    certificate_batch_view,
    certificate_issue_view,
    certificate_pdf_view,
    certificate_revoke_view,
)
from .followup.admin_views import (
    feedback_reviewed_view,
    feedback_testimonial_view,
    hours_add_view,
    hours_review_view,
)
from .mail.admin_views import mail_failures_view, mail_resend_view
from .matching.views import invite_view
from .portal.snippets import SkillDonationViewSetGroup
from .reports.panels import HomeSummaryPanel
from .reports.views import ImpactReportView

register_snippet(SkillDonationViewSetGroup)
modeladmin_register(ApplicationAdmin)


@hooks.register("insert_global_admin_js")
def name_the_inputs_wagtail_creates():
    return format_html('<script src="{}"></script>', static("wagtail_skilldonation/js/admin-labels.js"))


@hooks.register("register_admin_viewset")
def register_mission_listing():
    return MissionListingViewSet()


hooks.register("register_page_header_buttons", header_buttons)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "skilldonation/invite/<int:mission_id>/<int:volunteer_id>/",
            invite_view,
            name="wagtail_skilldonation_invite",
        ),
        path(
            "skilldonation/applications/<int:application_id>/certificate/",
            certificate_issue_view,
            name="wagtail_skilldonation_certificate_issue",
        ),
        path(
            "skilldonation/certificates/<int:certificate_id>/pdf/",
            certificate_pdf_view,
            name="wagtail_skilldonation_certificate_pdf",
        ),
        path(
            "skilldonation/certificates/<int:certificate_id>/revoke/",
            certificate_revoke_view,
            name="wagtail_skilldonation_certificate_revoke",
        ),
        path(
            "skilldonation/certificates/issue/",
            certificate_batch_view,
            name="wagtail_skilldonation_certificate_batch_start",
        ),
        path(
            "skilldonation/certificates/issue/<str:batch_id>/",
            certificate_batch_view,
            name="wagtail_skilldonation_certificate_batch",
        ),
        path(
            "skilldonation/hours/<int:declaration_id>/<str:decision>/",
            hours_review_view,
            name="wagtail_skilldonation_hours_review",
        ),
        path(
            "skilldonation/applications/<int:application_id>/hours/",
            hours_add_view,
            name="wagtail_skilldonation_hours_add",
        ),
        path(
            "skilldonation/feedback/<int:feedback_id>/testimonial/",
            feedback_testimonial_view,
            name="wagtail_skilldonation_feedback_testimonial",
        ),
        path(
            "skilldonation/feedback/<int:feedback_id>/reviewed/",
            feedback_reviewed_view,
            name="wagtail_skilldonation_feedback_reviewed",
        ),
        path("skilldonation/spam/", spam_list_view, name="wagtail_skilldonation_spam"),
        path(
            "skilldonation/spam/<int:submission_id>/release/",
            spam_release_view,
            name="wagtail_skilldonation_spam_release",
        ),
        path(
            "skilldonation/spam/<int:submission_id>/delete/",
            spam_delete_view,
            name="wagtail_skilldonation_spam_delete",
        ),
        path("skilldonation/mails/", mail_failures_view, name="wagtail_skilldonation_mail_failures"),
        path(
            "skilldonation/mails/<int:mail_id>/resend/",
            mail_resend_view,
            name="wagtail_skilldonation_mail_resend",
        ),
        path(
            "skilldonation/reports/impact/",
            ImpactReportView.as_view(),
            name="wagtail_skilldonation_impact",
        ),
        path(
            "skilldonation/reports/impact/results/",
            ImpactReportView.as_view(results_only=True),
            name="wagtail_skilldonation_impact_results",
        ),
    ]


class ApplicationsReportMenuItem(MenuItem):
    """A report for whoever may read applications."""

    def is_shown(self, request):
        return request.user.has_perm("wagtail_skilldonation.view_application")


@hooks.register("register_reports_menu_item")
def register_impact_report_menu_item():
    return ApplicationsReportMenuItem(
        _("Skill donation impact"),
        reverse("wagtail_skilldonation_impact"),
        name="skilldonation-impact",
        icon_name="pick",
        order=1000,
    )


@hooks.register("register_reports_menu_item")
def register_mail_failures_menu_item():
    return ApplicationsReportMenuItem(
        _("E-mails not sent"),
        reverse("wagtail_skilldonation_mail_failures"),
        name="skilldonation-mail-failures",
        icon_name="warning",
        order=1001,
    )


@hooks.register("construct_homepage_panels")
def add_home_summary(request, panels):
    if request.user.has_perm("wagtail_skilldonation.view_application"):
        panels.append(HomeSummaryPanel(request))


hooks.register("before_delete_page", refuse_page_delete)
hooks.register("before_delete_snippet", refuse_volunteer_delete)
hooks.register("before_delete_snippet", refuse_skill_delete)
hooks.register("before_bulk_action", refuse_bulk_page_delete)
