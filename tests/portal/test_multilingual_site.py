"""The example site's multilingual mode (SKILLDONATION_MULTILINGUAL=1): Wagtail's page
helpers on both language versions, and the demo's English version (#15)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from wagtail.models import Locale

from tests.conftest import form_data
from tests.portal.test_wagtail_helpers import TestEveryPageType
from wagtail_skilldonation.models import Application, MissionPage, Skill
from wagtail_skilldonation.reports.figures import home_summary

# Long (properties, migrations, the demo): left out of .ci/year_ahead.sh's quick run.
pytestmark = pytest.mark.slow

MULTILINGUAL = {
    "WAGTAIL_I18N_ENABLED": True,
    "WAGTAIL_CONTENT_LANGUAGES": [("en", "English"), ("fr", "Français")],
    "ROOT_URLCONF": "example_site.urls_multilingual",
}


@override_settings(**MULTILINGUAL)
class TestEveryPageTypeInTwoLanguages(TestEveryPageType):
    """The same assertions, on a site whose pages are under /en/ and /fr/, for the
    pages and their French translations."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        french = Locale.objects.create(language_code="fr")
        copies = []
        for page in [cls.missions, cls.needs, cls.testimonials, cls.need, cls.mission, cls.testimonial]:
            copy = page.copy_for_translation(french, copy_parents=True)
            for parent in copy.get_ancestors().filter(depth__gt=1, live=False):
                parent.specific.save_revision().publish()
            copy.save_revision().publish()
            copies.append((type(page), copy.pk))
        # Read once all are made: an index read before its children came says it has none.
        cls.translations = [model.objects.get(pk=pk) for model, pk in copies]

    def pages(self):
        return super().pages() + self.translations

    def assertPageIsRoutable(self, page, route_path="/", msg=None):
        """Wagtail's helper routes the whole URL, language prefix included, so it
        fails every page of an ``i18n_patterns`` site; Wagtail's serve view routes what
        follows the prefix, from the root in the page's language: so does this."""
        with translation.override(page.locale.language_code):
            path = page.get_url(self.dummy_request)
            prefix = f"/{page.locale.language_code}/"
            assert path.startswith(prefix), path
            components = [c for c in path[len(prefix) :].split("/") if c]
            routed, _args, _kwargs = page.get_site().root_page.localized.specific.route(self.dummy_request, components)
        assert routed.pk == page.pk, msg

    def test_each_version_is_served_at_its_address(self):
        for page in self.pages():
            response = self.client.get(page.url)
            assert response.status_code == 200, page.url
            assert response.context["page"].pk == page.pk, page.url

    def test_translations_live_under_their_language(self):
        assert all(page.url.startswith("/fr/") for page in self.translations)
        assert all(page.url.startswith("/en/") for page in super().pages())


@pytest.fixture
def french_site(settings):
    """A site whose default language is French, as the example site's."""
    for name, value in MULTILINGUAL.items():
        setattr(settings, name, value)
    settings.LANGUAGE_CODE = "fr"
    settings.WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français"), ("en", "English")]
    Locale.objects.filter(language_code="en").update(language_code="fr")


def test_the_demo_has_its_missions_in_english_on_one_set_of_places(
    db, client, french_site, django_capture_on_commit_callbacks
):
    call_command("skilldonation_demo", stdout=open("/dev/null", "w"))
    french = MissionPage.objects.get(slug="campagnes-sensibilisation", locale__language_code="fr")
    english = MissionPage.objects.get(slug="campagnes-sensibilisation", locale__language_code="en")
    assert english.translation_key == french.translation_key
    assert english.live
    assert english.canonical.pk == french.pk
    assert english.title == "Awareness campaigns"
    assert [o.title for o in english.objectives.all()][0] == "Write the key messages"
    assert Skill.objects.get(name="Graphisme").names["en"] == "Graphic design"
    html = client.get(english.url).content.decode()
    assert english.url.startswith("/en/")
    assert "Awareness campaigns" in html
    assert "Graphic design" in html
    assert 'href="/en/missions/"' in html
    assert 'href="/fr/missions/"' not in html
    # Counted once, whatever the languages.
    open_french = MissionPage.objects.live().filter(locale__language_code="fr", status="open").count()
    assert home_summary()["open_missions"] <= open_french
    # An application on the English page is an application to the one mission.
    before = Application.objects.filter(mission=french).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(english.url, form_data(english, email="new-en@example.org"), follow=True)
    assert response.status_code in (200, 302)
    assert Application.objects.filter(mission=french).count() == before + 1
    assert Application.objects.get(volunteer__email="new-en@example.org").language == "en"
    assert mail.outbox  # the confirmation went
    # Running it again creates nothing more.
    pages = MissionPage.objects.count()
    call_command("skilldonation_demo", stdout=open("/dev/null", "w"))
    assert MissionPage.objects.count() == pages == 2 * MissionPage.objects.filter(locale__language_code="fr").count()
