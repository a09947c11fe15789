"""The portal inside somebody else's site (#14): its styles travel into the site's own
base template, it has a menu, breadcrumbs and a footer saying who answers, and an
unknown code or a broken link gets the portal's own translated page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.models import Page, Site

from tests.portal.test_pages import tree  # noqa: F401  (the fixture)
from wagtail_skilldonation.models import PortalSettings, Skill

STYLESHEET = "wagtail_skilldonation/css/portal.css"


@pytest.mark.parametrize(
    "base", ["wagtail_skilldonation/base.html", "tests/starter_base.html", "tests/custom_base.html"]
)
def test_the_stylesheet_comes_once_inside_the_sites_head(client, tree, settings, base):  # noqa: F811
    settings.WAGTAIL_SKILLDONATION = {"BASE_TEMPLATE": base}
    for url in (tree["mission"].url, tree["need"].url, reverse("wagtail_skilldonation:certificate_lookup")):
        html = client.get(url).content.decode()
        head = html.split("</head>", 1)[0]
        assert head.count(STYLESHEET) == 1, (base, url)
        assert html.count(STYLESHEET) == 1, (base, url)


class _Stylesheets(HTMLParser):
    """Where each of the portal's stylesheet links stands: "head" or "body"."""

    def __init__(self, html):
        super().__init__()
        self.part, self.found = "head", []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.part = "body"
        if tag == "link" and attrs.get("rel") == "stylesheet" and STYLESHEET in attrs.get("href", ""):
            self.found.append(self.part)


@pytest.mark.parametrize(
    ("base", "where"),
    [
        ("tests/headless_base.html", ["body"]),  # no head block: at the top of the content
        ("tests/tag_head_base.html", ["head"]),  # {% skilldonation_head %} in its <head>
    ],
)
def test_a_base_without_a_head_block_still_gets_the_styles_once(client, tree, settings, base, where):  # noqa: F811
    settings.WAGTAIL_SKILLDONATION = {"BASE_TEMPLATE": base}
    for url in (
        tree["mission"].url,
        tree["mission"].get_parent().url,
        reverse("wagtail_skilldonation:certificate_lookup"),
    ):
        assert _Stylesheets(client.get(url).content.decode()).found == where, (base, url)


def test_the_starter_sites_base_keeps_its_own_design(client, tree, settings):  # noqa: F811
    settings.WAGTAIL_SKILLDONATION = {"BASE_TEMPLATE": "tests/starter_base.html"}
    html = client.get(tree["mission"].url).content.decode()
    assert "<!-- the starter site's base -->" in html
    assert "Campagne" in html
    # The honeypot is hidden by its own markup, whatever the stylesheet.
    assert '<div class="sd-trap" aria-hidden="true" style="position:absolute;left:-10000px' in html


def test_menu_breadcrumbs_and_footer(client, tree, home, settings):  # noqa: F811
    settings.WAGTAIL_SKILLDONATION = {"BASE_TEMPLATE": "wagtail_skilldonation/base.html"}
    site = Site.objects.get(is_default_site=True)
    legal = home.add_child(instance=Page(title="Mentions légales", slug="mentions-legales"))
    privacy = home.add_child(instance=Page(title="Confidentialité", slug="confidentialite"))
    portal = PortalSettings.for_site(site)
    portal.association_name, portal.rna = "Savoir partagé", "W751271238"
    portal.contact_email, portal.contact_phone = "contact@savoir-partage.example", "01 23 45 67 89"
    portal.legal_page, portal.privacy_page = legal, privacy
    portal.save()
    html = client.get(tree["mission"].url).content.decode()
    menu = html.split('class="sd-menu"', 1)[1].split("</nav>", 1)[0]
    # The site's index pages, in tree order, then the certificate check; the current one marked.
    indexes = [
        p.title
        for p in Page.objects.filter(depth=3).order_by("path")
        if p.specific_class.__name__.endswith("IndexPage")
    ]
    assert len(indexes) == 3
    assert [part.split(">", 1)[1].split("<", 1)[0] for part in menu.split("<a ")[1:]] == [
        *indexes,
        "Check a certificate",
    ]
    assert 'aria-current="page">Missions' in menu
    crumbs = html.split('class="sd-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert ">Missions</a>" in crumbs
    assert 'aria-current="page">Campagne' in crumbs
    footer = html.split('class="sd-footer"', 1)[1]
    for text in [
        "Savoir partagé · RNA W751271238",
        "mailto:contact@savoir-partage.example",
        "tel:0123456789",
        legal.url,
        privacy.url,
        reverse("wagtail_skilldonation:certificate_lookup"),
    ]:
        assert text in footer, text


def test_a_site_without_a_name_has_no_dangling_dash(client, tree):  # noqa: F811
    Site.objects.update(site_name="")
    html = client.get(tree["mission"].url).content.decode()
    assert "<title>Campagne</title>" in html


def test_the_menu_tag_works_in_any_template(rf, tree, db):  # noqa: F811
    from django.template import engines

    template = engines["django"].from_string(
        "{% load skilldonation_tags %}{% skilldonation_menu %}{% skilldonation_head %}{% skilldonation_head %}"
    )
    request = rf.get("/")
    html = template.render({"request": request})
    assert "Missions" in html
    assert html.count(STYLESHEET) == 1


@pytest.mark.parametrize("tag", ["skilldonation_menu", "skilldonation_footer"])
def test_the_hosts_own_pages_get_the_styles_with_the_menu_or_footer(rf, tree, db, tag):  # noqa: F811
    """A host's page that is not the portal's loads nothing of ours: the tag brings it, once."""
    from django.template import engines

    template = engines["django"].from_string(
        "{% load skilldonation_tags %}<html><head></head><body>{% " + tag + " %}{% skilldonation_menu %}</body></html>"
    )
    assert _Stylesheets(template.render({"request": rf.get("/")})).found == ["body"]


def test_an_unknown_certificate_code_gets_the_portals_own_page(client, settings, db):
    settings.LANGUAGE_CODE = "fr"
    response = client.get(
        reverse("wagtail_skilldonation:certificate_verify", args=["AAAA-BBBB-CCCC-DDDD"]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = response.content.decode()
    assert response.status_code == 404
    assert "Aucune attestation ne porte le code AAAA-BBBB-CCCC-DDDD" in html
    assert 'name="code"' in html
    assert 'type="file"' in html
    assert STYLESHEET in html


@pytest.mark.parametrize(
    "name",
    ["wagtail_skilldonation:hours", "wagtail_skilldonation:feedback", "wagtail_skilldonation:submission_confirm"],
)
def test_a_tampered_link_gets_the_portals_own_page(client, name, db):
    response = client.get(
        reverse(name, args=["eyJ0YW1wZXJlZCI6dHJ1ZX0:1abc:forged"]), HTTP_ACCEPT_LANGUAGE="fr", follow=True
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert "Ce lien ne fonctionne pas" in html
    assert STYLESHEET in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_skill_needs_no_slug(admin_client):
    url = reverse("wagtailsnippets_wagtail_skilldonation_skill:add")
    response = admin_client.post(
        url, {"name": "Comptabilité associative", "slug": "", "category": "strategy", "description": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Skill.objects.get(name="Comptabilité associative").slug == "comptabilité-associative"  # taggit's slugify
