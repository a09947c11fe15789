"""Skills have a name per content language and their *Used by* counts everyone who
holds them (#15)."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import ReferenceIndex

from wagtail_skilldonation.models import Volunteer


@pytest.fixture
def two_content_languages(settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "Français")]


def test_a_skill_is_named_in_the_visitors_language(client, make_mission, skills):
    skill = skills["Graphisme"]
    skill.names = {"fr": "Graphisme (fr)"}
    skill.name = "Graphic design"
    skill.save()
    mission = make_mission(title="Posters", skills=[skill])
    english = client.get(mission.url).content.decode()
    french = client.get(mission.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Graphic design" in english
    assert "Graphisme (fr)" not in english
    assert "Graphisme (fr)" in french
    with translation.override("fr"):
        assert str(skill) == "Graphisme (fr)"
    with translation.override("de"):
        assert str(skill) == "Graphic design"  # no German name: the default one


def test_the_apply_form_lists_skills_in_the_visitors_language(client, make_mission, skills):
    skills["Mentorat"].names = {"fr": "Tutorat"}
    skills["Mentorat"].save()
    mission = make_mission(skills=[skills["Mentorat"]])
    html = client.get(mission.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tutorat" in html


def test_editors_name_a_skill_in_the_other_content_languages(admin_client, skills, two_content_languages):
    skill = skills["Stratégie"]
    url = reverse("wagtailsnippets_wagtail_skilldonation_skill:edit", args=[skill.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="names_fr"' in form
    assert 'name="names_en"' not in form
    response = admin_client.post(
        url,
        {
            "name": "Strategy",
            "slug": skill.slug,
            "category": skill.category,
            "description": "",
            "names_fr": "  Stratégie   d'ensemble ",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    skill.refresh_from_db()
    assert skill.names == {"fr": "Stratégie d'ensemble"}
    admin_client.post(
        url, {"name": "Strategy", "slug": skill.slug, "category": skill.category, "description": "", "names_fr": ""}
    )
    skill.refresh_from_db()
    assert skill.names == {}  # emptied: the French name is gone, the default one shows


def test_no_box_for_other_languages_on_a_one_language_site(admin_client, skills):
    url = reverse("wagtailsnippets_wagtail_skilldonation_skill:edit", args=[skills["Stratégie"].pk])
    html = admin_client.get(url).content.decode()
    assert "names_" not in html


def test_used_by_counts_the_volunteers_and_the_missions(admin_client, make_mission, skills):
    skill = skills["Graphisme"]
    assert ReferenceIndex.get_grouped_references_to(skill).count() == 0
    volunteer = Volunteer.objects.create(first_name="Inès", last_name="Martin", email="ines@example.org")
    volunteer.skills.add(skill)
    mission = make_mission(title="Affiches", skills=[skill])
    mission.save_revision().publish()
    assert ReferenceIndex.get_grouped_references_to(skill).count() == 2
    usage = admin_client.get(
        reverse("wagtailsnippets_wagtail_skilldonation_skill:usage", args=[skill.pk])
    ).content.decode()
    assert "Inès Martin" in usage
    assert "Affiches" in usage
    edit = admin_client.get(
        reverse("wagtailsnippets_wagtail_skilldonation_skill:edit", args=[skill.pk])
    ).content.decode()
    assert "Used 2 times" in edit
    volunteer.skills.remove(skill)
    assert ReferenceIndex.get_grouped_references_to(skill).count() == 1  # the mission only


def test_used_by_follows_the_volunteer_form(admin_client, skills):
    skill = skills["Rédaction"]
    volunteer = Volunteer.objects.create(first_name="Paul", last_name="Durand", email="paul@example.org")
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:edit", args=[volunteer.pk])
    data = {
        "first_name": "Paul",
        "last_name": "Durand",
        "email": "paul@example.org",
        "phone": "",
        "city": "",
        "postcode": "",
        "format": "both",
        "availability_hours": "4",
        "skills": skill.name,
        "bio": "",
        "profile_url": "",
        "is_active": "on",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [r.object_id for r in ReferenceIndex.get_references_to(skill)] == [str(volunteer.pk)]
    data["skills"] = ""
    admin_client.post(url, data)
    assert not ReferenceIndex.get_references_to(skill).exists()
