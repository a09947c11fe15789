from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .admin_views import (
    certificate_batch_view,
    certificate_issue_view,
    certificate_pdf_view,
    certificate_revoke_view,
    feedback_reviewed_view,
    feedback_testimonial_view,
    hours_add_view,
    hours_review_view,
    invite_view,
)
from .inbox import ApplicationAdmin
from .viewsets import SkillDonationViewSetGroup

register_snippet(SkillDonationViewSetGroup)
modeladmin_register(ApplicationAdmin)


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
    ]
