"""Public pages opened from e-mailed links: declaring hours, giving feedback."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ..links import LinkExpired
from ..models import Feedback
from ..portal.context import bad_link
from ..portal.context import public_context as _context
from . import feedback as feedback_module
from . import hours


def declare_hours(request, token):
    """The volunteer's page, opened from the e-mail: declare hours, see past ones."""
    try:
        application = hours.application_for_token(token)
    except LinkExpired:
        response = TemplateResponse(request, "wagtail_skilldonation/hours/expired.html", _context(), status=410)
        response["Cache-Control"] = "private, no-store"
        return response
    if application is None:
        return bad_link(request)
    form = hours.HoursForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        declaration = form.save(commit=False)
        declaration.application = application
        declaration.save()
        return redirect(request.path + "?sent=1")
    response = TemplateResponse(
        request,
        "wagtail_skilldonation/hours/declare.html",
        _context(
            application=application,
            mission=application.mission,
            form=form,
            declarations=application.hours_declarations.all(),
            sent=request.GET.get("sent") == "1",
        ),
    )
    response["Cache-Control"] = "private, no-store"
    return response


def give_feedback(request, token):
    """One feedback per side, editable until the team has reviewed it."""
    try:
        opened = feedback_module.open_link(token)
    except LinkExpired:
        return TemplateResponse(request, "wagtail_skilldonation/hours/expired.html", _context(), status=410)
    if opened is None:
        return bad_link(request)
    application, role = opened
    mission = application.mission.specific
    existing = Feedback.objects.filter(application=application, role=role).first()
    context = _context(mission=mission, role=role, volunteer=application.volunteer, sent=request.GET.get("sent") == "1")
    if existing and existing.reviewed_at:
        return TemplateResponse(request, "wagtail_skilldonation/feedback/reviewed.html", context)
    form = feedback_module.FeedbackForm(
        request.POST if request.method == "POST" else None,
        instance=existing
        or Feedback(
            application=application,
            role=role,
            author_name=feedback_module.author_name(application, role),
        ),
        objectives=mission.objectives.all(),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(request.path + "?sent=1")
    response = TemplateResponse(request, "wagtail_skilldonation/feedback/form.html", {**context, "form": form})
    response["Cache-Control"] = "private, no-store"
    return response
