"""Suspected spam: the forms whose hidden field was filled in, kept apart from the inbox
until an editor says "Not spam" (processed as any form) or deletes them (the daily purge
deletes them after ``SPAM_RETENTION_DAYS``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.viewsets.base import ViewSet

from ..conf import get_setting
from ..links import application_admin_url
from ..mail import outbox
from ..mail.admin_views import tell_editor
from ..models import Skill, Submission
from ..models.languages import contract
from ..permissions import require_permission
from . import lifecycle


def suspected_spam():
    return Submission.objects.filter(state=Submission.State.SPAM).select_related("mission")


def spam_list_view(request):
    require_permission(request, "view_application", "change_application")
    submissions = list(suspected_spam())
    skills = dict(
        Skill.objects.filter(pk__in={pk for s in submissions for pk in s.skill_ids}).values_list("pk", "name")
    )
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/spam.html",
        {
            "rows": [(s, [skills[pk] for pk in s.skill_ids if pk in skills]) for s in submissions],
            "can_change": request.user.has_perm("wagtail_skilldonation.change_application"),
            "days": get_setting("SPAM_RETENTION_DAYS"),
        },
    )


@require_POST
def spam_release_view(request, submission_id):
    require_permission(request, "change_application")
    submission = get_object_or_404(Submission, pk=submission_id)
    try:
        with outbox.watch() as mails:
            submission = lifecycle.release(submission)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("wagtail_skilldonation_spam:list")
    messages.success(
        request,
        contract(_("%(name)s's application is in the inbox now.") % {"name": submission.application.volunteer}),
    )
    tell_editor(request, mails)
    return redirect(application_admin_url(submission.application_id))


@require_POST
def spam_delete_view(request, submission_id):
    require_permission(request, "change_application")
    deleted, _by_model = suspected_spam().filter(pk=submission_id).delete()
    if deleted:
        messages.success(request, _("Suspected spam deleted."))
    return redirect("wagtail_skilldonation_spam:list")


class SpamViewSet(ViewSet):
    """Suspected spam kept for an editor to look at (``/admin/skilldonation/spam/``)."""

    name = "wagtail_skilldonation_spam"
    url_prefix = "skilldonation/spam"

    def get_urlpatterns(self):
        return [
            path("", spam_list_view, name="list"),
            path("<int:submission_id>/release/", spam_release_view, name="release"),
            path("<int:submission_id>/delete/", spam_delete_view, name="delete"),
        ]
