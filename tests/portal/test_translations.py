"""A mission is one mission in every language (#15): a translation has no places of its
own, applications from either language land on the one mission, counts do not double."""

import pytest
from wagtail.models import Locale

from tests.conftest import form_data
from tests.factories import ApplicationFactory
from wagtail_skilldonation import applications
from wagtail_skilldonation.matching.engine import rank_missions
from wagtail_skilldonation.models import Application, MissionCapacity, MissionPage, Volunteer
from wagtail_skilldonation.reports.figures import home_summary, impact


@pytest.fixture
def bilingual(settings, make_mission, make_need, skills):
    """The mission and its need in the default language (English here), translated into
    French as wagtail.contrib.simple_translation does (``copy_for_translation``)."""
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "Français")]
    french = Locale.objects.create(language_code="fr")
    need = make_need(title="Website")
    mission = make_mission(title="Website", places_available=2, need=need, skills=[skills["Graphisme"]])
    translated_need = need.copy_for_translation(french, copy_parents=True)
    translated_need.save_revision().publish()
    translated = mission.copy_for_translation(french, copy_parents=True)
    translated.title = "Site web"
    translated.save_revision().publish()
    parents = {p.pk: p for t in (translated, translated_need) for p in t.get_ancestors().filter(depth__gt=1)}
    for page in sorted(parents.values(), key=lambda p: p.depth):
        if not page.alias_of_id and not page.live:
            page.specific.save_revision().publish()  # a copied parent that is a draft
    return mission, MissionPage.objects.get(pk=translated.pk)


def test_applications_from_either_language_take_the_same_places(client, bilingual, django_capture_on_commit_callbacks):
    english, french = bilingual
    assert french.canonical.pk == english.pk
    assert english.canonical.pk == english.pk
    with django_capture_on_commit_callbacks(execute=True):
        client.post(english.url, form_data(english, email="a@example.org"), follow=True)
        client.post(french.url, form_data(french, email="b@example.org"), HTTP_ACCEPT_LANGUAGE="fr", follow=True)
        client.post(french.url, form_data(french, email="c@example.org"), HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    apps = list(Application.objects.order_by("pk"))
    assert {a.mission_id for a in apps} == {english.pk}  # one mission
    assert [a.language for a in apps] == ["en", "fr", "fr"]  # the inbox says in which language
    applications.change_status(apps[0], "accepted")
    applications.change_status(apps[1], "accepted")
    with pytest.raises(applications.CapacityError):
        applications.change_status(apps[2], "accepted")  # 3 on a 2-place mission: refused
    french = MissionPage.objects.get(pk=french.pk)
    assert french.places_left == 0
    assert french.is_full
    assert (
        "waiting list" in client.get(french.url).content.decode()
        or "liste d'attente" in client.get(french.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    )


def test_counted_and_suggested_once(bilingual, skills):
    english, _french = bilingual
    assert home_summary()["open_missions"] == 1
    volunteer = Volunteer.objects.create(first_name="A", last_name="B", email="ab@example.org")
    volunteer.skills.add(skills["Graphisme"])
    assert [m.mission.pk for m in rank_missions(volunteer)] == [english.pk]


def test_the_french_page_links_to_the_french_need(client, bilingual):
    _english, french = bilingual
    html = client.get(french.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    french_need = french.need.get_translation(Locale.objects.get(language_code="fr"))
    assert f'href="{french_need.url}"' in html


def test_someone_accepted_on_one_version_is_not_a_fresh_candidate_on_the_other(admin_client, bilingual, skills):
    from django.urls import reverse

    english, french = bilingual
    volunteer = Volunteer.objects.create(
        first_name="Déjà", last_name="Pris", email="deja@example.org", consent_at="2026-01-01T00:00Z"
    )
    volunteer.skills.add(skills["Graphisme"])
    application = Application.objects.create(mission=english, volunteer=volunteer)
    applications.change_status(application, "accepted", notify=False)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[french.pk])).content.decode()
    row = html.split("Déjà Pris", 1)[1][:1500]
    assert "Accepted" in row


def race_accepts_across(english, french):
    """12 applications, sent alternately from the two language versions, then all
    accepted at once, each in its own thread: ``(applications, outcomes)``."""
    from tests.applications.test_lifecycle import _race
    from wagtail_skilldonation.applications import lifecycle

    submitted = [
        lifecycle.submit(
            page,
            volunteer_data={"email": f"r{i}@example.org", "first_name": "R", "last_name": str(i)},
            skills=[],
            notify=False,
        )
        for i, page in enumerate([english, french] * 6)
    ]
    apps = [Application.objects.get(pk=s.application_id) for s in submitted]
    return apps, _race([lambda a=a: applications.change_status(a, "accepted") for a in apps])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_race_across_two_language_versions_never_overbooks(bilingual):
    english, french = bilingual
    _apps, outcomes = race_accepts_across(english, french)
    assert outcomes.count("ok") == 2
    assert outcomes.count("full") == 10
    assert MissionCapacity.objects.get(mission=english).accepted == 2
    assert not MissionCapacity.objects.filter(mission=french).exclude(accepted=0).exists()


def test_a_certificate_is_written_in_the_volunteers_language(bilingual, skills, settings):
    """The French volunteer's certificate names the mission and skills in French."""
    from wagtail_skilldonation import certificates
    from wagtail_skilldonation.models import MissionObjective

    english, french = bilingual
    english.objectives = [MissionObjective(title="Launch", success_indicator="3 channels")]
    english.save_revision().publish()
    french = MissionPage.objects.get(pk=french.pk)
    objective = english.objectives.get()
    french.objectives = [
        MissionObjective(title="Lancer", success_indicator="3 canaux", translation_key=objective.translation_key)
    ]
    french.save_revision().publish()
    skills["Graphisme"].name, skills["Graphisme"].names = "Graphic design", {"fr": "Graphisme"}
    skills["Graphisme"].save()
    written = {}
    for language in ("fr", "en"):
        volunteer = Volunteer.objects.create(first_name="Léa", last_name=language, email=f"lea-{language}@example.org")
        application = Application.objects.create(mission=english, volunteer=volunteer, language=language)
        application.skills_offered.add(skills["Graphisme"])
        applications.change_status(application, "accepted", notify=False)
        applications.change_status(application, "completed", hours=2, notify=False)
        certificate = certificates.issue(application, notify=False)
        written[language] = (
            certificate.mission_title,
            certificate.skills,
            [o["title"] for o in certificate.objectives],
        )
    assert written == {"fr": ("Site web", ["Graphisme"], ["Lancer"]), "en": ("Website", ["Graphic design"], ["Launch"])}


def test_the_inbox_says_in_which_language_each_volunteer_applied(admin_client, bilingual):
    from django.urls import reverse

    english, french = bilingual
    volunteer = Volunteer.objects.create(first_name="Léa", last_name="Bernard", email="lea@example.org")
    application = Application.objects.create(mission=english, volunteer=volunteer, language="fr")
    index = admin_client.get(reverse("wagtail_skilldonation_application_modeladmin_index")).content.decode()
    assert "French" in index.split("Léa Bernard", 1)[1][:2000]
    inspect = admin_client.get(
        reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application.pk])
    ).content.decode()
    assert 'lang="fr">français<' in inspect


def test_the_impact_report_counts_a_translated_mission_once(bilingual, skills):
    """Both language versions completed: one mission, its volunteer and hours once, and
    the skills' demand once (the report reads the canonical pages)."""
    english, french = bilingual
    for version in (english, french):
        version.status = "completed"
        version.save_revision().publish()
    ApplicationFactory(mission=english, status="completed", hours=5)
    figures = impact()
    assert (figures.missions_completed, figures.volunteers_engaged, figures.hours) == (1, 1, 5)
    assert home_summary()["open_missions"] == 0


def test_the_api_lists_a_translated_mission_once_unless_a_language_is_asked(client, bilingual):
    english, french = bilingual
    listed = client.get("/api/v2/missions/").json()["items"]
    assert [item["id"] for item in listed] == [english.pk]
    in_french = client.get("/api/v2/missions/", {"locale": "fr"}).json()["items"]
    assert [item["id"] for item in in_french] == [french.pk]


def test_feeds_list_a_translated_mission_once_from_either_language_tree(client, bilingual):
    """The site's root and its translations are one site: a translated mission is listed
    once, in the default language, and a mission written only in French is listed too."""
    import feedparser

    english, french = bilingual
    only_french = french.get_parent().add_child(
        instance=MissionPage(title="Seulement en français", slug="seulement", places_available=1)
    )
    only_french.save_revision().publish()
    feed = feedparser.parse(client.get("/portal/missions/feed/rss/").content)
    assert sorted(entry.title for entry in feed.entries) == sorted([english.title, "Seulement en français"])
