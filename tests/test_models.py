import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wagtail_skilldonation.models import (
    MissionPage,
    MissionSkill,
    NeedSkill,
    Organisation,
    Skill,
    Volunteer,
    VolunteerSkill,
    WorkFormat,
)


def test_volunteer_email_unique_case_insensitively(volunteer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.create(first_name="C", last_name="M", email="camille.martin@EXAMPLE.org")
    duplicate = Volunteer(first_name="C", last_name="M", email="CAMILLE.martin@example.org")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "already exists" in str(excinfo.value)


def test_organisation_identifiers_validated_and_normalised(db):
    org = Organisation(name="X", siret="924 146 350 00013", rna="w751271238")
    org.full_clean()
    assert org.siret == "92414635000013"
    assert org.rna == "W751271238"
    bad = Organisation(name="Y", siret="92414635000014", rna="W123")
    with pytest.raises(ValidationError) as excinfo:
        bad.full_clean()
    assert set(excinfo.value.message_dict) == {"siret", "rna"}


def test_one_skill_vocabulary_for_volunteers_needs_and_missions(skills, volunteer, make_mission, make_need):
    graphisme = skills["Graphisme"]
    volunteer.skills.add(graphisme)
    need = make_need(skills=[graphisme, skills["Rédaction"]])
    mission = make_mission(skills=[graphisme])

    assert Skill.objects.count() == len(skills)  # nothing duplicated
    assert list(volunteer.skills.all()) == [graphisme]
    assert set(need.skills.all()) == {graphisme, skills["Rédaction"]}
    assert list(MissionPage.objects.get(pk=mission.pk).skills.all()) == [graphisme]
    # Each tagged model has its own through table, all pointing at the one Skill.
    assert VolunteerSkill.objects.get().tag == graphisme
    assert MissionSkill.objects.get().tag == graphisme
    assert NeedSkill.objects.filter(tag=graphisme).count() == 1
    assert graphisme.volunteer_items.count() == 1
    assert graphisme.mission_items.count() == 1


def test_skill_vocabulary_is_curated():
    assert Skill.free_tagging is False


def test_mission_dates_validated(make_mission):
    import datetime

    mission = make_mission()
    mission.start_date = datetime.date(2026, 5, 1)
    mission.end_date = datetime.date(2026, 4, 1)
    with pytest.raises(ValidationError) as excinfo:
        mission.full_clean()
    assert "end_date" in excinfo.value.message_dict


def test_work_format_compatibility():
    assert WorkFormat.compatible_with(WorkFormat.REMOTE) == [WorkFormat.REMOTE, WorkFormat.BOTH]
    assert set(WorkFormat.compatible_with(WorkFormat.BOTH)) == set(WorkFormat)


def test_portal_settings_rates(home):
    from wagtail.models import Site

    from wagtail_skilldonation.models import PortalSettings

    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert portal.hourly_rate("technical") == portal.rate_technical
    assert set(portal.hourly_rates) == {"strategy", "training", "technical", "communication", "other"}


def test_the_example_site_never_waits_forever_for_a_mail_server():
    from example_site import settings as example

    assert 0 < example.EMAIL_TIMEOUT <= 30
    assert "localhost" not in example.DEFAULT_FROM_EMAIL
