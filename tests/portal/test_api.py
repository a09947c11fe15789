"""Missions, needs and testimonials through Wagtail's API v2 (#17): field by field, and
nothing personal."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction, Site

from wagtail_skilldonation.models import (
    MissionCapacity,
    MissionIndexPage,
    MissionObjective,
    MissionPage,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
)

TODAY = timezone.localdate()


@pytest.fixture
def mission(make_mission, make_need, skills):
    organisation = Organisation.objects.create(
        name="Les Jardins",
        city="Paris",
        website="https://jardins.example",
        contact_email="secret@jardins.example",
        contact_name="Samir Secret",
    )
    need = make_need(title="Visibilité", organisation=organisation)
    mission = make_mission(
        title="Affiches",
        intro="Des affiches.",
        format="on_site",
        place="Lyon",
        postcode="69007",
        start_date=TODAY + datetime.timedelta(days=10),
        end_date=TODAY + datetime.timedelta(days=30),
        application_deadline=TODAY + datetime.timedelta(days=5),
        places_available=3,
        estimated_hours=12,
        skills=[skills["Graphisme"]],
        need=need,
        organisation=organisation,
        contact_email="private@example.org",
    )
    mission.objectives = [MissionObjective(title="Trois affiches", success_indicator="Affichées")]
    mission.save_revision().publish()
    MissionCapacity.objects.update_or_create(mission=mission, defaults={"accepted": 1})
    return mission


def test_missions_field_by_field(client, mission):
    listing = client.get("/api/v2/missions/").json()
    assert listing["meta"]["total_count"] == 1
    item = listing["items"][0]
    assert item["title"] == "Affiches"
    assert item["intro"] == "Des affiches."
    assert (item["format"], item["place"], item["postcode"]) == ("on_site", "Lyon", "69007")
    assert item["start_date"] == mission.start_date.isoformat()
    assert item["end_date"] == mission.end_date.isoformat()
    assert item["application_deadline"] == mission.application_deadline.isoformat()
    assert (item["places_left"], item["status"]) == (2, "open")
    assert item["skills"] == [{"slug": "graphisme", "name": "Graphisme", "category": "communication"}]
    assert item["organisation"] == {"name": "Les Jardins", "city": "Paris", "website": "https://jardins.example"}
    assert item["share_url"] == "http://testserver" + mission.url
    detail = client.get(f"/api/v2/missions/{mission.pk}/").json()
    assert detail["need"]["title"] == "Visibilité"
    assert detail["estimated_hours"] == 12
    assert [o["title"] for o in detail["objectives"]] == ["Trois affiches"]
    body = str(detail)
    for private in ("secret@jardins.example", "Samir Secret", "private@example.org", "contact_email"):
        assert private not in body


def test_a_mission_past_its_deadline_reads_closed(client, mission):
    mission.application_deadline = TODAY - datetime.timedelta(days=1)
    mission.save_revision().publish()
    assert client.get(f"/api/v2/missions/{mission.pk}/").json()["status"] == "closed"


def test_needs_and_testimonials(client, mission, home):
    need = client.get("/api/v2/needs/").json()["items"][0]
    assert need["title"] == "Visibilité"
    assert need["organisation"]["name"] == "Les Jardins"
    index = home.add_child(instance=TestimonialIndexPage(title="Témoignages", slug="temoignages-api"))
    index.add_child(
        instance=TestimonialPage(
            title="Merci", slug="merci", quote="Super", author_name="Élodie Privée", mission=mission
        )
    )
    testimonial = client.get("/api/v2/testimonials/").json()["items"][0]
    assert testimonial["quote"] == "Super"
    assert testimonial["mission"]["title"] == "Affiches"
    assert "Élodie Privée" not in str(client.get(f"/api/v2/testimonials/{testimonial['id']}/").json())


def test_pages_appear_in_the_sitemap_with_their_last_change(client, mission):
    import re

    xml = client.get("/sitemap.xml").content.decode()
    entry = re.search(rf"<loc>[^<]*{re.escape(mission.url)}</loc>\s*<lastmod>([^<]+)</lastmod>", xml)
    assert entry
    assert entry.group(1).startswith(timezone.localdate(mission.last_published_at).isoformat())


def test_only_this_site_s_live_public_missions(client, mission, make_mission, home, settings):
    """An unpublished, a restricted and another site's mission: none listed, none
    readable by its id."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "autre.example"]
    draft = make_mission(title="Brouillon")
    draft.unpublish()
    private = make_mission(title="Réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Autre site", slug="autre-site"))
    Site.objects.create(hostname="autre.example", port=80, root_page=other_home)
    other_index = other_home.add_child(instance=MissionIndexPage(title="Missions", slug="missions"))
    elsewhere = other_index.add_child(instance=MissionPage(title="Ailleurs", slug="ailleurs"))
    elsewhere.save_revision().publish()
    listing = client.get("/api/v2/missions/").json()
    assert [item["title"] for item in listing["items"]] == ["Affiches"]
    for hidden in (draft, private, elsewhere):
        assert client.get(f"/api/v2/missions/{hidden.pk}/").status_code == 404, hidden.title
    # The other site's visitors read its own mission only.
    theirs = client.get("/api/v2/missions/", HTTP_HOST="autre.example").json()
    assert [item["title"] for item in theirs["items"]] == ["Ailleurs"]


def test_register_adds_the_three_endpoints_to_a_site_s_router():
    """What the README tells a site to call on its own router."""
    from wagtail.api.v2.router import WagtailAPIRouter

    from wagtail_skilldonation.portal import api

    router = WagtailAPIRouter("a_site_api")
    assert api.register(router) is router
    assert router._endpoints == {
        "missions": api.MissionsAPIViewSet,
        "needs": api.NeedsAPIViewSet,
        "testimonials": api.TestimonialsAPIViewSet,
    }


@pytest.fixture
def every_state(make_mission):
    """A mission in each state a visitor reads, some of them not what the editor set."""
    later, earlier = TODAY + datetime.timedelta(days=5), TODAY - datetime.timedelta(days=1)
    made = {
        "open": make_mission(title="Open", places_available=2, application_deadline=later),
        "open, all places taken": make_mission(title="Taken", places_available=1, application_deadline=later),
        "set full": make_mission(title="Set full", status="full", places_available=3),
        "open, past its deadline": make_mission(title="Past", places_available=2, application_deadline=earlier),
        "full, past its deadline": make_mission(title="Full past", status="full", application_deadline=earlier),
        "closed": make_mission(title="Closed", status="closed"),
        "completed": make_mission(title="Completed", status="completed"),
    }
    MissionCapacity.objects.update_or_create(mission=made["open, all places taken"], defaults={"accepted": 1})
    return {name: MissionPage.objects.get(pk=page.pk) for name, page in made.items()}


def test_the_status_filter_means_what_visitors_read(client, every_state):
    """#29: `?status=open` returned missions visitors read as full, `?status=full` one
    that reads closed: the filter read the editor's field, the field the visitors' status."""
    shown = {page.title: page.shown_status for page in every_state.values()}
    assert set(shown.values()) == {"open", "full", "closed", "completed"}  # every state is here
    assert shown["Taken"] == "full"  # what the issue saw listed as open
    assert shown["Full past"] == "closed"  # ... and as full
    for status in ("open", "full", "closed", "completed"):
        items = client.get(f"/api/v2/missions/?status={status}&limit=20").json()["items"]
        assert sorted(item["title"] for item in items) == sorted(t for t, s in shown.items() if s == status), status
        assert {item["status"] for item in items} <= {status}


@pytest.mark.parametrize("value", ["ouverte", "OPEN", ""])
def test_an_unknown_status_is_a_clear_400(client, every_state, value):
    response = client.get(f"/api/v2/missions/?status={value}")
    assert response.status_code == 400
    assert "status must be one of open, full, closed, completed" in response.json()["message"]


def test_the_api_sitemap_and_feeds_use_the_base_url_e_mails_use(client, mission, settings):
    """#29: the API's page links and every sitemap address named the Site's hostname
    (`wagtail start` leaves it at localhost) while pages and e-mails used the real one."""
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = "https://benevolat.example.org"
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    public = "https://benevolat.example.org" + mission.url
    item = client.get("/api/v2/missions/").json()["items"][0]
    assert item["meta"]["html_url"] == public
    assert item["meta"]["detail_url"].startswith("https://benevolat.example.org/api/v2/missions/")
    assert f"<loc>{public}</loc>" in client.get("/sitemap.xml").content.decode()
    assert f"<link>{public}</link>" in client.get("/portal/missions/feed/rss/").content.decode()
    assert "localhost" not in client.get("/api/v2/missions/").content.decode()


@pytest.mark.parametrize(
    ("hostname", "port", "url", "warned"),
    [
        ("localhost", 80, "https://benevolat.example.org", True),  # `wagtail start`'s Site
        ("benevolat.example.org", 443, "https://benevolat.example.org", False),
        ("benevolat.example.org", 80, "https://benevolat.example.org", True),  # http vs https
        ("localhost", 80, "http://127.0.0.1:8000", False),  # a placeholder: W004 says so
    ],
)
def test_a_check_says_when_the_site_and_the_base_url_disagree(db, settings, hostname, port, url, warned):
    from wagtail_skilldonation import checks

    settings.WAGTAILADMIN_BASE_URL = url
    Site.objects.filter(is_default_site=True).update(hostname=hostname, port=port)
    found = checks.site_address(databases=["default"])
    assert [m.id for m in found] == (["wagtail_skilldonation.W006"] if warned else [])


@pytest.mark.parametrize("endpoint", ["missions", "needs", "testimonials"])
def test_an_offset_past_the_end_is_an_empty_page_however_large(client, mission, endpoint):
    """An offset past what SQL integers hold was a 500 (SQLite: "datatype mismatch")."""
    total = client.get(f"/api/v2/{endpoint}/").json()["meta"]["total_count"]
    for offset in (total, 10**6, 2**63, 10**30):
        response = client.get(f"/api/v2/{endpoint}/?offset={offset}")
        assert response.status_code == 200, offset
        assert response.json() == {"meta": {"total_count": total}, "items": []}
    assert client.get(f"/api/v2/{endpoint}/?offset=-1").status_code == 400


def test_an_id_no_database_holds_is_a_404(client, mission):
    response = client.get(f"/api/v2/missions/{10**30}/")
    assert response.status_code == 404
    assert response.json() == {"message": "No page has this id."}
    with translation.override("fr"):
        assert translation.gettext("No page has this id.") == "Aucune page ne porte cet identifiant."
    assert client.get(f"/api/v2/missions/{mission.pk}/").json()["title"] == "Affiches"


@pytest.mark.parametrize("words", ['"', 'affiches"', "\x00", "aff\x00iches", "NEAR(", "title:x", "*", "AND"])
def test_a_search_s_odd_characters_are_no_error(client, mission, words):
    """A quote or a null character broke SQLite's full-text query: answered 503 ("back in
    a moment") and logged as the database being down; FTS5's operators were 500s."""
    response = client.get("/api/v2/missions/", {"search": words})
    assert response.status_code == 200
    assert isinstance(response.json()["items"], list)


@pytest.mark.parametrize("words", ["affiche", "Affiches", "AFFICHES", '"affiches"', "affiches lyon", "69001"])
def test_the_api_finds_what_the_search_box_finds(client, mission, words):
    api = [item["title"] for item in client.get("/api/v2/missions/", {"search": words}).json()["items"]]
    page = client.get(mission.get_parent().url, {"q": words}).content.decode()
    assert api == ["Affiches"]
    assert ">Affiches</a>" in page


@pytest.mark.parametrize("words", ["expérience", '"expérience', "expérience\x00", "Merci !"])
def test_testimonials_are_searched_by_their_own_words(client, mission, home, words):
    """Testimonials index their quote, not the portal's read words: their search keeps
    the words as typed, without what broke the full-text query."""
    index = home.add_child(instance=TestimonialIndexPage(title="Témoignages", slug="temoignages-search"))
    index.add_child(
        instance=TestimonialPage(
            title="Merci", slug="merci", quote="Une expérience formidable", author_name="Élodie", mission=mission
        )
    )
    response = client.get("/api/v2/testimonials/", {"search": words})
    assert response.status_code == 200
    assert [item["quote"] for item in response.json()["items"]] == ["Une expérience formidable"]
