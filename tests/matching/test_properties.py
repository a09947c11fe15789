"""Properties of the ranking, checked by hypothesis on generated populations."""

from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.django import TestCase
from django.utils import timezone
from wagtail.models import Site

from wagtail_skilldonation.matching import rank_volunteers
from wagtail_skilldonation.models import (
    MissionIndexPage,
    MissionPage,
    Skill,
    SkillCategory,
    Volunteer,
    WorkFormat,
)

SKILLS = 6
formats = st.sampled_from(WorkFormat.values)
skill_sets = st.sets(st.integers(0, SKILLS - 1), max_size=SKILLS)
population = st.lists(st.tuples(skill_sets, formats, st.integers(1, 30)), max_size=12)
required = st.sets(st.integers(0, SKILLS - 1), min_size=1, max_size=SKILLS)
PROFILE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class MatchingPropertyTests(TestCase):
    def setup_world(self, required_ids, mission_format=WorkFormat.BOTH):
        self.skills = [
            Skill.objects.create(name=f"S{i}", slug=f"s{i}", category=SkillCategory.OTHER)
            for i in range(SKILLS)
        ]
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(instance=MissionIndexPage(title="M", slug="m-index"))
        mission = MissionPage(title="Mission", slug="mission", format=mission_format,
                              postcode="75011", place="Paris", estimated_hours=10)
        mission.skills.add(*[self.skills[i] for i in sorted(required_ids)])
        index.add_child(instance=mission)
        self.counter = 0
        return mission

    def volunteer(self, skill_ids, fmt=WorkFormat.BOTH, hours=10, postcode="75011"):
        self.counter += 1
        v = Volunteer.objects.create(
            first_name="V", last_name=str(self.counter), email=f"v{self.counter}@example.org",
            format=fmt, availability_hours=hours, postcode=postcode, city="Paris",
            consent_at=timezone.now(),
        )
        v.skills.add(*[self.skills[i] for i in sorted(skill_ids)])
        return v

    def populate(self, people):
        for skill_ids, fmt, hours in people:
            self.volunteer(skill_ids, fmt, hours, postcode="69007")

    def scores(self, mission):
        return {m.volunteer.pk: m.score for m in rank_volunteers(mission, limit=1000)}

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
