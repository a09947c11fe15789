"""Wagtail's own page test helpers, for every page type of the app (#15)."""

import pytest
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from wagtail_skilldonation.models import (
    MissionIndexPage,
    MissionPage,
    NeedIndexPage,
    NeedPage,
    TestimonialIndexPage,
    TestimonialPage,
)


@pytest.mark.django_db
class TestEveryPageType(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = Site.objects.get(is_default_site=True).root_page
        cls.missions = home.add_child(instance=MissionIndexPage(title="Missions", slug="missions"))
        cls.needs = home.add_child(instance=NeedIndexPage(title="Besoins", slug="besoins"))
        cls.testimonials = home.add_child(instance=TestimonialIndexPage(title="Témoignages", slug="temoignages"))
        cls.need = cls.needs.add_child(instance=NeedPage(title="Un site", slug="un-site"))
        cls.mission = cls.missions.add_child(
            instance=MissionPage(title="Campagne", slug="campagne", places_available=2)
        )
        cls.testimonial = cls.testimonials.add_child(
            instance=TestimonialPage(title="Merci", slug="merci", quote="Belle expérience", author_name="Élodie")
        )

    def setUp(self):
        self.login()

    def pages(self):
        return [self.missions, self.needs, self.testimonials, self.need, self.mission, self.testimonial]

    def test_routable_renderable_editable_previewable(self):
        for page in self.pages():
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page)
                self.assertPageIsPreviewable(page)

    def test_where_each_type_may_live(self):
        self.assertAllowedSubpageTypes(MissionIndexPage, {MissionPage})
        self.assertAllowedSubpageTypes(NeedIndexPage, {NeedPage})
        self.assertAllowedSubpageTypes(TestimonialIndexPage, {TestimonialPage})
        self.assertAllowedParentPageTypes(MissionPage, {MissionIndexPage})
        self.assertAllowedParentPageTypes(NeedPage, {NeedIndexPage})
        self.assertAllowedParentPageTypes(TestimonialPage, {TestimonialIndexPage})
        self.assertCanNotCreateAt(Page, MissionPage)

    def test_can_create_each_type_through_the_admin(self):
        self.assertCanCreate(
            self.missions,
            MissionPage,
            nested_form_data(
                {
                    "title": "Nouvelle",
                    "slug": "nouvelle",
                    "intro": "",
                    "body": rich_text(""),
                    "format": "both",
                    "estimated_hours": 10,
                    "places_available": 2,
                    "status": "open",
                    "skills": "",
                    "objectives": inline_formset([{"title": "Lancer", "success_indicator": "3 canaux"}]),
                    "form_fields": inline_formset([]),
                }
            ),
        )
        self.assertCanCreate(
            self.needs,
            NeedPage,
            nested_form_data(
                {
                    "title": "Besoin",
                    "slug": "besoin",
                    "context": rich_text("Contexte"),
                    "expected_outcome": rich_text(""),
                    "priority": "medium",
                    "status": "identified",
                    "skills": "",
                }
            ),
        )
        self.assertCanCreate(
            self.testimonials,
            TestimonialPage,
            nested_form_data(
                {
                    "title": "Bravo",
                    "slug": "bravo",
                    "quote": "Super",
                    "author_name": "Léa",
                    "author_role": "volunteer",
                }
            ),
        )

    def test_a_preview_shows_the_draft_and_visitors_keep_the_live_page(self):
        """Not only a 200: the preview renders the unsaved edit (in the page's heading),
        and the public page still reads the live title afterwards (the shared cache
        was not filled by the preview)."""
        for page in self.pages():
            with self.subTest(page=type(page).__name__):
                live_title = page.title
                assert self.heading(self.client.get(page.url)) == live_title
                draft = type(page).objects.get(pk=page.pk)
                draft.title = f"Brouillon de {live_title}"
                preview = draft.make_preview_request()
                assert preview.status_code == 200
                assert self.heading(preview) == f"Brouillon de {live_title}"
                assert self.heading(self.client.get(page.url)) == live_title

    @staticmethod
    def heading(response):
        from bs4 import BeautifulSoup

        content = response.rendered_content if hasattr(response, "rendered_content") else response.content
        return BeautifulSoup(content, "html.parser").find("h1").get_text(" ", strip=True)
