"""Editors' follow-up actions: review or add hours, turn feedback into a testimonial,
mark feedback as read."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.viewsets.base import ViewSet

from ..links import application_admin_url
from ..models import Application, Feedback, HoursDeclaration
from ..permissions import require_permission
from . import hours
from .feedback import to_testimonial


@require_POST
def hours_review_view(request, declaration_id, decision):
    require_permission(request, "change_application")
    declaration = get_object_or_404(HoursDeclaration, pk=declaration_id)
    done = (hours.approve if decision == "approve" else hours.reject)(declaration, request.user)
    if not done:
        messages.error(request, _("This declaration was already reviewed."))
    return redirect(application_admin_url(declaration.application_id))


@require_POST
def hours_add_view(request, application_id):
    """Editors enter hours themselves: an approved declaration, counted at once."""
    require_permission(request, "change_application")
    application = get_object_or_404(Application, pk=application_id)
    form = hours.HoursForm(request.POST, application=application, prefix=hours.HoursForm.ADMIN_PREFIX)
    if form.is_valid():
        hours.enter(application, request.user, **form.cleaned_data)
        messages.success(request, _("Hours added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(application_admin_url(application_id))


@require_POST
def feedback_testimonial_view(request, feedback_id):
    """Turn a consenting author's feedback into a draft testimonial page."""
    require_permission(request, "change_application")
    feedback = get_object_or_404(Feedback, pk=feedback_id)
    page = to_testimonial(feedback, request.user)
    if page is None:
        messages.error(
            request,
            _(
                "Only feedback whose author agreed to be quoted, with something to quote, "
                "can become a testimonial, under a testimonial index where you may add pages."
            ),
        )
        return redirect(application_admin_url(feedback.application_id))
    messages.success(request, _("Draft testimonial created: review and publish it."))
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def feedback_reviewed_view(request, feedback_id):
    require_permission(request, "change_application")
    feedback = get_object_or_404(Feedback, pk=feedback_id)
    Feedback.objects.filter(pk=feedback.pk, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=request.user
    )
    return redirect(application_admin_url(feedback.application_id))


class FollowUpViewSet(ViewSet):
    """The editors' hours and feedback actions (``/admin/skilldonation/followup/``)."""

    name = "wagtail_skilldonation_followup"
    url_prefix = "skilldonation/followup"

    def get_urlpatterns(self):
        return [
            path("hours/<int:declaration_id>/<str:decision>/", hours_review_view, name="hours_review"),
            path("applications/<int:application_id>/hours/", hours_add_view, name="hours_add"),
            path("feedback/<int:feedback_id>/testimonial/", feedback_testimonial_view, name="feedback_testimonial"),
            path("feedback/<int:feedback_id>/reviewed/", feedback_reviewed_view, name="feedback_reviewed"),
        ]
