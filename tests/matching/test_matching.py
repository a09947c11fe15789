"""Matching: the ranking, its explanations, its cost, and the editor's panels."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import applications
from wagtail_skilldonation.matching import rank_missions, rank_volunteers
from wagtail_skilldonation.models import Application, Invitation, Volunteer, WorkFormat

NOW = timezone.now()


def person(name, skills=(), **fields):
    fields.setdefault("consent_at", NOW)
    fields.setdefault("format", WorkFormat.BOTH)
    fields.setdefault("availability_hours", 10)
    volunteer = Volunteer.objects.create(first_name=name, last_name="X", email=f"{name.lower()}@example.org", **fields)
    volunteer.skills.add(*skills)
    return volunteer


def names(matches):
    return [m.volunteer.first_name for m in matches]


@pytest.fixture
def mission(make_mission, skills):
    return make_mission(
        title="Campagne",
        skills=[skills["Graphisme"], skills["Rédaction"], skills["Développement web"]],
        format=WorkFormat.ON_SITE,
        place="Paris",
        postcode="75011",
        estimated_hours=20,
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2027, 1, 30),
    )


def test_ranking_and_explanations(mission, skills):
    g, r, w = skills["Graphisme"], skills["Rédaction"], skills["Développement web"]
    # Created worst first: only the score can put them in order.
    person("Inactive", [g, r, w], is_active=False)
    person("NoConsent", [g, r, w], consent_at=None)
    person("Nothing", [skills["Mentorat"]])
    person("Remote", [g, r], format=WorkFormat.REMOTE)
    person("Far", [g, r], postcode="69007", city="Lyon")
    person("Two", [g, r], postcode="75019", city="Paris")
    person("All", [g, r, w], postcode="75011", city="Paris")
    matches = rank_volunteers(mission)
    assert names(matches) == ["All", "Two", "Far", "Remote"]
    assert all(0 <= m.score <= 1 for m in matches)
    best = matches[0]
    assert best.score == pytest.approx(1.0)
    assert [s.name for s in best.matched_skills]
    assert not best.missing_skills
    assert "covers 3 of 3 skills" in best.reasons
    assert "on site OK" in best.reasons
    assert "nearby (Paris)" in best.reasons
    assert "10 h/month available" in best.reasons
    two = matches[1]
    assert [s.name for s in two.missing_skills] == ["Développement web"]
    assert "covers 2 of 3 skills" in two.reasons
    assert "on site, but lives far from Paris" in matches[2].reasons
    assert "works remotely only" in matches[3].reasons


def test_rarity_counts_and_is_explained(mission, skills):
    g, w = skills["Graphisme"], skills["Développement web"]
    for i in range(30):
        person(f"Common{i}", [g], postcode="75011")
    person("Rare", [w], postcode="75011")
    top = rank_volunteers(mission, limit=1)[0]
    assert top.volunteer.first_name == "Rare"
    assert "rare skill: Développement web" in top.reasons


def test_availability_and_busy_penalty(mission, make_mission, skills):
    g = skills["Graphisme"]
    person("Little", [g], availability_hours=2, postcode="75011")
    busy = person("Busy", [g], availability_hours=10, postcode="75011")
    person("Free", [g], availability_hours=10, postcode="75011")
    for _ in range(2):
        other = make_mission(places_available=5)
        app = Application.objects.create(mission=other, volunteer=busy)
        applications.change_status(app, "accepted", notify=False)
    matches = rank_volunteers(mission)
    assert names(matches) == ["Free", "Busy", "Little"]
    by_name = {m.volunteer.first_name: m for m in matches}
    assert "already on 2 active missions" in by_name["Busy"].reasons
    assert "2 h/month available of 10 needed" in by_name["Little"].reasons
    assert by_name["Free"].score - by_name["Busy"].score == pytest.approx(0.10)


def test_applicants_are_marked_not_hidden(mission, skills):
    v = person("Applied", [skills["Graphisme"]])
    Application.objects.create(mission=mission, volunteer=v)
    (match,) = rank_volunteers(mission)
    assert match.applied == "submitted"


def test_mission_without_skills_ranks_everyone(make_mission):
    person("Late", availability_hours=1)
    person("Off", is_active=False)
    person("Free", availability_hours=20)
    mission = make_mission(format=WorkFormat.REMOTE, estimated_hours=10)
    assert names(rank_volunteers(mission)) == ["Free", "Late"]


def test_weights_are_settings(mission, skills, settings):
    g = skills["Graphisme"]
    person("Skilled", [g, skills["Rédaction"]], postcode="13001")
    person("Local", [g], postcode="75011")
    assert names(rank_volunteers(mission))[0] == "Skilled"
    settings.WAGTAIL_SKILLDONATION = {
        "MATCHING_WEIGHTS": {
            "skills": 0.1,
            "format": 0.5,
            "place": 0.4,
            "availability": 0,
            "busy_penalty": 0,
            "busy_penalty_max": 0,
        }
    }
    assert names(rank_volunteers(mission))[0] == "Local"


@pytest.mark.parametrize("size", [10, 120])
def test_query_count_does_not_grow(mission, skills, size):
    pool = list(skills.values())
    required = set(mission.skills.all())
    candidates = 0
    for i in range(size):
        own = pool[i % 5 : i % 5 + 2]
        candidates += bool(required & set(own))
        person(f"P{i}", own, postcode=f"750{i % 20:02d}")
    from django.core.cache import cache

    cache.clear()  # cold: the skills with their stored rarity first, then the ranking
    with CaptureQueriesContext(connection) as cold:
        matches = rank_volunteers(mission, limit=20)
    with CaptureQueriesContext(connection) as warm:
        assert [m.volunteer.pk for m in rank_volunteers(mission, limit=20)] == [m.volunteer.pk for m in matches]
    assert len(matches) == min(20, candidates) > 0
    assert len(cold.captured_queries) == 2  # the skills with their stored counts, the ranking
    assert len(warm.captured_queries) == 1


def test_rank_missions_reverse(make_mission, skills):
    g, r, m = skills["Graphisme"], skills["Rédaction"], skills["Mentorat"]
    half = make_mission(title="Half", skills=[g, skills["Stratégie"]], format=WorkFormat.REMOTE)
    make_mission(title="Closed", skills=[g], status="closed")
    make_mission(title="Late", skills=[g], application_deadline=datetime.date(2020, 1, 1))
    make_mission(title="Mentoring", skills=[m], format=WorkFormat.REMOTE)
    make_mission(title="Design", skills=[g, r], format=WorkFormat.REMOTE)
    volunteer = person("V", [g, r])
    Application.objects.create(mission=half, volunteer=volunteer)
    matches = rank_missions(volunteer)
    assert [m.mission.title for m in matches] == ["Design", "Half"]
    assert matches[0].score > matches[1].score
    assert matches[1].applied == "submitted"
    assert "covers 2 of 2 skills" in matches[0].reasons


# The editor's panels -------------------------------------------------------------------


def _edit_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    # Wagtail now and then purges old editing sessions: not the panel's doing.
    ours = [q for q in ctx.captured_queries if "wagtailadmin_editingsession" not in q["sql"]]
    return response, len(ours)


def test_matching_panel_in_the_page_editor(admin_client, mission, skills):
    g = skills["Graphisme"]
    person("Camille", [g, skills["Rédaction"]], postcode="75011", city="Paris")
    url = reverse("wagtailadmin_pages:edit", args=[mission.pk])
    admin_client.get(url)  # warm Wagtail's caches, as on a running site
    response, few = _edit_queries(admin_client, url)
    html = response.content.decode()
    assert "Matching volunteers" in html
    assert "Camille X" in html
    assert "covers 2 of 3 skills" in html
    assert '<meter min="0" max="100"' in html
    assert reverse("wagtail_skilldonation_matching:invite", args=[mission.pk, Volunteer.objects.get().pk]) in html
    for i in range(40):
        person(f"More{i}", [g], postcode="13001")
    admin_client.get(url)  # the rarity statistics changed: cached again, as the first time
    _, many = _edit_queries(admin_client, url)
    assert many == few  # the panel's cost does not grow with the volunteers


def test_matching_panel_hidden_on_new_missions(admin_client, mission_index):
    url = reverse("wagtailadmin_pages:add", args=["wagtail_skilldonation", "missionpage", mission_index.pk])
    assert "Matching volunteers" not in admin_client.get(url).content.decode()


def test_volunteer_editor_shows_fitting_missions(admin_client, mission, skills):
    volunteer = person("Camille", [skills["Graphisme"]], postcode="75011")
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:edit", args=[volunteer.pk])
    html = admin_client.get(url).content.decode()
    assert "Missions that fit" in html
    assert "Campagne" in html


# Invitations ---------------------------------------------------------------------------


def test_invite_from_the_panel(admin_client, mission, skills, django_capture_on_commit_callbacks):
    volunteer = person("Camille", [skills["Graphisme"]])
    url = reverse("wagtail_skilldonation_matching:invite", args=[mission.pk, volunteer.pk])
    assert "Send the invitation" in admin_client.get(url).content.decode()
    for ids in ([10**30, volunteer.pk], [mission.pk, 10**30]):  # no such mission or person: not a 500
        assert admin_client.get(reverse("wagtail_skilldonation_matching:invite", args=ids)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"message": "Vous seriez parfaite !"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.mission_id, invitation.volunteer_id) == (mission.pk, volunteer.pk)
    (message,) = mail.outbox
    assert message.to == ["camille@example.org"]
    assert message.subject == "A mission for your skills: Campagne"
    assert "Vous seriez parfaite !" in message.body
    assert "http://testserver" + mission.url in message.body
    assert "localhost" not in message.body
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[mission.pk])).content.decode()
    assert "Invited on" in html


def test_invitations_are_limited_per_volunteer(admin_client, make_mission, skills, settings):
    volunteer = person("Camille", [skills["Graphisme"]])
    missions = [make_mission(skills=[skills["Graphisme"]]) for _ in range(3)]
    for m in missions[:2]:
        admin_client.post(reverse("wagtail_skilldonation_matching:invite", args=[m.pk, volunteer.pk]))
    response = admin_client.post(reverse("wagtail_skilldonation_matching:invite", args=[missions[2].pk, volunteer.pk]))
    assert response.status_code == 200
    assert "already received 2 invitations in the last 30 days" in response.content.decode()
    assert Invitation.objects.count() == 2
    # Twice to the same mission: refused too.
    Invitation.objects.filter(mission=missions[1]).update(created_at=NOW - datetime.timedelta(days=31))
    again = admin_client.post(reverse("wagtail_skilldonation_matching:invite", args=[missions[0].pk, volunteer.pk]))
    assert "already invited to this mission" in again.content.decode()
    # Older invitations no longer count.
    ok = admin_client.post(reverse("wagtail_skilldonation_matching:invite", args=[missions[2].pk, volunteer.pk]))
    assert ok.status_code == 302
    assert Invitation.objects.count() == 3


def test_the_invite_screen_says_the_limit_before_the_form(admin_client, make_mission, skills):
    """#19: the editor sees the limit, and a refusal instead of a form that cannot succeed."""
    volunteer = person("Camille", [skills["Graphisme"]])
    missions = [make_mission(skills=[skills["Graphisme"]]) for _ in range(3)]
    first = admin_client.get(
        reverse("wagtail_skilldonation_matching:invite", args=[missions[0].pk, volunteer.pk])
    ).content.decode()
    assert "(at most 2)" in first
    assert 'name="message"' in first
    for m in missions[:2]:
        admin_client.post(reverse("wagtail_skilldonation_matching:invite", args=[m.pk, volunteer.pk]))
    full = admin_client.get(
        reverse("wagtail_skilldonation_matching:invite", args=[missions[2].pk, volunteer.pk])
    ).content.decode()
    assert "already received 2 invitations in the last 30 days" in full
    assert 'name="message"' not in full


def test_only_editors_of_the_mission_can_invite(
    client, mission, skills, django_user_model, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group, Permission

    volunteer = person("Camille", [skills["Graphisme"]])
    user = django_user_model.objects.create_user("reader", password="x")
    group = Group.objects.create(name="Readers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    url = reverse("wagtail_skilldonation_matching:invite", args=[mission.pk, volunteer.pk])
    assert client.get(url).status_code in (302, 403)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url)
    assert response.status_code in (302, 403)
    assert not Invitation.objects.exists()
    assert callbacks == []
    assert mail.outbox == []
    client.logout()
    assert client.post(url).status_code == 302  # anonymous: to the login page
    assert not Invitation.objects.exists()


def test_matching_copy_follows_the_volunteer(mission, skills):
    """The through rows carry a copy of the volunteer's columns; saves refresh it."""
    from wagtail_skilldonation.models import VolunteerSkill

    v = person("Mobile", [skills["Graphisme"]], postcode="13001", city="Marseille")
    assert set(
        VolunteerSkill.objects.filter(content_object=v).values_list(
            "eligible", "postcode", "department", "city", "format"
        )
    ) == {(True, "13001", "13", "marseille", "both")}
    low = rank_volunteers(mission)[0].score
    v.postcode, v.city = "75011", "Paris"
    v.save()
    assert rank_volunteers(mission)[0].score > low
    v.is_active = False
    v.save()
    assert rank_volunteers(mission) == []
    assert not VolunteerSkill.objects.filter(content_object=v, eligible=True).exists()


def test_copy_counts_active_missions(make_mission, skills):
    """Accepting, closing the mission, withdrawing and deleting keep the count exact."""
    from wagtail_skilldonation.models import MissionStatus, VolunteerSkill

    v = person("Held", [skills["Graphisme"], skills["Rédaction"]])

    def held():
        return set(VolunteerSkill.objects.filter(content_object=v).values_list("active_missions", flat=True))

    first, second = make_mission(places_available=3), make_mission(places_available=3)
    a = Application.objects.create(mission=first, volunteer=v)
    assert held() == {0}
    applications.change_status(a, "accepted", notify=False)
    b = Application.objects.create(mission=second, volunteer=v, status="accepted")
    assert held() == {2}
    second.status = MissionStatus.COMPLETED
    second.save_revision().publish()
    assert held() == {1}
    applications.change_status(a, "withdrawn", notify=False)
    assert held() == {0}
    second.status = MissionStatus.OPEN
    second.save_revision().publish()
    assert held() == {1}
    b.delete()
    assert held() == {0}
    v.skills.add(skills["Mentorat"])  # a new row starts with the right count too
    Application.objects.create(mission=first, volunteer=person("Other"), status="accepted")
    assert held() == {0}


def test_this_mission_does_not_count_against_its_own_volunteers(mission, make_mission, skills):
    g = skills["Graphisme"]
    here = person("Here", [g], postcode="75011")
    person("Free", [g], postcode="75011")
    app = Application.objects.create(mission=mission, volunteer=here)
    applications.change_status(app, "accepted", notify=False)
    by_name = {m.volunteer.first_name: m for m in rank_volunteers(mission)}
    assert by_name["Here"].score == pytest.approx(by_name["Free"].score)
    assert by_name["Here"].applied == "accepted"
    assert not any("active mission" in r for r in by_name["Here"].reasons)
    other = make_mission(places_available=2)
    applications.change_status(Application.objects.create(mission=other, volunteer=here), "accepted", notify=False)
    by_name = {m.volunteer.first_name: m for m in rank_volunteers(mission)}
    assert by_name["Free"].score - by_name["Here"].score == pytest.approx(0.05)
    assert "already on 1 active mission" in by_name["Here"].reasons


def test_places_compare_without_case_or_accents_trouble(make_mission, skills):
    g = skills["Graphisme"]
    mission = make_mission(skills=[g], format=WorkFormat.ON_SITE, place="Évry-Courcouronnes ", postcode="")
    person("Town", [g], city="  ÉVRY-COURCOURONNES", postcode="")
    person("Elsewhere", [g], city="Paris", postcode="")
    matches = {m.volunteer.first_name: m for m in rank_volunteers(mission)}
    assert matches["Town"].components["place"] == 1.0
    assert matches["Elsewhere"].components["place"] == 0.0
    assert matches["Town"].score > matches["Elsewhere"].score
    assert "nearby (ÉVRY-COURCOURONNES)" in matches["Town"].reasons
    assert "on site, but lives far from Évry-Courcouronnes" in matches["Elsewhere"].reasons


def test_cached_rarity_follows_skill_changes(mission, skills):
    """Rarity is cached, yet a change of volunteers or mission skills shows at once."""
    g, r = skills["Graphisme"], skills["Rédaction"]
    for i in range(3):
        person(f"G{i}", [g])
    one = person("OneR", [r])
    assert rank_volunteers(mission, limit=1)[0].volunteer == one  # Rédaction is rarer
    for i in range(6):
        person(f"R{i}", [r])  # now Graphisme is rarer
    top = rank_volunteers(mission, limit=1)[0]
    assert top.volunteer.first_name.startswith("G")
    one.skills.add(g)
    assert rank_volunteers(mission, limit=1)[0].volunteer == one  # holds both now
    mission.skills.set([skills["Mentorat"]])
    mission.save_revision().publish()
    assert rank_volunteers(mission) == []
    late = person("Mentor", [skills["Mentorat"]])
    assert [m.volunteer for m in rank_volunteers(mission)] == [late]


def test_rarity_is_counted_step_by_step_not_again(mission, skills, django_assert_num_queries):
    from wagtail_skilldonation.matching.statistics import forget_statistics
    from wagtail_skilldonation.matching.statistics import required_skills as _required_skills

    g, r = skills["Graphisme"], skills["Rédaction"]
    person("A", [g], postcode="75011")
    rank_volunteers(mission)  # counted and cached
    # A new volunteer, one leaving, a skill added and one removed: counts follow.
    person("B", [g, r])
    gone = person("C", [r])
    gone.is_active = False
    gone.save()
    a = Volunteer.objects.get(first_name="A")
    a.skills.add(skills["Développement web"])
    a.skills.remove(g)
    with django_assert_num_queries(1):  # the ranking alone: nothing counted again
        ranked = rank_volunteers(mission)
    stepped = {s.name: s.df for s in _required_skills(mission)[0]}
    forget_statistics()
    counted = {s.name: s.df for s in _required_skills(mission)[0]}
    assert stepped == counted == {"Graphisme": 1, "Rédaction": 1, "Développement web": 1}
    assert {m.volunteer.first_name for m in ranked} == {"A", "B"}
    Volunteer.objects.get(first_name="B").delete()
    assert {s.name: s.df for s in _required_skills(mission)[0]} == {
        "Graphisme": 0,
        "Rédaction": 0,
        "Développement web": 1,
    }


@pytest.mark.parametrize("mission_format", WorkFormat.values)
@pytest.mark.parametrize("volunteer_format", WorkFormat.values)
def test_place_reasons_never_contradict_the_format(make_mission, skills, mission_format, volunteer_format):
    """Seen: "on site OK" next to "lives far from Lyon". Near or far, in every pair of
    formats, what is said of the place follows the format that applies."""
    mission = make_mission(
        title="Lyon", format=mission_format, place="Lyon", postcode="69007", skills=[skills["Graphisme"]]
    )
    person("Near", [skills["Graphisme"]], format=volunteer_format, postcode="69007", city="Lyon")
    person("Far", [skills["Graphisme"]], format=volunteer_format, postcode="13001", city="Marseille")
    for match in rank_volunteers(mission):
        reasons = match.reasons
        far = any("far from" in r for r in reasons)
        if far:
            assert not {"on site OK", "remote or on site OK"} & set(reasons), reasons
            assert match.volunteer.first_name == "Far"
        if mission_format == "both" and volunteer_format == "both" and match.volunteer.first_name == "Far":
            assert reasons[1:3] == ["remote OK", "lives far from Lyon"]
        if mission_format == "on_site" and volunteer_format != "remote" and match.volunteer.first_name == "Far":
            assert "on site, but lives far from Lyon" in reasons
        if match.volunteer.first_name == "Near" and "remote" not in (mission_format, volunteer_format):
            assert "nearby (Lyon)" in reasons
