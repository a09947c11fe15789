"""The outbox: one row per e-mail the portal owes somebody.

Written in the transaction that causes the mail (an application saved without its
row, or a row without its application, cannot happen), sent by a task that records what
happened. A failure is kept with its reason, retried, and shown to editors.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application, Invitation, Submission
from .certificates import Certificate
from .space import ApplicationMessage, VolunteerAccess


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        CANCELLED = "cancelled", _("Not needed any more")

    KIND_LABELS = {
        "received": _("Application received (to the volunteer)"),
        "confirm": _("Confirmation link (to the owner of the address)"),
        "new": _("New application (to the team)"),
        "accepted": _("Accepted, with the hours link"),
        "declined": _("Declined"),
        "waiting_list": _("Waiting list"),
        "invitation": _("Invitation"),
        "certificate": _("Certificate"),
        "certificate_revoked": _("Certificate revoked, with the reason (to its holder)"),
        "feedback": _("Feedback request"),
        "sign_in": _("Sign-in link to the volunteer's space"),
        "message_to_volunteer": _("Message from the team (to the volunteer)"),
        "message_to_team": _("Message from the volunteer (to the team)"),
        "alert": _("Weekly alert of new missions (to the volunteer)"),
        "proposal_received": _("Need proposal received (to the organisation)"),
        "proposal_new": _("New need proposal (to the team)"),
        "proposal_declined": _("Need proposal declined, with the reason (to the organisation)"),
        "organisation_sign_in": _("Sign-in link to the organisation's space"),
        "message_to_organisation": _("Message from the team (to the organisation)"),
        "message_from_organisation": _("Message from an organisation (to the team)"),
        "impact_followup": _("Lasting-impact follow-up (to the organisation)"),
    }

    # Reasons recorded as codes, shown in the reader's language.
    REASONS = {
        "no-recipient": _(
            "No address to send it to: give the mission a contact e-mail, or set the "
            "notification address in the portal settings, then resend."
        ),
        "interrupted": _("Interrupted while sending."),
        "server-silent": _(
            "The mail server did not answer a moment before: not tried this time, so that nobody waits; "
            "it will be tried again."
        ),
        "used": _("The link was used, or a newer form replaced it, before the mail left."),
        "withdrawn": _("The certificate was revoked, or its holder's data erased, before the mail left."),
        "expired": _("The sign-in link expired or was used before the mail left."),
        "unknown": _("No volunteer has this address: nothing was sent (and the address was not kept)."),
        "unknown-organisation": _(
            "No organisation has this address as its contact: nothing was sent (and the address was not kept)."
        ),
        "gone": _("What it was about was deleted or answered before the mail left."),
    }

    kind = models.CharField(_("kind"), max_length=30)
    recipient = models.EmailField(_("recipient"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # What the mail is about (the builder of its kind reads them when sending).
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE, related_name="mails")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="mails")
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="mails")
    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="mails")
    access = models.ForeignKey(VolunteerAccess, null=True, blank=True, on_delete=models.CASCADE, related_name="mails")
    message = models.ForeignKey(
        ApplicationMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    volunteer = models.ForeignKey(
        "wagtail_skilldonation.Volunteer", null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    proposal = models.ForeignKey(
        "wagtail_skilldonation.NeedProposal", null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    # What a mail lists, fixed when it is queued (an alert's missions).
    payload = models.JSONField(default=dict, blank=True)
    role = models.CharField(_("addressed as"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind_label} → {self.recipient or '?'}"

    @property
    def kind_label(self):
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def reason(self):
        return self.REASONS.get(self.last_error, self.last_error)

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED


class TaskWorker(models.Model):
    """A running task worker, seen alive at ``seen_at`` (``skilldonation_worker`` beats
    every few seconds, from its own thread, also while a long task runs). A task left
    *running* by a worker not seen for a while is taken back by another one; the admin
    home says when tasks wait and no worker is seen."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self):
        return f"{self.host}:{self.pid} ({self.worker_id[:8]})"
