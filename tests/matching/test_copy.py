"""The matching's copy of volunteer columns: stale after bulk writes, seen by the
system check, put right by the rebuild; and one score for every path."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wagtail_skilldonation.checks import matching_copy_in_step
from wagtail_skilldonation.matching import rank_volunteers
from wagtail_skilldonation.matching.copy import drift, rebuild
from wagtail_skilldonation.models import Application, Volunteer, VolunteerSkill, WorkFormat


def person(name, skills=(), **fields):
    fields.setdefault("consent_at", timezone.now())
    fields.setdefault("availability_hours", 10)
    volunteer = Volunteer.objects.create(first_name=name, last_name="X", email=f"{name}@example.org", **fields)
    volunteer.skills.add(*skills)
    return volunteer


def test_saved_volunteers_leave_no_drift(skills):
    person("A", [skills["Graphisme"]], postcode=" 75011 ", city="  Évry ")
    assert drift() == {"volunteers": 0, "skill_rows": 0, "rarity_counts": 0}
    assert matching_copy_in_step(databases=["default"]) == []


def test_bulk_writes_are_seen_by_the_check_and_put_right_by_the_rebuild(make_mission, skills, capsys):
    g = skills["Graphisme"]
    mission = make_mission(skills=[g], format=WorkFormat.ON_SITE, postcode="75011", place="Paris")
    near = person("Near", [g], postcode="75011", city="Paris")
    far = person("Far", [g], postcode="69007", city="Lyon")
    assert [m.volunteer.pk for m in rank_volunteers(mission)] == [near.pk, far.pk]
    # An import moves "Far" to Paris and makes "Near" busy elsewhere, behind save()'s back.
    Volunteer.objects.filter(pk=far.pk).update(postcode="75011", city="PARIS")
    other = make_mission(places_available=5)
    Application.objects.bulk_create([Application(mission=other, volunteer=near, status="accepted")])
    assert drift() == {"volunteers": 2, "skill_rows": 1, "rarity_counts": 0}
    (warning,) = matching_copy_in_step(databases=["default"])
    assert warning.id == "wagtail_skilldonation.W001"
    assert "skilldonation_rebuild_matching" in warning.hint
    assert matching_copy_in_step(databases=None) == []  # only with --database
    with pytest.raises(CommandError):
        call_command("skilldonation_rebuild_matching", "--check")
    call_command("skilldonation_rebuild_matching")
    assert "Out of step: 0 volunteers, 0 skill rows, 0 rarity counts." in capsys.readouterr().out
    assert drift() == {"volunteers": 0, "skill_rows": 0, "rarity_counts": 0}
    assert VolunteerSkill.objects.get(content_object=near).active_missions == 1
    ranked = rank_volunteers(mission)
    assert [m.volunteer.pk for m in ranked] == [far.pk, near.pk]
    assert "already on 1 active mission" in ranked[1].reasons
    assert "nearby (PARIS)" in ranked[0].reasons
    call_command("skilldonation_rebuild_matching", "--check")  # in step: no error


def test_rebuild_is_idempotent(skills):
    person("A", [skills["Graphisme"]], postcode="97411", city="Saint-Pierre")
    assert rebuild() == 0
    Volunteer.objects.update(match_department="", match_city="")
    assert rebuild() == 1
    volunteer = Volunteer.objects.get()
    assert (volunteer.match_department, volunteer.match_city) == ("974", "saint-pierre")


@pytest.mark.parametrize("with_skills", [True, False])
def test_explanation_and_order_agree_with_or_without_skills(make_mission, skills, with_skills):
    # Towns written with other capitals and spaces: the same place for both paths.
    required = [skills["Graphisme"]] if with_skills else []
    mission = make_mission(skills=required, format=WorkFormat.ON_SITE, postcode="91000", place="Évry")
    far = person("Far", required, postcode="69001", city="Lyon")
    near = person("Near", required, postcode="", city="  ÉVRY ")
    nearby_dept = person("Dept", required, postcode="91300", city="Massy")
    matches = rank_volunteers(mission)
    assert [m.volunteer.pk for m in matches] == [near.pk, nearby_dept.pk, far.pk]
    assert "nearby (ÉVRY)" in matches[0].reasons
    assert "same département (91)" in matches[1].reasons
    assert "on site, but lives far from Évry" in matches[2].reasons
    assert [m.components["place"] for m in matches] == [1.0, 0.7, 0.0]
