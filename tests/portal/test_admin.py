import pytest
from django.urls import reverse
from wagtail.models import Site

from wagtail_skilldonation.models import (
    MissionIndexPage,
    MissionPage,
    NeedIndexPage,
    NeedPage,
    Organisation,
    Skill,
    TestimonialIndexPage,
    TestimonialPage,
    Volunteer,
)

SNIPPETS = [Skill, Volunteer, Organisation]


@pytest.fixture
def snippet_objects(skills, volunteer, organisation):
    volunteer.skills.add(skills["Graphisme"])
    return {Skill: skills["Graphisme"], Volunteer: volunteer, Organisation: organisation}


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda m: m.__name__)
def test_snippet_views_load(admin_client, snippet_objects, model):
    obj = snippet_objects[model]
    viewset_name = f"wagtailsnippets_wagtail_skilldonation_{model._meta.model_name}"
    for name, args in [("list", []), ("add", []), ("edit", [obj.pk]), ("inspect", [obj.pk])]:
        url = reverse(f"{viewset_name}:{name}", args=args)
        assert admin_client.get(url).status_code == 200, url
    listing = admin_client.get(reverse(f"{viewset_name}:list")).content.decode()
    assert str(obj) in listing


def test_snippets_grouped_in_one_menu(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar's sub-menu itself (other items' labels start with the same words).
    assert '"wagtail.sidebar.SubMenuItem", "_args": [{"name": "skill-donation", "label": "Skill donation",' in html
    for model in ("skill", "volunteer", "organisation"):
        assert reverse(f"wagtailsnippets_wagtail_skilldonation_{model}:list") in html


def test_volunteer_list_filters_by_skill_and_format(admin_client, skills, volunteer):
    volunteer.skills.add(skills["Graphisme"])
    other = Volunteer.objects.create(first_name="Hugo", last_name="Petit", email="hugo@example.org", format="on_site")
    other.skills.add(skills["Stratégie"])
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:list")
    by_skill = admin_client.get(url, {"skills": skills["Graphisme"].pk})
    assert list(by_skill.context["object_list"]) == [volunteer]
    by_format = admin_client.get(url, {"format": "on_site"})
    assert list(by_format.context["object_list"]) == [other]
    by_category = admin_client.get(url, {"skill_category": "strategy"})
    assert list(by_category.context["object_list"]) == [other]
    searched = admin_client.get(url, {"q": "petit"})
    assert list(searched.context["object_list"]) == [other]


def test_volunteer_duplicate_email_refused_in_admin(admin_client, volunteer):
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:add")
    response = admin_client.post(
        url,
        {
            "first_name": "Other",
            "last_name": "Person",
            "email": "CAMILLE.MARTIN@example.org",
            "format": "both",
            "availability_hours": "4",
            "skills": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Volunteer.objects.count() == 1


def test_organisation_with_bad_siret_refused_in_admin(admin_client):
    url = reverse("wagtailsnippets_wagtail_skilldonation_organisation:add")
    response = admin_client.post(url, {"name": "Bad", "kind": "association", "siret": "12345678901234", "rna": "W12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "checksum" in html
    assert "W followed by 9 digits" in html
    assert not Organisation.objects.exists()
    ok = admin_client.post(
        url, {"name": "Good", "kind": "association", "siret": "924 146 350 00013", "rna": "W751271238"}
    )
    assert ok.status_code == 302
    assert Organisation.objects.get().siret == "92414635000013"


def test_skill_tag_widget_offers_only_curated_skills(admin_client, skills, volunteer):
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:edit", args=[volunteer.pk])
    response = admin_client.post(
        url,
        {
            "first_name": "Camille",
            "last_name": "Martin",
            "email": volunteer.email,
            "format": "both",
            "availability_hours": "4",
            "skills": "Graphisme, Invented skill",
            "is_active": "on",
        },
    )
    # The invented name is reported (it used to be dropped without a word), nothing saved.
    assert response.status_code == 200
    assert "Unknown skills: Invented skill." in str(response.context["form"].errors["skills"])
    assert list(volunteer.skills.all()) == []
    assert not Skill.objects.filter(name="Invented skill").exists()


@pytest.fixture
def all_pages(home, need_index, mission_index, testimonial_index, make_need, make_mission):
    from tests.conftest import add_page

    need = make_need()
    mission = make_mission(need=need)
    testimonial = add_page(
        testimonial_index,
        TestimonialPage(title="T", slug="t", quote="Q", author_name="A", mission=mission),
    )
    return [need_index, mission_index, testimonial_index, need, mission, testimonial]


def test_page_edit_and_add_views_load(admin_client, all_pages, home):
    for page in all_pages:
        assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    adds = [(all_pages[0], NeedPage), (all_pages[1], MissionPage), (all_pages[2], TestimonialPage)]
    for parent, model in adds:
        assert admin_client.get(_add_url(model, parent)).status_code == 200, model
    # One index of each kind per parent: the add view refuses a second one.
    assert admin_client.get(_add_url(MissionIndexPage, home)).status_code == 302


def _add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def test_index_add_views_load(admin_client, home):
    for model in (NeedIndexPage, MissionIndexPage, TestimonialIndexPage):
        assert admin_client.get(_add_url(model, home)).status_code == 200, model


def test_portal_settings_edit_view(admin_client, home):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["wagtail_skilldonation", "portalsettings", site.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Issuing association" in response.content.decode()


def test_admin_refuses_anonymous(client, db):
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:list")
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
