"""The outbox knows when it sends inside a visitor's request (Wagtail's immediate
task backend, no worker): there, a mail server that did not answer is not knocked
again for a minute (``outbox.SILENT_FOR``), so nobody waits on it twice."""

from django.core.signals import request_finished, request_started

from .outbox import in_request


def _started(**kwargs):
    in_request.set(True)


def _finished(**kwargs):
    in_request.set(False)


def register_signal_handlers():
    request_started.connect(_started, dispatch_uid="wagtail_skilldonation_mail_request_started")
    request_finished.connect(_finished, dispatch_uid="wagtail_skilldonation_mail_request_finished")
