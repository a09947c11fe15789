"""Editors' follow-up actions: review or add hours, turn feedback into a testimonial,
mark feedback as read."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..applications.inbox import inspect_url_of
from ..permissions import require_permission
from ..models import Application, Feedback, HoursDeclaration
from . import hours
from .feedback import to_testimonial


@require_POST
def hours_review_view(request, declaration_id, decision):
    require_permission(request, "change_application")
    declaration = get_object_or_404(HoursDeclaration, pk=declaration_id)
    done = (hours.approve if decision == "approve" else hours.reject)(declaration, request.user)
    if not done:
        messages.error(request, _("This declaration was already reviewed."))
    return redirect(inspect_url_of(declaration.application_id))


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
    return redirect(inspect_url_of(application_id))


@require_POST
def feedback_testimonial_view(request, feedback_id):
    """Turn a consenting author's feedback into a draft testimonial page."""
    require_permission(request, "change_application")
    feedback = get_object_or_404(Feedback, pk=feedback_id)
    page = to_testimonial(feedback, request.user)
    if page is None:
        messages.error(
            request,
            _("Only feedback whose author agreed to be quoted, with something to quote, "
              "can become a testimonial, under a testimonial index where you may add pages."),
        )
        return redirect(inspect_url_of(feedback.application_id))
    messages.success(request, _("Draft testimonial created: review and publish it."))
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def feedback_reviewed_view(request, feedback_id):
    require_permission(request, "change_application")
    feedback = get_object_or_404(Feedback, pk=feedback_id)
    Feedback.objects.filter(pk=feedback.pk, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=request.user
    )
    return redirect(inspect_url_of(feedback.application_id))
