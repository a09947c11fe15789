"""The page between a click and the e-mails it sends: who will be written to and
what they will read, sent only from there (a decision can be taken back until then)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ...conf import get_setting
from ...followup import emails as feedback_emails
from ...models import ApplicationStatus
from ...models.languages import contract
from .. import emails, lifecycle

ACTION_LABELS = {
    ApplicationStatus.ACCEPTED: _("Accept"),
    ApplicationStatus.DECLINED: _("Decline"),
    ApplicationStatus.WAITING_LIST: _("Put on the waiting list"),
    ApplicationStatus.COMPLETED: _("Mark completed"),
    ApplicationStatus.WITHDRAWN: _("Mark withdrawn"),
    ApplicationStatus.SUBMITTED: _("Reopen"),
}


def confirm_decision(request, applications, to_status, *, message, hidden, post_url, back_url):
    """The page between a click and an e-mail: who will be written to, the e-mail with
    the team's word still editable, and the buttons to send it or to change nothing."""
    first = applications[0]
    kind = lifecycle.NOTIFIED[to_status]
    label = ACTION_LABELS[to_status]
    if len(applications) == 1:
        summary = contract(
            _("%(name)s will receive this e-mail once you confirm; until then nothing changes.")
            % {"name": first.volunteer.full_name}
        )
    else:
        summary = ngettext(
            "%(count)s volunteer will receive this e-mail, each with their own name and mission, once you "
            "confirm; until then nothing changes.",
            "%(count)s volunteers will receive this e-mail, each with their own name and mission, once you "
            "confirm; until then nothing changes.",
            len(applications),
        ) % {"count": len(applications)}
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/decision_confirm.html",
        {
            "action_label": label,
            "summary": summary,
            "recipients": applications,
            "hidden": hidden,
            "message": emails.default_answer(first.mission, kind) if message is None else message,
            "preview": emails.build_message(first, kind, personal=_("[your message, above]"), preview=True).body,
            "confirm_label": _("%(action)s and send the e-mail") % {"action": label}
            if len(applications) == 1
            else ngettext(
                "%(action)s and send %(count)s e-mail", "%(action)s and send %(count)s e-mails", len(applications)
            )
            % {"action": label, "count": len(applications)},
            "editable": True,
            "post_url": post_url,
            "back_url": back_url,
        },
    )


def confirm_completion(request, application, *, hidden, post_url, back_url):
    """Completing asks both sides for feedback (and may issue the certificate): the
    e-mails are listed, the volunteer's shown, before anything is sent."""
    asked = feedback_emails.requests_of(application)
    lines = [
        (
            _("%(name)s (%(address)s): how did it go for you?")
            if role == "volunteer"
            else _("The beneficiary's contact (%(address)s): how did it go with %(name)s?")
        )
        % {"name": application.volunteer.full_name, "address": address}
        for role, address, _language in asked
    ]
    if get_setting("AUTO_ISSUE_CERTIFICATES"):
        lines.append(_("%(name)s: their certificate.") % {"name": application.volunteer.full_name})
    label = ACTION_LABELS[ApplicationStatus.COMPLETED]
    return TemplateResponse(
        request,
        "wagtail_skilldonation/admin/decision_confirm.html",
        {
            "action_label": label,
            "summary": ngettext(
                "Once you confirm, this e-mail goes; until then nothing changes:",
                "Once you confirm, these %(count)s e-mails go; until then nothing changes:",
                len(lines),
            )
            % {"count": len(lines)},
            "mails": lines,
            "hidden": hidden,
            "editable": False,
            "preview": feedback_emails.message(application, "volunteer", asked[0][2], preview=True).body,
            "confirm_label": ngettext(
                "%(action)s and send %(count)s e-mail", "%(action)s and send %(count)s e-mails", len(lines)
            )
            % {"action": label, "count": len(lines)},
            "post_url": post_url,
            "back_url": back_url,
        },
    )
