"""`skilldonation_setup` turns an empty site into a portal, once (#14)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Site

from wagtail_skilldonation.models import MissionIndexPage, NeedIndexPage, PortalSettings, Skill, TestimonialIndexPage


def setup():
    out = StringIO()
    call_command("skilldonation_setup", stdout=out)
    return out.getvalue()


def test_an_empty_site_gets_its_pages_skills_and_a_todo_list(db, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://example.com"  # what `wagtail start` writes
    home = Site.objects.get(is_default_site=True).root_page
    first = setup()
    for model in (MissionIndexPage, NeedIndexPage, TestimonialIndexPage):
        (page,) = model.objects.all()
        assert page.get_parent().pk == home.pk
        assert page.live
        assert page.show_in_menus
    assert Skill.objects.count() == 21
    assert set(Skill.objects.values_list("category", flat=True)) == {
        "strategy",
        "training",
        "technical",
        "communication",
    }
    assert "Created the page “Missions” (/missions/)" in first
    assert "Created 21 skills" in first
    assert PortalSettings.objects.filter(site__is_default_site=True).exists()
    assert "Fill in Settings › Skill donation portal" in first
    assert "WAGTAILADMIN_BASE_URL" in first
    # Again: nothing doubles; what is left is still said.
    second = setup()
    assert "Nothing to create" in second
    assert "WAGTAILADMIN_BASE_URL" in second
    assert MissionIndexPage.objects.count() == 1
    assert Skill.objects.count() == 21


def test_existing_pages_and_skills_are_kept(db, mission_index, skills, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://benevolat.savoir-partage.org"
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name, portal.from_email = "Savoir partagé", "contact@savoir-partage.example"
    portal.save()
    out = setup()
    assert MissionIndexPage.objects.count() == 1
    assert Skill.objects.count() == len(skills)
    assert "Missions" not in out.split("Left to do")[0] or "Created the page “Missions”" not in out
    assert "WAGTAILADMIN_BASE_URL" not in out
    assert "Fill in Settings" not in out


@pytest.mark.parametrize(
    ("language", "named", "not_named"),
    [("en-us", "Graphic design", "Graphisme"), ("fr", "Graphisme", "Graphic design")],
)
def test_the_starter_skills_are_named_in_the_sites_language(db, settings, language, named, not_named):
    """`wagtail start` writes LANGUAGE_CODE = "en-us": an English site gets English names."""
    settings.LANGUAGE_CODE = language
    with translation.override(language):
        setup()
    assert Skill.objects.count() == 21
    assert Skill.objects.filter(name=named).exists()
    assert not Skill.objects.filter(name=not_named).exists()
    assert Skill.objects.get(name=named).names == {}  # one language: nothing else to name


def test_a_bilingual_site_gets_both_names_each_translatable(db, settings):
    settings.LANGUAGE_CODE = "fr"
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [("fr", "Français"), ("en", "English")]
    with translation.override("fr"):
        setup()
    skill = Skill.objects.get(name="Graphisme")
    assert skill.names == {"en": "Graphic design"}
    assert skill.name_in("en") == "Graphic design"


@pytest.mark.parametrize(
    ("base", "offered"),
    [
        ("tests/starter_base.html", True),  # `wagtail start`: no menu at all
        ("tests/menu_base.html", False),  # the site's header already calls the menu tag
        ("wagtail_skilldonation/base.html", False),  # the portal's own base has the menu
    ],
)
def test_the_setup_offers_the_way_to_the_portal(db, settings, base, offered):
    settings.WAGTAIL_SKILLDONATION = {"BASE_TEMPLATE": base}
    with translation.override("en"):
        out = setup()
    todo = out.split("Left to do:")[-1]
    assert ("{% load skilldonation_tags %}{% skilldonation_menu %}" in todo) is offered
    assert ("“Missions” (/missions/)" in todo) is offered
