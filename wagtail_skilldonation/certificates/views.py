"""Public pages: looking up, checking and downloading certificates."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .. import throttle
from ..conf import get_setting
from ..models import Certificate
from ..portal.context import public_context as _context
from .codes import normalise_code
from .links import token_matches
from .rendering import render_certificate_pdf


@require_GET
def certificate_lookup(request):
    """A form to type a code; it leads to the code's page."""
    code = request.GET.get("code")
    if code:
        normalised = normalise_code(code)
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
    normalised = normalise_code(code)
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
    if not token_matches(certificate, request.GET.get("token")):
        raise Http404
    return pdf_response(certificate)


def pdf_response(certificate):
    response = HttpResponse(
        render_certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="attestation-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
