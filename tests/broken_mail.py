from django.core.mail.backends.base import BaseEmailBackend
from django_tasks.backends.base import BaseTaskBackend


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


class BrokenQueueBackend(BaseTaskBackend):
    """A task queue that cannot be reached (Redis down, say)."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("queue unreachable")
