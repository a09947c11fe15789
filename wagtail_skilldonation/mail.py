"""The one place that renders and sends e-mails.

Each feature builds its messages in its own ``emails.py`` (what to say, to whom) and
sends them through ``render_message`` and ``deliver`` here, from ``django_tasks`` tasks
enqueued after commit. Tasks take primitive arguments (ids and kinds) so any task
backend can carry them; a failing mail server only fails the task (logged, retryable),
never the change that caused the mail.
"""

import logging
import unicodedata
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template import Template as DjangoTemplate
from django.template.defaultfilters import linebreaks
from django.template.loader import get_template, render_to_string, select_template
from django.utils.html import escape
from django.utils.safestring import mark_safe
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
        subject = one_line(render_text(f"{prefix}{kind}_subject.txt", context))
        text = render_to_string(f"{prefix}{kind}.txt", context)
        html = select_template([f"{prefix}{kind}.html", f"{prefix}base.html"]).render(
            {
                **context,
                "subject": subject,
                "body_text": text,
                "body_html": text_to_html(text, our_links(context)),
                "language": language,
            }
        )
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def our_links(context):
    """The links a message carries that we wrote (``*_url`` in its context)."""
    return sorted(
        {v for k, v in context.items() if k.endswith("_url") and isinstance(v, str) and v.startswith(("http://", "https://"))},
        key=len,
        reverse=True,  # the longest first: one link may begin with another
    )


def text_to_html(text, links):
    """The text part as HTML: everything escaped (names, messages, titles come from
    people), line breaks kept, and only our own links made clickable — a URL a visitor
    typed stays text."""
    html = str(linebreaks(escape(text)))
    for url in links:
        escaped = str(escape(url))
        html = html.replace(escaped, f'<a href="{escaped}">{escaped}</a>')
    return mark_safe(html)


def render_text(name, context):
    """A template rendered as plain text: no HTML escaping (a subject is a header, and
    "O'Brien" must not arrive as "O&#x27;Brien")."""
    template = get_template(name)
    inner = getattr(template, "template", None)
    if isinstance(inner, DjangoTemplate):
        return inner.render(Context(context, autoescape=False))
    return template.render(context)  # another engine: its own escaping rules


def one_line(text):
    """A header's value: control characters (what a name may carry) and line breaks
    become spaces, runs of spaces one."""
    return " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).split())


def deliver(message, what):
    try:
        message.send()
    except Exception:
        logger.exception("Sending %s failed", what)
        raise  # the task is marked failed and can be retried by the backend
    return True
