"""Properties of the ranking, checked by hypothesis on generated populations."""

import math

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from wagtail.models import Site

from wagtail_skilldonation import applications
from wagtail_skilldonation.matching import rank_missions, rank_volunteers
from wagtail_skilldonation.models import (
    Application,
    MissionIndexPage,
    MissionPage,
    Skill,
    SkillCategory,
    Volunteer,
    WorkFormat,
)

# Long (properties, migrations, the demo): left out of .ci/year_ahead.sh's quick run.
pytestmark = pytest.mark.slow

SKILLS = 6
formats = st.sampled_from(WorkFormat.values)
skill_sets = st.sets(st.integers(0, SKILLS - 1), max_size=SKILLS)
population = st.lists(st.tuples(skill_sets, formats, st.integers(1, 30)), max_size=12)
required = st.sets(st.integers(0, SKILLS - 1), min_size=1, max_size=SKILLS)
# differing_executors: the mutation tester runs these tests through its own harness.
PROFILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


class World:
    """A mission index, six skills, and volunteers made as the admin would."""

    def setup_world(self, required_ids, mission_format=WorkFormat.BOTH):
        self.skills = [
            Skill.objects.create(name=f"S{i}", slug=f"s{i}", category=SkillCategory.OTHER) for i in range(SKILLS)
        ]
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(instance=MissionIndexPage(title="M", slug="m-index"))
        mission = MissionPage(
            title="Mission", slug="mission", format=mission_format, postcode="75011", place="Paris", estimated_hours=10
        )
        mission.skills.add(*[self.skills[i] for i in sorted(required_ids)])
        index.add_child(instance=mission)
        self.counter = 0
        return mission

    def volunteer(self, skill_ids, fmt=WorkFormat.BOTH, hours=10, postcode="75011"):
        self.counter += 1
        v = Volunteer.objects.create(
            first_name="V",
            last_name=str(self.counter),
            email=f"v{self.counter}@example.org",
            format=fmt,
            availability_hours=hours,
            postcode=postcode,
            city="Paris",
            consent_at=timezone.now(),
        )
        v.skills.add(*[self.skills[i] for i in sorted(skill_ids)])
        return v

    def populate(self, people):
        for skill_ids, fmt, hours in people:
            self.volunteer(skill_ids, fmt, hours, postcode="69007")

    def scores(self, mission):
        return {m.volunteer.pk: m.score for m in rank_volunteers(mission, limit=1000)}


class MatchingPropertyTests(World, TestCase):
    @PROFILE
    @given(required=required, people=population, own=skill_sets, fmt=formats, data=st.data())
    def test_adding_a_required_skill_never_lowers_a_score(self, required, people, own, fmt, data):
        mission = self.setup_world(required)
        self.populate(people)
        target = self.volunteer(own, fmt)
        addable = sorted(required - own)
        if not addable:
            return
        before = self.scores(mission).get(target.pk, 0.0)
        target.skills.add(self.skills[data.draw(st.sampled_from(addable))])
        after = self.scores(mission)[target.pk]
        assert after >= before - 1e-9

    @PROFILE
    @given(required=required.filter(lambda r: len(r) >= 2), people=population, data=st.data())
    def test_all_required_skills_outrank_a_strict_subset(self, required, people, data):
        mission = self.setup_world(required)
        self.populate(people)
        subset = data.draw(st.sets(st.sampled_from(sorted(required)), min_size=1, max_size=len(required) - 1))
        full = self.volunteer(required)
        partial = self.volunteer(subset)
        ranked = [m.volunteer.pk for m in rank_volunteers(mission, limit=1000)]
        scores = self.scores(mission)
        assert scores[full.pk] > scores[partial.pk]
        assert ranked.index(full.pk) < ranked.index(partial.pk)

    @PROFILE
    @given(people=population, extra_common=st.integers(1, 6))
    def test_the_rarer_skill_ranks_higher(self, people, extra_common):
        # Required: S0 (rare) and S1 (common); others are noise.
        mission = self.setup_world({0, 1})
        self.populate([(s - {0, 1}, f, h) for s, f, h in people])
        for _ in range(extra_common):
            self.volunteer({1}, postcode="13001")
        rare = self.volunteer({0})
        common = self.volunteer({1})
        scores = self.scores(mission)
        assert scores[rare.pk] > scores[common.pk]

    @PROFILE
    @given(required=required, people=population, mission_format=formats)
    def test_scores_stay_between_0_and_1(self, required, people, mission_format):
        mission = self.setup_world(required, mission_format)
        self.populate(people)
        for skill_ids, fmt, hours in people:
            self.volunteer(skill_ids, fmt, hours)
        for match in rank_volunteers(mission, limit=1000):
            assert 0.0 <= match.score <= 1.0


# The score as the README documents it, written here from scratch (not the app's
# helpers): weights 0.6 skills, 0.15 format, 0.1 place, 0.15 availability, minus
# 0.05 per mission held elsewhere (at most 0.15).
POSTCODES = ["75011", "75019", "69007", "97411", " 75011 ", ""]
TOWNS = ["Paris", "  PARIS ", "Lyon", "Évry", "ÉVRY", ""]
people_with_places = st.lists(
    st.tuples(
        skill_sets, formats, st.integers(1, 30), st.sampled_from(POSTCODES), st.sampled_from(TOWNS), st.integers(0, 4)
    ),
    min_size=1,
    max_size=10,
)


def documented_score(mission, required, volunteer, skill_ids, busy, eligible_holders, n):
    rarity = {i: math.log((n + 1) / (eligible_holders[i] + 1)) + 1 for i in required}
    skills = sum(rarity[i] for i in required & skill_ids) / sum(rarity.values()) if required else 1.0
    m, v = mission.format, volunteer.format
    if "both" in (m, v) or m == v:
        fmt = 1.0
    elif m == "remote":  # an on-site volunteer can work remotely
        fmt = 0.5
    else:
        fmt = 0.0

    def dept(code):
        code = code.strip()
        return code[:3] if code[:2] in ("97", "98") else code[:2]

    def town(name):
        return " ".join(name.split()).casefold()

    here, place_name = mission.postcode.strip(), town(mission.place)
    if m == "remote" or (m == "both" and v == "remote") or not (here or place_name):
        place = 1.0
    elif (here and volunteer.postcode.strip() == here) or (place_name and town(volunteer.city) == place_name):
        place = 1.0
    elif here and volunteer.postcode.strip() and dept(volunteer.postcode) == dept(here):
        place = 0.7
    else:
        place = 0.0
    months = (
        max(1, round((mission.end_date - mission.start_date).days / 30))
        if mission.start_date and mission.end_date
        else 1
    )
    needed = max(1, math.ceil(mission.estimated_hours / months))
    availability = min(1.0, volunteer.availability_hours / needed)
    return 0.6 * skills + 0.15 * fmt + 0.1 * place + 0.15 * availability - min(0.05 * busy, 0.15)


class DocumentedScoreTests(World, TestCase):
    @settings(PROFILE, max_examples=15)
    @given(
        required=st.sets(st.integers(0, SKILLS - 1), max_size=3),
        people=people_with_places,
        mission_format=formats,
        mission_postcode=st.sampled_from(["75011", "97411", ""]),
        mission_town=st.sampled_from(["Paris", "Évry", ""]),
    )
    def test_every_score_and_its_parts_follow_the_documented_formula(
        self, required, people, mission_format, mission_postcode, mission_town
    ):
        mission = self.setup_world(required, mission_format)
        mission.postcode, mission.place, mission.estimated_hours = mission_postcode, mission_town, 12
        mission.save()
        # Other running missions where a volunteer may already hold places.
        parent = mission.get_parent()
        others = [
            parent.add_child(instance=MissionPage(title=f"O{i}", slug=f"o{i}", places_available=99)) for i in range(4)
        ]
        created = {}
        for skill_ids, fmt, hours, postcode, town, busy in reversed(people):
            person = self.volunteer(skill_ids, fmt, hours, postcode=postcode)
            person.city = town
            person.save()
            for other in others[:busy]:
                application = Application.objects.create(mission=other, volunteer=person)
                applications.change_status(application, "accepted", notify=False)
            created[person.pk] = (person, set(skill_ids), busy)
        holders = {i: sum(1 for _p, own, _b in created.values() if i in own) for i in range(SKILLS)}
        n = len(created)
        matches = rank_volunteers(mission, limit=1000)
        expected = {
            pk: documented_score(mission, set(required), person, own, busy, holders, n)
            for pk, (person, own, busy) in created.items()
            if not required or own & set(required)
        }
        assert {m.volunteer.pk for m in matches} == set(expected)
        for match in matches:
            assert match.raw_score == pytest.approx(expected[match.volunteer.pk], abs=1e-9)
            # The explanation's parts add up to the very score that ranked them.
            parts = match.components
            assert match.raw_score == pytest.approx(
                0.6 * parts["skills"]
                + 0.15 * parts["format"]
                + 0.1 * parts["place"]
                + 0.15 * parts["availability"]
                - min(0.05 * parts["active_missions"], 0.15),
                abs=1e-9,
            )
        # Best first (equal scores may differ in their last bits: no tie order here).
        assert all(a.raw_score >= b.raw_score - 1e-9 for a, b in zip(matches, matches[1:], strict=False))
        # The reverse direction says the same of each pair.
        for match in matches[:3]:
            (back,) = [m for m in rank_missions(match.volunteer, limit=1000) if m.mission.pk == mission.pk] or [None]
            if back is not None:
                assert back.score == pytest.approx(match.score, abs=1e-9)
