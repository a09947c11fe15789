"""Editors' certificate screens: download any certificate, issue, revoke, issue in bulk."""

import uuid

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.viewsets.base import ViewSet

from ..links import application_admin_url
from ..mail import outbox
from ..mail.admin_views import tell_editor
from ..models import Application, ApplicationStatus, Certificate, CertificateBatch, OutgoingMail
from ..permissions import require_permission
from ..validators import NUL_MESSAGE, has_nul
from .issuing import CertificateError, issue, revoke
from .tasks import issue_certificates
from .views import pdf_response


def certificate_pdf_view(request, certificate_id):
    """Editors download any certificate, revoked ones included: whoever may read or
    change applications (and so issue certificates)."""
    require_permission(request, "view_application", "change_application")
    return pdf_response(get_object_or_404(Certificate, pk=certificate_id))


@require_POST
def certificate_issue_view(request, application_id):
    require_permission(request, "change_application")
    application = get_object_or_404(Application, pk=application_id)
    try:
        with outbox.watch() as mails:
            certificate = issue(application, user=request.user)
    except CertificateError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Certificate %(code)s issued; it is e-mailed to %(email)s.")
            % {"code": certificate.code, "email": application.volunteer.email},
        )
        tell_editor(request, mails)
    return redirect(application_admin_url(application_id))


@require_POST
def certificate_revoke_view(request, certificate_id):
    require_permission(request, "change_application")
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    reason = request.POST.get("reason", "").strip()[:255]
    if has_nul(reason):
        messages.error(request, NUL_MESSAGE)
    elif not reason:
        messages.error(request, _("Say why the certificate is revoked."))
    else:
        with outbox.watch() as mails:
            revoke(certificate, reason)
        messages.success(
            request,
            _("Certificate %(code)s revoked; its holder is told why by e-mail.") % {"code": certificate.code},
        )
        tell_editor(request, mails)
    return redirect(application_admin_url(certificate.application_id))


def certificate_batch_view(request, batch_id=None):
    """Issue the certificates of every completed application that has none, in a
    background task; this page shows how far it got (read from the database)."""
    require_permission(request, "change_application")
    if batch_id is None:
        pending = Application.objects.filter(status=ApplicationStatus.COMPLETED).exclude(
            certificates__revoked_at__isnull=True, certificates__isnull=False
        )
        ids = list(pending.values_list("pk", flat=True))
        if request.method == "POST" and ids:
            batch = CertificateBatch.objects.create(id=uuid.uuid4(), application_ids=ids, created_by=request.user)
            transaction.on_commit(lambda: issue_certificates.enqueue(ids, request.user.pk, batch.pk.hex))
            return redirect("wagtail_skilldonation_certificates:batch", batch_id=batch.pk.hex)
        return TemplateResponse(
            request,
            "wagtail_skilldonation/admin/certificate_batch.html",
            {"pending": len(ids), "batch": None},
        )
    try:
        batch = CertificateBatch.objects.get(pk=uuid.UUID(batch_id))
    except (ValueError, CertificateBatch.DoesNotExist):
        raise Http404 from None
    ids = batch.application_ids
    done = (
        Certificate.objects.filter(application_id__in=ids, revoked_at__isnull=True)
        .values("application_id")
        .distinct()
        .count()
    )
    failing = Application.objects.select_related("volunteer", "mission").in_bulk([int(pk) for pk in batch.failures])
    failed = [(failing.get(int(pk)), reason) for pk, reason in batch.failures.items()]
    mails = OutgoingMail.objects.filter(kind="certificate", certificate__application_id__in=ids)
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/certificate_batch.html",
        {
            "batch": batch.pk.hex,
            "total": len(ids),
            "done": done,
            "finished": done + len(failed) >= len(ids),
            "failed": failed,
            "mailed": mails.filter(status=OutgoingMail.Status.SENT).count(),
            "not_mailed": mails.filter(status=OutgoingMail.Status.FAILED).count(),
            "mail_failures_url": reverse("wagtail_skilldonation_mail:failures"),
        },
    )


class CertificateViewSet(ViewSet):
    """The editors' certificate screens (``/admin/skilldonation/certificates/``)."""

    name = "wagtail_skilldonation_certificates"
    url_prefix = "skilldonation/certificates"

    def get_urlpatterns(self):
        return [
            path("applications/<int:application_id>/issue/", certificate_issue_view, name="issue"),
            path("<int:certificate_id>/pdf/", certificate_pdf_view, name="pdf"),
            path("<int:certificate_id>/revoke/", certificate_revoke_view, name="revoke"),
            path("issue/", certificate_batch_view, name="batch_start"),
            path("issue/<str:batch_id>/", certificate_batch_view, name="batch"),
        ]
