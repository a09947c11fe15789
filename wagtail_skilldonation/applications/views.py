"""The public page of the confirmation link: see what would change, then confirm.

Confirming takes a POST: mail scanners open links (GET) on their own, and must not
use up a single-use link or apply anything.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from ..links import LinkExpired
from ..models import Skill, Submission
from ..portal.context import bad_link
from ..portal.context import public_context as _context
from . import lifecycle
from .confirmation import submission_for_token

TEMPLATE = "wagtail_skilldonation/applications/confirm.html"


@require_http_methods(["GET", "POST"])
def confirm_submission(request, token):
    try:
        submission = submission_for_token(token)
    except LinkExpired:
        return _private(TemplateResponse(request, TEMPLATE, _context(expired=True), status=410))
    if submission is None:
        return bad_link(request)
    if submission.state == Submission.State.LAPSED or submission.application is None:
        # Not confirmed in time: the form is kept, nothing applies (send it again).
        return _private(TemplateResponse(request, TEMPLATE, _context(expired=True), status=410))
    application = submission.application
    error = None
    if request.method == "POST" and submission.state == Submission.State.AWAITING:
        try:
            lifecycle.confirm(submission)
        except lifecycle.ConfirmationError as exc:
            error = exc.messages[0]
        else:
            return redirect(request.path)
    return _private(
        TemplateResponse(
            request,
            TEMPLATE,
            _context(
                submission=submission,
                application=application,
                mission=application.mission,
                differences=submission.differences(application.volunteer),
                skills=Skill.objects.filter(pk__in=submission.skill_ids).order_by("name"),
                awaiting=submission.state == Submission.State.AWAITING,
                confirmed=submission.state == Submission.State.CONFIRMED,
                error=error,
            ),
            status=409 if error else 200,
        )
    )


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response
