"""Every kind of e-mail the outbox knows, in French and in English: the HTML part has
each of our links the text part has, once, whole and clickable, and each leads, as its
reader opens it, to a page that answers in the mail's language (a mission's link to
the language version applied from). The same mails are followed in Chromium in
tests/test_browser.py."""

from collections import Counter

import pytest
from django.test import Client

from tests.mail.every_kind import (
    KINDS,
    ROUNDS,
    anchors,
    our_text_links,
    send_every_kind,
    two_language_site,
    well_formed,
)


@pytest.fixture
def versions(settings, make_mission, skills):
    return two_language_site(settings, make_mission, skills)


def check_html_part(kind, message, language, base):
    """The HTML part as a mail client shows it: returns the links a reader can click."""
    html = message.alternatives[0][0]
    parsed = anchors(html)
    assert parsed.lang == language, kind
    hrefs = [href for href, _text in parsed.anchors]
    for href, text in parsed.anchors:
        assert well_formed(href, base), (kind, href)
        assert text == href, (kind, text)  # the address itself, nothing nested in it
    assert Counter(hrefs) == Counter(our_text_links(message.body, base)), kind
    return hrefs


def opens_in(url, language):
    """What the reader's browser (in the mail's language, signed in nowhere) shows at
    ``url``: the final status and, for a page, its language."""
    response = Client().get(url, follow=True, HTTP_ACCEPT_LANGUAGE=language)
    if not response["Content-Type"].startswith("text/html"):
        return response.status_code, language
    return response.status_code, anchors(response.content.decode()).lang


def test_every_kind_of_mail_has_its_links_whole_and_each_opens_in_its_language(
    client, superuser, versions, settings, django_capture_on_commit_callbacks
):
    base = settings.WAGTAILADMIN_BASE_URL
    followed, sent = [], set()

    def received(kind, language, message):
        for href in check_html_part(kind, message, language, base):
            status, lang = opens_in(href, language)
            followed.append((kind, language, href, status, lang))

    for language, site_language in ROUNDS:
        sent |= send_every_kind(
            language, site_language, client, django_capture_on_commit_callbacks, superuser, versions, settings, received
        )
    assert sent == {(kind, language) for kind in KINDS for language in ("fr", "en")}
    assert {(kind, language) for kind, language, *_ in followed} == sent  # each carries a link to follow
    for kind, language, href, status, lang in followed:
        assert status == 200, (kind, href, status)
        if "/admin/" not in href:  # the admin speaks the editor's own language
            assert lang == language, (kind, href, lang)
