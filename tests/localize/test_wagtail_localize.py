"""A mission translated with wagtail-localize's *Translate* action is one mission in
every language (#28): its objectives and questions are translated, its places and
applications are the one mission's, and 12 accepts racing across the two language
versions take exactly its places. Run with ``--ds=tests.settings_localize`` (the
``localize`` extra); the default settings use simple_translation instead."""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from tests.conftest import form_data
from tests.portal.test_translations import race_accepts_across
from wagtail_skilldonation.models import Application, MissionCapacity, MissionPage

FRENCH = {
    "Website": "Site web",
    "A website for the allotments": "Un site pour les jardins partagés",
    "Publish the opening hours": "Publier les horaires d'ouverture",
    "The hours are online": "Les horaires sont en ligne",
    "Which tools do you know?": "Quels outils connaissez-vous ?",
}


@pytest.fixture
def translated(admin_client, make_mission, skills, django_capture_on_commit_callbacks):
    """An English mission with an objective and a question, translated into French as an
    editor does: *Translate* in the page's menu, every segment written, published."""
    from wagtail_skilldonation.models.pages.mission_form import MissionFormField
    from wagtail_skilldonation.models.pages.missions import MissionObjective

    french = Locale.objects.create(language_code="fr")
    mission = make_mission(title="Website", intro="A website for the allotments", places_available=2)
    mission.objectives.add(
        MissionObjective(title="Publish the opening hours", success_indicator="The hours are online")
    )
    mission.form_fields.add(MissionFormField(label="Which tools do you know?", field_type="singleline", required=False))
    mission.skills.add(skills["Graphisme"])
    mission.save_revision().publish()
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[mission.pk]),
        {"locales": [french.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = TranslationSource.objects.get_for_instance(mission)
    translation = Translation.objects.get(source=source, target_locale=french)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    missing = set(FRENCH) - {segment.string.data for segment in segments}
    assert not missing, f"not offered for translation: {missing}"
    # The question's name is the source's, not a text for the translator.
    assert "which_tools_do_you_know" not in {segment.string.data for segment in segments}
    for segment in segments:
        if segment.string.data in FRENCH:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=french,
                context=segment.context,
                data=FRENCH[segment.string.data],
            )
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    target = MissionPage.objects.get(translation_key=mission.translation_key, locale=french)
    assert target.live
    return MissionPage.objects.get(pk=mission.pk), target


def test_translate_keeps_one_mission_its_objectives_and_questions_translated(client, translated, skills):
    english, french = translated
    assert french.title == "Site web"
    assert [o.title for o in french.objectives.all()] == ["Publier les horaires d'ouverture"]
    assert [o.success_indicator for o in french.objectives.all()] == ["Les horaires sont en ligne"]
    (question,) = french.form_fields.all()
    (original,) = english.form_fields.all()
    assert question.label == "Quels outils connaissez-vous ?"
    assert question.clean_name == original.clean_name  # answers from both languages in one column
    assert french.canonical.pk == english.pk
    assert [s.pk for s in french.skills.all()] == [skills["Graphisme"].pk]  # synchronised, not translated
    skills["Graphisme"].names = {"en": "Graphic design"}
    skills["Graphisme"].save()
    html = client.get(french.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Quels outils connaissez-vous ?" in html
    assert "Graphisme" in html
    assert "Graphic design" in client.get(english.url).content.decode()


def test_applications_from_both_languages_land_on_the_one_mission(
    client, translated, django_capture_on_commit_callbacks
):
    english, french = translated
    with django_capture_on_commit_callbacks(execute=True):
        client.post(english.url, form_data(english, email="a@example.org"), follow=True)
        client.post(french.url, form_data(french, email="b@example.org"), HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    apps = list(Application.objects.order_by("pk"))
    assert [(a.mission_id, a.language) for a in apps] == [(english.pk, "en"), (english.pk, "fr")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_race_across_two_language_versions_accepts_exactly_the_places(translated):
    english, french = translated
    apps, outcomes = race_accepts_across(english, french)
    assert {a.mission_id for a in apps} == {english.pk}
    assert outcomes.count("ok") == 2, outcomes
    assert outcomes.count("full") == 10, outcomes
    assert MissionCapacity.objects.get(mission=english).accepted == 2
    assert not MissionCapacity.objects.filter(mission=french).exclude(accepted=0).exists()
    assert MissionPage.objects.get(pk=french.pk).places_left == 0
