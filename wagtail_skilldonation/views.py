"""Public views that are not pages: checking and downloading certificates."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import certificates, throttle
from .conf import get_setting
from .links import LinkExpired
from .models import Certificate


def _context(**extra):
    return {"skilldonation_base_template": get_setting("BASE_TEMPLATE"), **extra}


@require_GET
def certificate_lookup(request):
    """A form to type a code; it leads to the code's page."""
    code = request.GET.get("code")
    if code:
        normalised = certificates.normalise_code(code)
        if normalised:
            return redirect("wagtail_skilldonation:certificate_verify", normalised)
    return TemplateResponse(
        request,
        "wagtail_skilldonation/certificates/lookup.html",
        _context(code=code or "", invalid=bool(code)),
    )


@require_GET
def certificate_verify(request, code):
    """“Valid”, “revoked” or 404 — and never any contact detail."""
    if not throttle.allow(request, "verify", *get_setting("VERIFY_RATE_LIMIT")):
        response = TemplateResponse(
            request, "wagtail_skilldonation/certificates/too_many.html", _context(), status=429
        )
        response["Retry-After"] = str(get_setting("VERIFY_RATE_LIMIT")[1])
        return response
    normalised = certificates.normalise_code(code)
    if normalised is None:
        raise Http404
    if normalised != code:
        return redirect("wagtail_skilldonation:certificate_verify", normalised)
    certificate = get_object_or_404(
        Certificate.objects.select_related(
            "application__volunteer", "application__mission"
        ),
        code=normalised,
    )
    application = certificate.application
    mission = application.mission.specific
    return TemplateResponse(
        request,
        "wagtail_skilldonation/certificates/verify.html",
        _context(
            certificate=certificate,
            volunteer_name=application.volunteer.full_name,
            mission=mission,
            organisation=mission.organisation,
            hours=application.hours_done,
        ),
    )


@require_GET
def certificate_download(request, code):
    """The PDF, for whoever holds the signed link from the e-mail."""
    certificate = get_object_or_404(Certificate, code=code, revoked_at__isnull=True)
    if not certificates.token_matches(certificate, request.GET.get("token")):
        raise Http404
    return pdf_response(certificate)


def pdf_response(certificate):
    response = HttpResponse(
        certificates.render_certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="attestation-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def declare_hours(request, token):
    """The volunteer's page, opened from the e-mail: declare hours, see past ones."""
    from . import hours

    try:
        application = hours.application_for_token(token)
    except LinkExpired:
        response = TemplateResponse(
            request, "wagtail_skilldonation/hours/expired.html", _context(), status=410
        )
        response["Cache-Control"] = "private, no-store"
        return response
    if application is None:
        raise Http404
    form = hours.HoursForm(
        request.POST if request.method == "POST" else None, application=application
    )
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
    from . import feedback as feedback_module
    from .models import Feedback

    try:
        opened = feedback_module.open_link(token)
    except LinkExpired:
        return TemplateResponse(
            request, "wagtail_skilldonation/hours/expired.html", _context(), status=410
        )
    if opened is None:
        raise Http404
    application, role = opened
    mission = application.mission.specific
    existing = Feedback.objects.filter(application=application, role=role).first()
    context = _context(mission=mission, role=role, sent=request.GET.get("sent") == "1")
    if existing and existing.reviewed_at:
        return TemplateResponse(request, "wagtail_skilldonation/feedback/reviewed.html", context)
    form = feedback_module.FeedbackForm(
        request.POST if request.method == "POST" else None,
        instance=existing or Feedback(
            application=application,
            role=role,
            author_name=feedback_module.author_name(application, role),
        ),
        objectives=mission.objectives.all(),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(request.path + "?sent=1")
    response = TemplateResponse(
        request, "wagtail_skilldonation/feedback/form.html", {**context, "form": form}
    )
    response["Cache-Control"] = "private, no-store"
    return response
