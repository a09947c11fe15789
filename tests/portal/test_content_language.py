"""A page says the language its content is written in: on a French site an English
browser gets the interface in English, and ``<html lang="fr">`` with ``lang="en"`` on
the interface's parts, so that a screen reader reads each part with the right voice."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class Langs(HTMLParser):
    """The language in force at each element with an id or a class we look for."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or (self.stack[-1] if self.stack else None)
        for key in [tag, attrs.get("id"), *(attrs.get("class") or "").split()]:
            if key:
                self.found.setdefault(key, lang)
        if tag not in self.VOID:
            self.stack.append(lang)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def langs(response):
    parsed = Langs()
    parsed.feed(response.content.decode())
    return parsed.found


@pytest.fixture
def french_content(settings):
    settings.LANGUAGE_CODE = "fr"
    settings.LANGUAGES = [("fr", "Français"), ("en", "English")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES


def test_a_french_page_in_an_english_browser_says_each_parts_language(client, french_content, open_mission):
    found = langs(client.get(open_mission.url, HTTP_ACCEPT_LANGUAGE="en"))
    assert found["html"] == "fr"
    assert found["h1"] == "fr"  # the mission's title: content
    assert found["sd-header"] == "en"
    assert found["sd-footer"] == "en"
    assert found["sd-facts"] == "en"
    assert found["sd-apply"] == "en"  # the form and its labels
    assert found["sd-status"] == "en"


def test_a_page_read_in_its_own_language_needs_no_lang_on_parts(client, french_content, open_mission, mission_index):
    for page in (open_mission, mission_index):
        html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert html.count(" lang=") == 1  # <html> only
        assert '<html lang="fr">' in html


def test_a_page_outside_the_tree_speaks_the_interfaces_language(client, french_content):
    found = langs(client.get("/portal/certificates/", HTTP_ACCEPT_LANGUAGE="en"))
    assert found["html"] == "en"
