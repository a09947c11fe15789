"""The copies of a person's words that Wagtail keeps outside our tables, reached when
they are forgotten: testimonial pages drawn from their feedback (the page, every
revision, its log entries and so its search entry, the sitemap and the API), and the
admin log entries that name them.

A testimonial is withdrawn rather than deleted: unpublished and rewritten without their
name or words, every revision rewritten the same way, so editors keep its history (who
did what, when) but nobody reads what the person said or who they were.
"""

import json
from functools import partial

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry, PageLogEntry

from ..models import AuthorRole, TestimonialPage

# What a testimonial page says of its author, in the page and in each revision.
PAGE_TEXT_FIELDS = ("title", "draft_title", "slug", "url_path", "seo_title", "search_description")
TESTIMONIAL_FIELDS = ("quote", "author_name")
NAMING_FIELDS = PAGE_TEXT_FIELDS + TESTIMONIAL_FIELDS


def scrub(value, olds, new):
    """``value`` (text or JSON data) with every old text replaced by ``new``."""
    olds = sorted({old for old in olds if old and len(old) > 2}, key=len, reverse=True)
    if isinstance(value, str):
        for old in olds:
            value = value.replace(old, new)
        return value
    # In JSON, each text as JSON writes it (quotes and backslashes escaped).
    text, new = json.dumps(value, ensure_ascii=False), json.dumps(new, ensure_ascii=False)[1:-1]
    for old in olds:
        text = text.replace(json.dumps(old, ensure_ascii=False)[1:-1], new)
    return json.loads(text)


def withdraw_testimonials(feedbacks):
    """Withdraw every testimonial page (each language version) drawn from ``feedbacks``."""
    pages = TestimonialPage.objects.filter(source_feedback__in=feedbacks).select_related("locale")
    for page in pages:
        withdraw(page)
    return len(pages)


def withdraw(page):
    """Unpublish ``page`` and rewrite it, its revisions and its log entries without the
    author's name or words (every text any of them held is looked for in the logs)."""
    revisions = list(page.revisions.all())
    olds = {str(getattr(page, name) or "") for name in NAMING_FIELDS}
    for revision in revisions:
        olds |= {str(revision.content.get(name) or "") for name in NAMING_FIELDS}
        olds.add(revision.object_str)
    with translation.override(page.locale.language_code):
        title = gettext("Withdrawn testimonial")
        volunteer = page.author_role == AuthorRole.VOLUNTEER
        page.author_name = gettext("A volunteer") if volunteer else gettext("A beneficiary organisation")
    page.title = page.draft_title = page.quote = title
    page.seo_title = page.search_description = ""
    page.slug = f"withdrawn-{page.pk}"
    page.save(clean=False)  # a new slug moves its url_path; the search entry follows the save
    if page.live:
        page.unpublish()
    # Wagtail redirects a changed slug once the change commits, and the old path spells
    # their name (it would lead to a withdrawn page anyway): removed after it.
    transaction.on_commit(partial(_remove_redirects, page.pk))
    for revision in revisions:
        content = {**revision.content, **{name: getattr(page, name) for name in NAMING_FIELDS}}
        type(revision).objects.filter(pk=revision.pk).update(content=scrub(content, olds, title), object_str=title)
    for entry in PageLogEntry.objects.filter(page=page):
        PageLogEntry.objects.filter(pk=entry.pk).update(label=title, data=scrub(entry.data, olds, title))


def _remove_redirects(page_id):
    if apps.is_installed("wagtail.contrib.redirects"):
        from wagtail.contrib.redirects.models import Redirect

        Redirect.objects.filter(redirect_page_id=page_id).delete()


def scrub_model_logs(objects, olds):
    """Admin log entries about ``objects`` (a volunteer, their applications…) relabelled
    with what the objects say now, and their data rid of the old texts."""
    for obj in objects:
        entries = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk)
        )
        for entry in entries:
            label = str(obj)[:255]
            entries.filter(pk=entry.pk).update(label=label, data=scrub(entry.data, olds, label))
