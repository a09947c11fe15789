"""A link of the portal that leads nowhere answers the portal's own page (translated,
with whom to write to), in both of the site's modes: with its pages under /fr/ and
/en/, Django's LocaleMiddleware used to turn these 404s into a redirect to
``/fr/portal/…``, where the host answered its bare "Not Found"."""

from html.parser import HTMLParser

import pytest
from django.urls import clear_url_caches
from wagtail.models import Site

from tests.portal.test_multilingual_site import MULTILINGUAL
from wagtail_skilldonation.models import PortalSettings

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/portal/certificates/ABCD-EFGH-JKMN-PQRS/",  # a well-formed code nobody has
    "/portal/certificates/ABCD-EFGH-JKMN-PQRS/pdf/?token=abc",
    "/portal/hours/abc/",
    "/portal/feedback/abc/",
    "/portal/confirm/abc/",
    "/portal/missions/999999/calendar.ics",
]


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang, self.h1, self.mailto, self._in_h1 = None, "", [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self._in_h1 = self._in_h1 or tag == "h1"
        if tag == "a" and (attrs.get("href") or "").startswith("mailto:"):
            self.mailto.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


@pytest.fixture(params=["one language", "multilingual"])
def mode(request, settings, home):
    if request.param == "multilingual":
        for name, value in MULTILINGUAL.items():
            setattr(settings, name, value)
        settings.LANGUAGE_CODE = "fr"
        settings.WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français"), ("en", "English")]
        clear_url_caches()
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.contact_email = "contact@savoir-partage.example"
    portal.save()
    yield request.param
    clear_url_caches()


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_link_that_leads_nowhere_answers_the_portals_own_page(client, mode, address):
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert response.status_code in (404, 410), (mode, address, response.status_code, response.get("Location"))
    page = Text()
    page.feed(response.content.decode())
    assert page.h1.strip() in ("Ce lien ne fonctionne pas", "Page introuvable", "Vérifier une attestation")
    assert "mailto:contact@savoir-partage.example" in page.mailto


def test_a_space_page_that_is_not_theirs_answers_the_portals_own_page(client, mode, application):
    from wagtail_skilldonation.volunteers import access

    session = access.VolunteerAccess.objects.create(volunteer=application.volunteer)
    access.use(session)
    client.cookies[access.COOKIE_NAME] = access.cookie_value(session)
    response = client.get("/portal/me/applications/999999/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404, (mode, response.get("Location"))
    page = Text()
    page.feed(response.content.decode())
    assert page.h1.strip() == "Page introuvable"
