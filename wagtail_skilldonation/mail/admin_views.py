"""What editors see of the outbox: the mails their action could not send, the list of
mails not sent, and the button that sends one again."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.viewsets.base import ViewSet

from ..models import OutgoingMail
from ..permissions import require_permission
from . import outbox


def tell_editor(request, mail_ids):
    """After an editor's action: a warning for each mail it caused that could not be
    sent (with the immediate task backend, sending has been tried by now), and a word
    for those still queued (a task worker sends them): never "sent" before they are."""
    waiting = OutgoingMail.objects.filter(
        pk__in=mail_ids, status__in=[OutgoingMail.Status.PENDING, OutgoingMail.Status.SENDING]
    ).count()
    if waiting:
        messages.info(
            request,
            ngettext(
                "%(count)s e-mail is queued: it leaves in a moment (the application's page says when).",
                "%(count)s e-mails are queued: they leave in a moment (the application's page says when).",
                waiting,
            )
            % {"count": waiting},
        )
    for mail in OutgoingMail.objects.filter(pk__in=mail_ids, status=OutgoingMail.Status.FAILED):
        if mail.next_attempt_at:
            then = _("It will be tried again by itself; you can also resend it from the application's page.")
        else:
            then = _("Fix the cause, then resend it from the application's page.")
        messages.warning(
            request,
            _("The e-mail “%(kind)s” to %(recipient)s could not be sent: %(reason)s %(then)s")
            % {
                "kind": mail.kind_label,
                "recipient": mail.recipient or _("(no address)"),
                "reason": mail.reason,
                "then": then,
            },
        )


@require_POST
def mail_resend_view(request, mail_id):
    require_permission(request, "change_application")
    mail = get_object_or_404(OutgoingMail, pk=mail_id)
    if outbox.resend(mail):
        mail.refresh_from_db()
        if mail.status == OutgoingMail.Status.SENT:
            messages.success(request, _("E-mail sent to %(recipient)s.") % {"recipient": mail.recipient})
        elif mail.status == OutgoingMail.Status.FAILED:
            tell_editor(request, [mail.pk])
        else:
            messages.success(request, _("E-mail queued again."))
    else:
        messages.error(request, _("This e-mail is not waiting to be resent."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("wagtail_skilldonation_mail:failures")
    return redirect(back or reverse("wagtail_skilldonation_mail:failures"))


def mail_failures_view(request):
    require_permission(request, "view_application", "change_application")
    mails = outbox.failures().select_related(
        "application__volunteer", "application__mission", "invitation__volunteer", "invitation__mission", "proposal"
    )
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/mail_failures.html",
        {
            "mails": mails,
            "can_resend": request.user.has_perm("wagtail_skilldonation.change_application"),
            "here": request.get_full_path(),
        },
    )


class MailViewSet(ViewSet):
    """E-mails that could not be sent, and their resending (``/admin/skilldonation/mails/``)."""

    name = "wagtail_skilldonation_mail"
    url_prefix = "skilldonation/mails"

    def get_urlpatterns(self):
        return [
            path("", mail_failures_view, name="failures"),
            path("<int:mail_id>/resend/", mail_resend_view, name="resend"),
        ]
