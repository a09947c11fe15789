"""Public pages: looking up, checking and downloading certificates.

Every page reads the facts stored at issue and serves the PDF kept then: what a
recruiter checks is what was certified, whatever changed since.
"""

import base64
import json

from django import forms
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Site

from .. import throttle
from ..conf import get_setting
from ..links import LinkExpired
from ..models import Certificate, PortalSettings, Volunteer
from ..portal.context import bad_link, final, not_found
from ..portal.context import public_context as _context
from . import credential, keys, passport, status_list
from .codes import normalise_code
from .files import sha256_of, stored_pdf
from .links import token_matches

MAX_UPLOAD = 10 * 1024 * 1024


class FileCheckForm(forms.Form):
    """A PDF someone received, to compare byte for byte with the one issued."""

    file = forms.FileField(
        label=_("The certificate's PDF file"),
        help_text=_("It is only compared with the file we issued, never kept."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("This file is larger than any certificate we issue (10 MB at most)."),
                code="too_large",
            )
        return uploaded


def _too_many(request, scope, setting):
    if throttle.allow(request, scope, *get_setting(setting)):
        return None
    response = TemplateResponse(request, "wagtail_skilldonation/certificates/too_many.html", _context(), status=429)
    response["Retry-After"] = str(get_setting(setting)[1])
    return response


@require_http_methods(["GET", "POST"])
def certificate_lookup(request):
    """Type a code (it leads to the code's page), or upload a PDF to find out
    whether it is a certificate we issued, unchanged."""
    return lookup(request)


@require_http_methods(["GET", "POST"])
def certificate_verify(request, code):
    """“Valid”, “revoked” or 404 — and never any contact detail. A PDF posted here
    is compared with the one issued under this code."""
    return verify(request, code)


@require_GET
def certificate_download(request, code):
    """The PDF as issued, for whoever holds the signed link from the e-mail."""
    return download(request, code)


# The views' bodies are plain functions: mutation tools skip decorated ones.


def lookup(request):
    code = request.GET.get("code")
    if code:
        normalised = normalise_code(code)
        if normalised:
            return redirect("wagtail_skilldonation:certificate_verify", normalised)
    file_form, file_result = FileCheckForm(), None
    if request.method == "POST":
        refused = _too_many(request, "verify", "VERIFY_RATE_LIMIT")
        if refused:
            return refused
        file_form = FileCheckForm(request.POST, request.FILES)
        if file_form.is_valid():
            digest = sha256_of(file_form.cleaned_data["file"])
            certificate = Certificate.objects.filter(sha256=digest).first()
            if certificate is not None:
                return _verify_page(request, certificate, file_result="match")
            file_result = "unknown"
    return TemplateResponse(
        request,
        "wagtail_skilldonation/certificates/lookup.html",
        _context(code=code or "", invalid=bool(code), file_form=file_form, file_result=file_result),
    )


def verify(request, code):
    refused = _too_many(request, "verify", "VERIFY_RATE_LIMIT")
    if refused:
        return refused
    normalised = normalise_code(code)
    if normalised is not None and normalised != code:
        return redirect("wagtail_skilldonation:certificate_verify", normalised)
    certificate = Certificate.objects.filter(code=normalised).first() if normalised else None
    if certificate is None:
        # What a recruiter checking a suspicious attestation needs: a clear answer in
        # their language, the form to try again, and whom to ask (said here: a host's
        # base template may have no footer of ours).
        site = Site.find_for_request(request)
        return final(
            request,
            TemplateResponse(
                request,
                "wagtail_skilldonation/certificates/lookup.html",
                _context(
                    code=code,
                    invalid=normalised is None,
                    unknown=normalised is not None,
                    file_form=FileCheckForm(),
                    portal=PortalSettings.for_site(site) if site else None,
                ),
                status=404,
            ),
        )
    file_form, file_result = FileCheckForm(), None
    if request.method == "POST":
        file_form = FileCheckForm(request.POST, request.FILES)
        if file_form.is_valid():
            same = certificate.sha256 and sha256_of(file_form.cleaned_data["file"]) == certificate.sha256
            file_result = "match" if same else "mismatch"
    return _verify_page(request, certificate, file_form=file_form, file_result=file_result)


def _verify_page(request, certificate, *, file_form=None, file_result=None):
    return TemplateResponse(
        request,
        "wagtail_skilldonation/certificates/verify.html",
        _context(
            certificate=certificate,
            file_form=file_form or FileCheckForm(),
            file_result=file_result,
        ),
    )


def download(request, code):
    certificate = Certificate.objects.filter(
        code=code, revoked_at__isnull=True, holder_withheld_at__isnull=True
    ).first()
    if certificate is None:
        return not_found(request)
    try:
        matches = token_matches(certificate, request.GET.get("token"))
    except LinkExpired:
        # Still the holder's certificate: the way to a fresh link, and the check page.
        return TemplateResponse(
            request,
            "wagtail_skilldonation/certificates/link_expired.html",
            _context(certificate=certificate),
            status=410,
        )
    if not matches:
        return bad_link(request)
    refused = _too_many(request, "download", "DOWNLOAD_RATE_LIMIT")
    if refused:
        return refused
    try:
        return pdf_response(certificate)
    except Http404:
        return not_found(request)


def pdf_response(certificate):
    pdf = stored_pdf(certificate)
    if pdf is None:  # the holder's name was withheld: the file is gone
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attestation-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# Open credentials (Open Badges 3.0): what a verifier fetches, no login, no cookie.


def _public(response, seconds):
    response["Cache-Control"] = f"public, max-age={seconds}"
    response["Access-Control-Allow-Origin"] = "*"  # wallets and verifiers read them from their own pages
    return response


@require_GET
def certificate_credential(request, code):
    """The certificate's VC-JWT, for whoever holds the code (as the verification page
    is); ``?format=json`` gives its payload pretty-printed, ``?download=1`` a file."""
    refused = _too_many(request, "verify", "VERIFY_RATE_LIMIT")
    if refused:
        return refused
    certificate = Certificate.objects.select_related("application").filter(code=normalise_code(code) or "").first()
    if certificate is None:
        return not_found(request)
    token = credential.token_for(certificate)
    if request.GET.get("format") == "json":
        payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
        body, kind, ext = json.dumps(payload, ensure_ascii=False, indent=2), "application/json", "json"
    else:
        body, kind, ext = token, "application/jwt", "jwt"
    response = HttpResponse(body, content_type=f"{kind}; charset=utf-8")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="credential-{certificate.code}.{ext}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def issuer_jwks(request):
    """The issuer's public keys, retired ones kept (old credentials still verify)."""
    return _public(JsonResponse(keys.jwks(), content_type="application/jwk-set+json"), 300)


@require_GET
def credential_issuer(request):
    """The issuer's profile, as today's portal settings describe the association."""
    return _public(JsonResponse({"@context": credential.CONTEXT, **credential.issuer_profile()}), 300)


@require_GET
def credential_status_list(request, number):
    """The signed revocation list: a revoked certificate's bit is set at once."""
    token = credential.sign(status_list.credential(number, credential.issuer_id()), timezone.now())
    return _public(HttpResponse(token, content_type="application/jwt"), 60)


@require_GET
def volunteer_passport(request, key):
    """A volunteer's passport, when they turned it on: only what they chose to show."""
    volunteer = Volunteer.objects.filter(passport_key=key).exclude(passport_key="").first() if key else None
    if volunteer is None or volunteer.is_forgotten:
        return not_found(request)
    certificates, hours, skills = passport.shown(volunteer)
    response = TemplateResponse(
        request,
        "wagtail_skilldonation/certificates/passport.html",
        _context(
            certificates=certificates,
            hours=hours,
            skills=skills,
            holder=certificates[0].holder_name if certificates else "",
        ),
    )
    response["X-Robots-Tag"] = "noindex"  # shared by its holder's link, not listed by search engines
    return response
