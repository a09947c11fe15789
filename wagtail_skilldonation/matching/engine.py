"""Who fits a mission, and why: a ranking computed in SQL, explained in words.

The skill part weighs each required skill by its rarity among active volunteers
(inverse document frequency), so the one volunteer who offers a scarce skill surfaces
above the many who offer a common one. Format, place and availability complete the
score, and volunteers already busy on active missions are gently pushed down.

``rank_volunteers`` runs one query whatever the number of volunteers (two when the
mission's statistics are not cached: its skills with their rarity counts, read from the
database, never counted again), reads only the through-table rows of the
required skills (which carry the few volunteer columns the score needs) and turns only
the top volunteers into objects. Only volunteers sharing at least one required skill
are candidates (a mission without skills ranks everyone). ``rank_missions`` is the
reverse, over the (few) open missions.
"""

from django.db.models import Q
from django.utils import timezone

from ..models import Application, ApplicationStatus, MissionPage, MissionSkill, MissionStatus, Skill, VolunteerSkill
from .reasons import Texts, explain
from .scoring import (
    MASK_BITS,
    Match,
    MissionMatch,
    availability_fit,
    busy_penalty,
    format_fit,
    hours_needed_per_month,
    idf,
    place_fit,
    weights,
)
from .sql import ranked_volunteers
from .statistics import required_skills, with_holders

__all__ = ["Match", "MissionMatch", "open_missions", "rank_missions", "rank_volunteers"]


def rank_volunteers(mission, limit=20):
    """The ``limit`` volunteers who fit ``mission`` best, best first.

    Two queries at most, whatever the number of volunteers: the mission's skills with
    their rarity (cached), and one query that scores every holder of a required skill
    from the through rows' covering index and returns only the top volunteers, with
    the parts of their score that the explanation then puts in words.
    """
    w = weights()
    required, n = required_skills(mission)
    needed = hours_needed_per_month(mission)
    volunteers, masks = [], {}
    for volunteer in ranked_volunteers(mission, required, w, needed, limit):
        if volunteer.id not in masks:  # a stale copy could split a volunteer in two
            masks[volunteer.id] = int(volunteer.match_mask or 0)
            volunteers.append(volunteer)
    position = {s.pk: i for i, s in enumerate(required)}
    if len(required) > MASK_BITS:  # rare: ask the through table for the rest
        for vid, tag_id in VolunteerSkill.objects.filter(
            content_object_id__in=list(masks), tag_id__in=[s.pk for s in required[MASK_BITS:]]
        ).values_list("content_object_id", "tag_id"):
            masks[vid] |= 1 << position[tag_id]

    by_rarity = [(position[s.pk], s) for s in sorted(required, key=lambda s: (-s.weight, s.name))]
    total = sum(s.weight for s in required)
    texts = Texts()
    matches = []
    for volunteer in volunteers:
        mask = masks[volunteer.id]
        matched_skills = [s for i, s in by_rarity if mask >> i & 1]
        components = {
            "skills": sum(s.weight for s in matched_skills) / total if required else 1.0,
            "format": float(volunteer.match_format),
            "place": float(volunteer.match_place),
            "availability": float(volunteer.match_availability),
            "active_missions": int(volunteer.match_busy or 0),
        }
        raw = float(volunteer.match_score)
        matches.append(
            Match(
                volunteer=volunteer,
                score=min(1.0, max(0.0, raw)),
                raw_score=raw,
                matched_skills=matched_skills,
                missing_skills=[s for i, s in by_rarity if not mask >> i & 1],
                reasons=explain(mission, volunteer, matched_skills, required, n, components, needed, texts),
                applied=volunteer.match_applied or "",
                components=components,
            )
        )
    return matches


# Volunteer → missions -----------------------------------------------------------------


# Volunteer → missions -----------------------------------------------------------------


def open_missions():
    today = timezone.localdate()
    return (
        MissionPage.objects.live()
        .one_per_mission()  # a mission translated is still one suggestion
        .filter(status=MissionStatus.OPEN)
        .filter(Q(application_deadline__isnull=True) | Q(application_deadline__gte=today))
    )


def rank_missions(volunteer, limit=20):
    """The open missions ``volunteer`` fits best, best first (few missions: Python)."""
    w = weights()
    missions = list(open_missions().select_related("capacity"))
    if not missions:
        return []
    requirements = {}
    for mission_id, tag_id in MissionSkill.objects.filter(content_object__in=[m.pk for m in missions]).values_list(
        "content_object_id", "tag_id"
    ):
        requirements.setdefault(mission_id, set()).add(tag_id)
    wanted = set().union(*requirements.values()) if requirements else set()
    # The same frequencies as rank_volunteers: the matching copy's eligibility flag.
    found, n = with_holders(list(Skill.objects.filter(pk__in=wanted)))
    skills = {s.pk: s for s in found}
    own = {s.pk for s in volunteer.skills.all()}
    active = Application.objects.holding_places().filter(volunteer=volunteer).count()
    applied = dict(
        Application.objects.filter(volunteer=volunteer, mission__in=missions).values_list("mission_id", "status")
    )
    results = []
    for mission in missions:
        required = [skills[i] for i in requirements.get(mission.pk, ()) if i in skills]
        for skill in required:
            skill.weight = idf(skill.df, n)
        total = sum(s.weight for s in required)
        matched = sorted((s for s in required if s.pk in own), key=lambda s: -s.weight)
        missing = sorted((s for s in required if s.pk not in own), key=lambda s: -s.weight)
        if required and not matched:
            continue
        skill_part = sum(s.weight for s in matched) / total if total else 1.0
        needed = hours_needed_per_month(mission)
        busy = active - (applied.get(mission.pk) == ApplicationStatus.ACCEPTED)
        components = {
            "skills": skill_part,
            "format": format_fit(mission.format, volunteer.format),
            "place": place_fit(mission, volunteer.format, volunteer.postcode, volunteer.city),
            "availability": availability_fit(volunteer.availability_hours, needed),
            "active_missions": busy,
        }
        score = (
            w["skills"] * components["skills"]
            + w["format"] * components["format"]
            + w["place"] * components["place"]
            + w["availability"] * components["availability"]
            - busy_penalty(busy, w)
        )
        results.append(
            MissionMatch(
                mission=mission,
                score=min(1.0, max(0.0, score)),
                matched_skills=matched,
                missing_skills=missing,
                reasons=explain(mission, volunteer, matched, required, n, components, needed),
                applied=applied.get(mission.pk, ""),
            )
        )
    results.sort(key=lambda m: (-m.score, m.mission.pk))
    return results[:limit]
