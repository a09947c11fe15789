"""The host site's own test, written before the portal was installed: its home page
renders in its own base with its navigation."""

from django.test import TestCase
from home.models import HomePage
from wagtail.models import Page, Site


class NavigationTests(TestCase):
    def setUp(self):
        root = Page.get_first_root_node()
        self.home = root.add_child(instance=HomePage(title="Accueil du Refuge"))
        Site.objects.create(hostname="testserver", root_page=self.home, is_default_site=True)

    def test_home_page_has_its_navigation(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="refuge-nav"')
        self.assertContains(response, "Le Refuge, association loi 1901")
