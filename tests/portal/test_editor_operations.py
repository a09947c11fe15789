"""Editor operations that behave (#15): drafts save, errors come together, order holds."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from wagtail_skilldonation.models import MissionPage


def mission_form(**overrides):
    data = {
        "title": "Brouillon de mission",
        "slug": "brouillon-de-mission",
        "intro": "",
        "body": rich_text(""),
        "format": "both",
        "place": "",
        "postcode": "",
        "estimated_hours": 10,
        "places_available": 0,
        "status": "open",
        "contact_email": "",
        "skills": "",
        "objectives": inline_formset([]),
        "form_fields": inline_formset([]),
        "start_date": "2027-02-01",
        "end_date": "2027-01-01",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_a_draft_saves_and_publishing_lists_every_problem_at_once(admin_client, mission_index):
    add = reverse("wagtailadmin_pages:add", args=["wagtail_skilldonation", "missionpage", mission_index.pk])
    response = admin_client.post(add, mission_form(start_date="", end_date=""))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    draft = MissionPage.objects.get()
    assert not draft.live
    assert draft.places_available == 0
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    response = admin_client.post(edit, mission_form(**{"action-publish": "publish"}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    # Both problems in one answer, not one per submit.
    assert "A mission needs at least one place." in errors["places_available"]
    assert "The end date cannot be before the start date." in errors["end_date"]
    draft.refresh_from_db()
    assert not draft.live


def test_objectives_created_in_code_keep_their_order_when_an_editor_edits_one(admin_client, make_mission):
    from wagtail_skilldonation.models import MissionObjective

    mission = make_mission(title="Ordre", places_available=2)
    mission.objectives = [MissionObjective(title=t, success_indicator="x") for t in ("Un", "Deux", "Trois")]
    mission.save_revision().publish()
    rows = list(MissionObjective.objects.filter(mission=mission).values_list("title", "sort_order"))
    assert rows == [("Un", 0), ("Deux", 1), ("Trois", 2)]
    # The editor changes the first one and publishes.
    edit = reverse("wagtailadmin_pages:edit", args=[mission.pk])
    objectives = [
        {"id": pk, "title": title + (" (modifié)" if title == "Un" else ""), "success_indicator": "x", "ORDER": str(i)}
        for i, (pk, title) in enumerate(MissionObjective.objects.filter(mission=mission).values_list("pk", "title"))
    ]
    response = admin_client.post(
        edit,
        mission_form(
            title="Ordre",
            slug=mission.slug,
            places_available=2,
            start_date="",
            end_date="",
            objectives=inline_formset(objectives, initial=3),
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert [o.title for o in MissionPage.objects.get(pk=mission.pk).objectives.all()] == [
        "Un (modifié)",
        "Deux",
        "Trois",
    ]


def test_a_skill_in_use_is_kept_and_the_editor_told_who_holds_it(admin_client, make_mission, skills, volunteer):
    from wagtail_skilldonation.models import Skill

    graphisme, unused = skills["Graphisme"], Skill.objects.create(name="Inutilisée", slug="inutilisee")
    volunteer.skills.add(graphisme)
    make_mission(skills=[graphisme])
    url = reverse("wagtailsnippets_wagtail_skilldonation_skill:delete", args=[graphisme.pk])
    response = admin_client.post(url, follow=True)
    assert Skill.objects.filter(pk=graphisme.pk).exists()
    assert volunteer.skills.filter(pk=graphisme.pk).exists()
    assert (
        "“Graphisme” cannot be deleted while in use (volunteers: 1, missions: 1, needs: 0, applications: 0)."
        in response.content.decode()
    )
    admin_client.post(reverse("wagtailsnippets_wagtail_skilldonation_skill:delete", args=[unused.pk]))
    assert not Skill.objects.filter(pk=unused.pk).exists()  # an unused one goes


def test_an_unknown_skill_name_is_reported_not_dropped(admin_client, mission_index, skills):
    add = reverse("wagtailadmin_pages:add", args=["wagtail_skilldonation", "missionpage", mission_index.pk])
    response = admin_client.post(
        add, mission_form(places_available=2, start_date="", end_date="", skills="Graphisme, Comptabilte")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["skills"] == [
        "Unknown skills: Comptabilte. Pick existing ones (their names as listed), or add them under Skill "
        "donation › Skills first."
    ]
    assert not MissionPage.objects.exists()
    response = admin_client.post(add, mission_form(places_available=2, start_date="", end_date="", skills="Graphisme"))
    assert response.status_code == 302
    assert [s.name for s in MissionPage.objects.get().skills.all()] == ["Graphisme"]


def test_the_volunteer_form_reports_unknown_skills_too(admin_client, skills):
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:add")
    response = admin_client.post(
        url,
        {
            "first_name": "Ana",
            "last_name": "B",
            "email": "ana@example.org",
            "format": "both",
            "availability_hours": 4,
            "skills": "Graphisme, Photoshop",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Unknown skills: Photoshop." in str(response.context["form"].errors["skills"])


def test_an_objective_and_a_skill_added_in_one_publish_are_found_by_search(make_mission, skills):
    from wagtail_skilldonation.models import MissionObjective

    mission = make_mission(title="Accompagnement", places_available=2)
    assert not MissionPage.objects.live().search("composteur")
    mission.objectives = [MissionObjective(title="Installer un composteur", success_indicator="un bac en place")]
    mission.skills.add(skills["Stratégie"])
    mission.save_revision().publish()  # once: no second publish, no update_index
    assert [m.pk for m in MissionPage.objects.live().search("composteur")] == [mission.pk]
    assert [m.pk for m in MissionPage.objects.live().search("Stratégie")] == [mission.pk]
