"""The one place that renders and sends e-mails.

Each feature builds its messages in its own ``emails.py`` (what to say, to whom) and
sends them through ``render_message`` and ``deliver`` here, from ``django_tasks`` tasks
enqueued after commit. Tasks take primitive arguments (ids and kinds) so any task
backend can carry them; a failing mail server only fails the task (logged, retryable),
never the change that caused the mail.
"""

import logging
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string, select_template
from django.utils import translation

from .models import PortalSettings

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args):
    """Enqueue ``task`` once the current transaction commits (never for a rollback)."""
    transaction.on_commit(partial(task.enqueue, *args))


def portal_settings(page):
    """The portal settings of the site ``page`` belongs to (``None`` outside a site)."""
    site = page.get_site()
    return PortalSettings.for_site(site) if site else None


def render_message(kind, context, to, language):
    """Subject, text and HTML from ``emails/<kind>…`` templates, in ``language``."""
    with translation.override(language):
        prefix = "wagtail_skilldonation/emails/"
        subject = render_to_string(f"{prefix}{kind}_subject.txt", context)
        # Headers must be one line whatever a name or title contains.
        subject = " ".join(subject.split())
        text = render_to_string(f"{prefix}{kind}.txt", context)
        html = select_template([f"{prefix}{kind}.html", f"{prefix}base.html"]).render(
            {**context, "subject": subject, "body_text": text, "language": language}
        )
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def deliver(message, what):
    try:
        message.send()
    except Exception:
        logger.exception("Sending %s failed", what)
        raise  # the task is marked failed and can be retried by the backend
    return True
