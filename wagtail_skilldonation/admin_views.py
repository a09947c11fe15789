"""Admin views that are not viewsets: inviting a volunteer to a mission."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from .invitations import InvitationError, can_invite, invite, recent_count
from .models import MissionPage, Volunteer


class InvitationForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def invite_view(request, mission_id, volunteer_id):
    mission = get_object_or_404(MissionPage, pk=mission_id)
    volunteer = get_object_or_404(Volunteer, pk=volunteer_id)
    if not can_invite(request.user, mission):
        raise PermissionDenied
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or reverse("wagtailadmin_pages:edit", args=[mission.pk])
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invite(mission, volunteer, request.user, message=form.cleaned_data["message"])
        except InvitationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(volunteer)s is invited to “%(mission)s”.")
                % {"volunteer": volunteer, "mission": mission.title},
            )
            return redirect(back)
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/invite.html",
        {
            "mission": mission,
            "volunteer": volunteer,
            "form": form,
            "back": back,
            "recent": recent_count(volunteer),
        },
    )


# Certificates ---------------------------------------------------------------------------


def _require(request, codename):
    if not request.user.has_perm(f"wagtail_skilldonation.{codename}"):
        raise PermissionDenied


def _inspect_url(application_id):
    return reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application_id])


def certificate_pdf_view(request, certificate_id):
    """Editors download any certificate, revoked ones included (marked as such)."""
    from .models import Certificate
    from .views import pdf_response

    _require(request, "view_application")
    return pdf_response(get_object_or_404(Certificate, pk=certificate_id))


@require_POST
def certificate_issue_view(request, application_id):
    from . import certificates
    from .models import Application

    _require(request, "change_application")
    application = get_object_or_404(Application, pk=application_id)
    try:
        certificate = certificates.issue(application, user=request.user)
    except certificates.CertificateError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Certificate %(code)s issued and sent to %(email)s.")
            % {"code": certificate.code, "email": application.volunteer.email},
        )
    return redirect(_inspect_url(application_id))


@require_POST
def certificate_revoke_view(request, certificate_id):
    from . import certificates
    from .models import Certificate

    _require(request, "change_application")
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    reason = request.POST.get("reason", "").strip()[:255]
    if not reason:
        messages.error(request, _("Say why the certificate is revoked."))
    else:
        certificates.revoke(certificate, reason)
        messages.success(request, _("Certificate %(code)s revoked.") % {"code": certificate.code})
    return redirect(_inspect_url(certificate.application_id))


BATCH_KEY = "wagtail_skilldonation:certificate-batch:{}"


def certificate_batch_view(request, batch_id=None):
    """Issue the certificates of every completed application that has none, in a
    background task; this page shows how far it got."""
    import uuid

    from django.core.cache import cache

    from .models import Application, ApplicationStatus, Certificate
    from .tasks import issue_certificates

    _require(request, "change_application")
    if batch_id is None:
        pending = Application.objects.filter(status=ApplicationStatus.COMPLETED).exclude(
            certificates__revoked_at__isnull=True, certificates__isnull=False
        )
        ids = list(pending.values_list("pk", flat=True))
        if request.method == "POST" and ids:
            batch = uuid.uuid4().hex
            cache.set(BATCH_KEY.format(batch), ids, 7 * 24 * 3600)
            from django.db import transaction

            transaction.on_commit(
                lambda: issue_certificates.enqueue(ids, request.user.pk)
            )
            return redirect("wagtail_skilldonation_certificate_batch", batch_id=batch)
        return TemplateResponse(
            request,
            "wagtail_skilldonation/admin/certificate_batch.html",
            {"pending": len(ids), "batch": None},
        )
    ids = cache.get(BATCH_KEY.format(batch_id))
    if ids is None:
        raise Http404
    done = (
        Certificate.objects.filter(application_id__in=ids, revoked_at__isnull=True)
        .values("application_id")
        .distinct()
        .count()
    )
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/certificate_batch.html",
        {"batch": batch_id, "total": len(ids), "done": done, "finished": done >= len(ids)},
    )


@require_POST
def hours_review_view(request, declaration_id, decision):
    from . import hours
    from .models import HoursDeclaration

    _require(request, "change_application")
    declaration = get_object_or_404(HoursDeclaration, pk=declaration_id)
    done = (hours.approve if decision == "approve" else hours.reject)(declaration, request.user)
    if not done:
        messages.error(request, _("This declaration was already reviewed."))
    return redirect(_inspect_url(declaration.application_id))


@require_POST
def hours_add_view(request, application_id):
    """Editors enter hours themselves: an approved declaration, counted at once."""
    from . import hours
    from .models import Application

    _require(request, "change_application")
    application = get_object_or_404(Application, pk=application_id)
    form = hours.HoursForm(request.POST, application=application)
    if form.is_valid():
        declaration = form.save(commit=False)
        declaration.application = application
        declaration.save()
        hours.approve(declaration, request.user)
        messages.success(request, _("Hours added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_inspect_url(application_id))


@require_POST
def feedback_testimonial_view(request, feedback_id):
    """Turn a consenting author's feedback into a draft testimonial page."""
    from .feedback import to_testimonial
    from .models import Feedback

    _require(request, "change_application")
    feedback = get_object_or_404(Feedback, pk=feedback_id)
    page = to_testimonial(feedback, request.user)
    if page is None:
        messages.error(
            request,
            _("Only feedback whose author agreed to be quoted, with something to quote, "
              "can become a testimonial (and a testimonial index must exist)."),
        )
        return redirect(_inspect_url(feedback.application_id))
    messages.success(request, _("Draft testimonial created: review and publish it."))
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_POST
def feedback_reviewed_view(request, feedback_id):
    from django.utils import timezone

    from .models import Feedback

    _require(request, "change_application")
    feedback = get_object_or_404(Feedback, pk=feedback_id)
    Feedback.objects.filter(pk=feedback.pk, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=request.user
    )
    return redirect(_inspect_url(feedback.application_id))
