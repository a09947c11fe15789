"""The one place that records, renders and sends e-mails.

Each feature says what to send in its own ``emails.py``: it queues an outbox row in
the transaction that causes the mail (``outbox.queue``), and registers the builder
that turns a row into a message (``outbox.builds``). Rendering lives here; sending,
retrying and recording what happened live in ``outbox``.
"""

import re
import unicodedata

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template import Template as DjangoTemplate
from django.template.defaultfilters import linebreaks
from django.template.loader import get_template, render_to_string, select_template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..links import page_url, portal_url
from ..models import PortalSettings


def portal_settings(page):
    """The portal settings of the site ``page`` belongs to (``None`` outside a site)."""
    site = page.get_site()
    return PortalSettings.for_site(site) if site else None


def render_message(kind, context, to, language):
    """Subject, text and HTML from ``emails/<kind>…`` templates, in ``language``."""
    with translation.override(language):
        # Every link in the reader's language (a language version's address).
        context = _in_language({**context, "space_url": _space_url(context, to)})
        prefix = "wagtail_skilldonation/emails/"
        subject = one_line(render_text(f"{prefix}{kind}_subject.txt", context))
        text = render_to_string(f"{prefix}{kind}.txt", context)
        if context["space_url"] and kind != "sign_in":
            text = text.rstrip() + "\n\n" + render_to_string(f"{prefix}includes/space.txt", context)
        html = select_template([f"{prefix}{kind}.html", f"{prefix}base.html"]).render(
            {
                **context,
                "subject": subject,
                "body_text": text,
                "body_html": text_to_html(text, our_links(context)),
                "language": language,
            }
        )
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, from_email=sender(context.get("portal")))
    message.attach_alternative(html, "text/html")
    return message


def _in_language(context):
    """The mission as the reader knows it: its live version in the mail's language
    (title and link), when it has one; the application stays on the mission it was made to."""
    mission = context.get("mission")
    localized = getattr(mission, "localized", mission)
    if mission is None or localized.pk == mission.pk:
        return context
    context = {**context, "mission": localized}
    if "mission_url" in context:
        context["mission_url"] = page_url(localized)
    return context


def _space_url(context, to):
    """Every mail to a volunteer ends with the way into their space."""
    volunteer = context.get("volunteer")
    if volunteer is None or [address.lower() for address in to] != [volunteer.email.lower()]:
        return ""
    return portal_url("space")


def sender(portal):
    """Who the mail comes from: the portal's sender address (with the association's
    name), else ``DEFAULT_FROM_EMAIL``."""
    if portal is not None and portal.from_email:
        name = portal.association_name.replace('"', "'")
        return f'"{one_line(name)}" <{portal.from_email}>' if name else portal.from_email
    return settings.DEFAULT_FROM_EMAIL


def our_links(context):
    """The links a message carries that we wrote (``*_url``, and lists ``*_urls``, in
    its context)."""
    urls = [v for k, v in context.items() if k.endswith("_url")]
    urls += [url for k, v in context.items() if k.endswith("_urls") for url in v]
    # ``text_to_html`` puts the longest first itself (one link may begin with another).
    return sorted({v for v in urls if isinstance(v, str) and v.startswith(("http://", "https://"))})


def text_to_html(text, links):
    """The text part as HTML: everything escaped (names, messages, titles come from
    people), line breaks kept, and only our own links made clickable — a URL a visitor
    typed stays text."""
    html = str(linebreaks(escape(text)))
    escaped = sorted({str(escape(url)) for url in links if url}, key=len, reverse=True)
    if not escaped:
        return mark_safe(html)
    # One pass, the longest link first at each place, and only where the URL ends there:
    # a link is never made again inside another that begins with it (the space's URL
    # inside the sign-in link's), nor out of the first part of a longer URL.
    pattern = re.compile("(?:" + "|".join(map(re.escape, escaped)) + ")(?![A-Za-z0-9/_%?#=~+-])")
    return mark_safe(pattern.sub(lambda match: f'<a href="{match[0]}">{match[0]}</a>', html))


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
