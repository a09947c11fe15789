"""The outbox: every e-mail is a row before it is a message.

``queue()`` writes the row in the caller's transaction (a rollback takes the mail with
it) and enqueues ``send_mail`` once it commits (``send_mails`` for the mails one
transaction queued together). The task claims the row, asks the
builder registered for its kind for the message, sends it and records the outcome: sent,
not needed any more (a used link, a revoked certificate), or failed with its reason and
the time of the next attempt. Failures are retried with back-off — deferred by the task
backend when it can, else by ``manage.py skilldonation_send_mail`` run from cron — and
shown to editors until someone resends them. Nothing here depends on one process: the
row is the state.
"""

import logging
import smtplib
import socket
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from ..conf import get_setting
from ..models import OutgoingMail

logger = logging.getLogger(__name__)
Status = OutgoingMail.Status

BUILDERS = {}  # kind → function(mail) returning an EmailMessage, filled by the features
# A row left "pending" this long was never picked up (queue down); "sending" this long,
# its worker died: both are picked up again by ``retry_due``.
STALE_PENDING = timedelta(minutes=10)
STALE_SENDING = timedelta(minutes=15)

_watched = ContextVar("skilldonation_outbox_watched", default=None)
# Sending in the request (no task worker): once the mail server has failed to answer,
# this process does not knock again for SILENT_FOR seconds: the request that met it
# waited EMAIL_TIMEOUT once, not once per mail, and the next ones not at all. The rows
# are kept failed with their next attempt, as any failure.
SILENT_FOR = 60
UNREACHABLE = (TimeoutError, ConnectionError, socket.gaierror, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)
_silent_until = 0.0
in_request = ContextVar("skilldonation_outbox_in_request", default=False)  # set by signal_handlers


class NotNeeded(Exception):
    """Raised by a builder: the mail has nothing left to say (not a failure)."""


class NoRecipient(Exception):
    """Raised by a builder: nobody to send it to (a setting to fix, not a retry)."""


class ServerSilent(Exception):
    """The mail server did not answer a moment ago: not knocked again (``SILENT_FOR``)."""


def builds(*kinds):
    """Register the decorated function as the builder of these kinds of mail."""

    def register(function):
        for kind in kinds:
            BUILDERS[kind] = function
        return function

    return register


def queue(kind, recipient="", *, language="", **about):
    """Record a mail to send once the current transaction commits. ``about`` names
    what it is about (application, submission, invitation, certificate, role)."""
    if kind not in OutgoingMail.KIND_LABELS:
        raise ValueError(f"Unknown kind of e-mail: {kind}")
    mail = OutgoingMail.objects.create(kind=kind, recipient=recipient or "", language=language, **about)
    _send_on_commit(mail.pk)
    watched = _watched.get()
    if watched is not None:
        watched.append(mail.pk)
    return mail


@contextmanager
def watch():
    """Collect the ids of the mails queued inside the block (to tell the editor who
    caused them how they went)."""
    ids = []
    token = _watched.set(ids)
    try:
        yield ids
    finally:
        _watched.reset(token)


class _Batch(list):
    """The mails one transaction queued, handed to the backend together when it commits
    (an application's two mails: one task, one row in the queue, not two)."""

    def __init__(self, savepoints):
        super().__init__()
        self.handed = False
        self.savepoints = savepoints

    def __call__(self):
        if not self.handed:  # each mail registered this; the first call hands them all
            self.handed = True
            enqueue_batch(list(self))


def _send_on_commit(mail_id):
    """Hand ``mail_id`` to the backend once the transaction commits, with the other
    mails queued in the same atomic block. A batch whose callbacks are gone (a
    rollback) is not reused; a mail of a rolled-back savepoint left in a batch is
    skipped by ``deliver``."""
    connection = transaction.get_connection()
    batch = getattr(connection, "_skilldonation_mail_batch", None)
    savepoints = tuple(connection.savepoint_ids)
    if (
        batch is None
        or batch.handed
        or batch.savepoints != savepoints
        or not any(entry[1] is batch for entry in connection.run_on_commit)
    ):
        batch = connection._skilldonation_mail_batch = _Batch(savepoints)
    batch.append(mail_id)
    transaction.on_commit(batch)


def enqueue_batch(mail_ids):
    """One task for these rows (``send_mails``), or ``send_mail`` for one."""
    if len(mail_ids) == 1:
        return enqueue(mail_ids[0])
    try:
        send_mails.enqueue(mail_ids)
    except Exception:
        logger.exception("Could not enqueue e-mails %s; they wait for skilldonation_send_mail", mail_ids)


def enqueue(mail_id, run_after=None):
    """Hand the row to the task backend. If the queue cannot take it, the row stays
    pending and ``retry_due`` picks it up: logged, never lost."""
    try:
        (send_mail.using(run_after=run_after) if run_after else send_mail).enqueue(mail_id)
    except Exception:
        logger.exception("Could not enqueue e-mail %s; it waits for skilldonation_send_mail", mail_id)


@task()
def send_mail(mail_id: int) -> str:
    """Send one row of the outbox, once, and record what happened (``deliver``)."""
    return deliver_and_sweep(mail_id)


@task()
def send_mails(mail_ids: list[int]) -> list[str]:
    """Send the rows one transaction queued, each as ``send_mail`` would; one that
    raises does not keep the next from going (it is retried as any interrupted row)."""
    statuses, error = [], None
    for mail_id in mail_ids:
        try:
            statuses.append(deliver(mail_id))
        except Exception as raised:  # the row stays claimable: retry_due takes it
            logger.exception("E-mail %s could not be sent", mail_id)
            statuses.append("error")
            error = error or raised
    if default_task_backend.supports_defer:
        retry_due()
    if error is not None:
        raise error
    return statuses


def deliver_and_sweep(mail_id):
    """``deliver``, then, in a task worker, take back what a worker killed mid-send
    left behind (rows stuck *sending* or never queued): nothing waits for cron while
    mail flows. (The immediate backend sends in the request: no sweep there.)"""
    status = deliver(mail_id)
    if default_task_backend.supports_defer:
        retry_due()
    return status


def deliver(mail_id):
    """What ``send_mail`` does, as a plain function (mutation tools skip decorated ones)."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, status__in=[Status.PENDING, Status.FAILED]).update(
        status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now, next_attempt_at=None
    )
    if not claimed:  # sent, cancelled, being sent elsewhere, or erased meanwhile
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        message = BUILDERS[mail.kind](mail)
        if not message.to:
            raise NoRecipient("no-recipient")
        message.extra_headers.setdefault("Message-ID", message_id(mail, message))
        if in_request.get() and time.monotonic() < _silent_until:
            raise ServerSilent("server-silent")
        _send(message, in_request.get())
    except NotNeeded as reason:
        return _record(mail, Status.CANCELLED, error=str(reason))
    except Exception as error:  # the mail server, a template, a missing address…
        logger.warning("E-mail %s (%s) failed: %s", mail.pk, mail.kind, error, exc_info=True)
        return _record_failure(mail, message_of(error), retry=not isinstance(error, NoRecipient))
    return _record(mail, Status.SENT, recipient=message.to[0], sent_at=timezone.now(), error="")


def _send(message, during_request):
    global _silent_until
    try:
        message.send()
    except UNREACHABLE:
        if during_request:
            _silent_until = time.monotonic() + SILENT_FOR
        raise
    if during_request:
        _silent_until = 0.0


def message_id(mail, message):
    """One Message-ID per row, the same at every attempt: a mail sent again after its
    sender was lost mid-send (the one case the outbox cannot rule out) is shown once by
    the recipient's mail client."""
    domain = (message.from_email or "").rpartition("@")[2].strip(" >") or "localhost"
    return f"<outbox.{mail.pk}.{int(mail.created_at.timestamp())}@{domain}>"


def message_of(error):
    """What the editor reads: a reason's code (translated on display), or the error."""
    if isinstance(error, NoRecipient):
        return "no-recipient"
    if isinstance(error, ServerSilent):
        return "server-silent"
    text = str(error)
    return (f"{error.__class__.__name__}: {text}" if text else error.__class__.__name__)[:500]


def _record(mail, status, *, error=None, **fields):
    if error is not None:
        fields["last_error"] = error
    # Only the worker holding the claim writes the outcome.
    OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(status=status, **fields)
    return status


def _record_failure(mail, error, *, retry=True):
    delays = get_setting("MAIL_RETRY_DELAYS")
    next_at = None
    if retry and mail.attempts <= len(delays):
        next_at = timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
    status = _record(mail, Status.FAILED, error=error, next_attempt_at=next_at)
    if next_at is not None and default_task_backend.supports_defer:
        enqueue(mail.pk, run_after=next_at)
    return status


def due(now=None):
    """Rows to (re)send now: failures whose next attempt has come, and rows stuck
    pending or sending (their queue or their worker was lost)."""
    now = now or timezone.now()
    return OutgoingMail.objects.filter(
        Q(status=Status.FAILED, next_attempt_at__lte=now)
        | Q(status=Status.PENDING, created_at__lte=now - STALE_PENDING)
        | Q(status=Status.SENDING, claimed_at__lte=now - STALE_SENDING)
    )


def retry_due(now=None):
    """Send every row that is due. Returns how many were handed to the backend."""
    now = now or timezone.now()
    ids = list(due(now).order_by("created_at").values_list("pk", flat=True))
    # Only rows still stuck: one claimed meanwhile by a live sender (a task that took
    # it up between the query above and now) is being sent, not interrupted.
    interrupted(ids, claimed_before=now - STALE_SENDING)
    for mail_id in ids:
        enqueue(mail_id)
    return len(ids)


def interrupted(ids, claimed_before=None):
    """Rows whose sender was lost mid-send (a worker killed, its database gone): they
    can be claimed again, and are due now (``retry_due`` queues them if nothing else
    does). With ``claimed_before``, only rows claimed before then."""
    rows = OutgoingMail.objects.filter(pk__in=ids, status=Status.SENDING)
    if claimed_before is not None:
        rows = rows.filter(claimed_at__lte=claimed_before)
    return rows.update(status=Status.FAILED, last_error="interrupted", next_attempt_at=timezone.now())


def resend(mail):
    """An editor asks for a failed mail again (the server is back, an address was
    fixed): a fresh series of attempts, the mail server knocked at again even if it
    was silent a moment ago. Returns whether it was resent."""
    global _silent_until
    _silent_until = 0.0
    with transaction.atomic():
        updated = OutgoingMail.objects.filter(pk=mail.pk, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, next_attempt_at=None
        )
        if updated:
            transaction.on_commit(partial(enqueue, mail.pk))
    return bool(updated)


def stuck(now=None):
    """Mails waiting longer than a worker would let them: the worker seems stopped."""
    now = now or timezone.now()
    return OutgoingMail.objects.filter(
        Q(status=Status.PENDING, created_at__lte=now - STALE_PENDING)
        | Q(status=Status.SENDING, claimed_at__lte=now - STALE_SENDING)
    )


def failures():
    """What editors must see: mails that could not be sent, and mails stuck unsent."""
    return OutgoingMail.objects.filter(
        Q(status=Status.FAILED)
        | Q(status__in=[Status.PENDING, Status.SENDING], created_at__lte=timezone.now() - STALE_PENDING)
    )
