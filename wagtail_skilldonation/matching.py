"""Who fits a mission, and why: a ranking computed in SQL, explained in words.

The skill part weighs each required skill by its rarity among active volunteers
(inverse document frequency), so the one volunteer who offers a scarce skill surfaces
above the many who offer a common one. Format, place and availability complete the
score, and volunteers already busy on active missions are gently pushed down.

``rank_volunteers`` runs three queries whatever the number of volunteers, reads only
the through-table rows of the required skills (which carry the few volunteer columns
the score needs) and turns only the top volunteers into objects. Only volunteers
sharing at least one required skill are candidates (a mission without skills ranks
everyone). ``rank_missions`` is the reverse, over the (few) open missions.
"""

import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from .conf import get_setting
from .models import (
    Application,
    ApplicationStatus,
    MissionPage,
    MissionSkill,
    MissionStatus,
    Skill,
    Volunteer,
    VolunteerSkill,
    WorkFormat,
)

ELIGIBLE = Q(is_active=True, consent_at__isnull=False)
MASK_BITS = 62  # required skills whose presence fits in one signed 64-bit sum
ACTIVE_MISSION_STATUSES = [MissionStatus.OPEN, MissionStatus.FULL]


@dataclass
class Match:
    volunteer: Volunteer
    score: float
    matched_skills: list
    missing_skills: list
    reasons: list = field(default_factory=list)
    applied: str = ""  # the application's status when they already applied
    components: dict = field(default_factory=dict)

    @property
    def percent(self):
        return round(self.score * 100)


@dataclass
class MissionMatch:
    mission: MissionPage
    score: float
    matched_skills: list
    missing_skills: list
    reasons: list = field(default_factory=list)
    applied: str = ""

    @property
    def percent(self):
        return round(self.score * 100)


def weights():
    configured = get_setting("MATCHING_WEIGHTS")
    parts = ("skills", "format", "place", "availability")
    total = float(sum(configured[k] for k in parts)) or 1.0
    return {
        **{k: configured[k] / total for k in parts},
        "busy_penalty": float(configured["busy_penalty"]),
        "busy_penalty_max": float(configured["busy_penalty_max"]),
    }


def idf(df, n):
    """Rarity weight of a skill held by ``df`` of ``n`` eligible volunteers (≥ 1)."""
    return math.log((n + 1) / (df + 1)) + 1


# Components shared by both directions ----------------------------------------------------


def format_fit(mission_format, volunteer_format):
    if mission_format == WorkFormat.BOTH or volunteer_format == WorkFormat.BOTH:
        return 1.0
    if mission_format == volunteer_format:
        return 1.0
    # An on-site-only volunteer can still be asked to work remotely; not the reverse.
    return 0.5 if mission_format == WorkFormat.REMOTE else 0.0


def _department(postcode):
    postcode = (postcode or "").strip()
    return postcode[:3] if postcode[:2] in ("97", "98") else postcode[:2]


def place_fit(mission, volunteer_format, postcode, city):
    if mission.format == WorkFormat.REMOTE or (
        mission.format == WorkFormat.BOTH and volunteer_format == WorkFormat.REMOTE
    ):
        return 1.0
    if mission.postcode and postcode == mission.postcode:
        return 1.0
    if mission.place and city and city.strip().lower() == mission.place.strip().lower():
        return 1.0
    if mission.postcode and postcode and _department(postcode) == _department(mission.postcode):
        return 0.7
    if not (mission.postcode or mission.place):
        return 1.0
    return 0.0


def hours_needed_per_month(mission):
    months = 1
    if mission.start_date and mission.end_date:
        months = max(1, round((mission.end_date - mission.start_date).days / 30))
    return max(1, math.ceil(mission.estimated_hours / months))


def availability_fit(hours, needed):
    return min(1.0, hours / needed) if needed else 1.0


def busy_penalty(active, w):
    return min(active * w["busy_penalty"], w["busy_penalty_max"])


# SQL expressions of the same components ------------------------------------------------


def _format_expr(mission):
    whens = [
        When(format=value, then=Value(format_fit(mission.format, value)))
        for value in WorkFormat.values
    ]
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def _place_expr(mission):
    if mission.format == WorkFormat.REMOTE or not (mission.postcode or mission.place):
        return Value(1.0, output_field=FloatField())
    whens = []
    if mission.format == WorkFormat.BOTH:
        whens.append(When(format=WorkFormat.REMOTE, then=Value(1.0)))
    if mission.postcode:
        whens.append(When(postcode=mission.postcode, then=Value(1.0)))
    if mission.place:
        whens.append(When(city__iexact=mission.place.strip(), then=Value(1.0)))
    if mission.postcode:
        whens.append(When(postcode__startswith=_department(mission.postcode), then=Value(0.7)))
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def _availability_expr(needed):
    return Least(
        Cast(F("availability_hours"), FloatField()) / Value(float(needed)),
        Value(1.0),
        output_field=FloatField(),
    )


def _active_missions_subquery(mission):
    """Places the volunteer holds on other missions still running."""
    return Subquery(
        Application.objects.filter(
            volunteer=OuterRef("pk"),
            status=ApplicationStatus.ACCEPTED,
            mission__status__in=ACTIVE_MISSION_STATUSES,
        )
        .exclude(mission_id=mission.pk)
        .order_by()
        .values("volunteer")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


# Mission → volunteers -----------------------------------------------------------------

ELIGIBLE_COUNT_KEY = "wagtail_skilldonation:matching:eligible_count"
ELIGIBLE_COUNT_TTL = 300


def eligible_count_subquery():
    return Subquery(
        Volunteer.objects.filter(ELIGIBLE)
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def forget_eligible_count(**kwargs):
    """Connected to volunteer saves and deletions (see apps.py)."""
    cache.delete(ELIGIBLE_COUNT_KEY)


def _skills_with_frequency(mission, with_count):
    """The mission's skills, each with ``df``: how many eligible volunteers hold it
    (read from the matching index); with the eligible count ``n`` when asked."""
    skills = Skill.objects.filter(mission_items__content_object_id=mission.pk).annotate(
        df=Count("volunteer_items", filter=Q(volunteer_items__eligible=True))
    )
    if with_count:
        skills = skills.annotate(n=Coalesce(eligible_count_subquery(), 0))
    return list(skills.order_by("name"))


def _score_sql(mission, required, w, needed, limit):
    """One aggregate over the through rows of the required skills, read from the
    covering index, scored, ordered and limited in the database.

    Plain SQL that SQLite and PostgreSQL both speak: the same query written with ORM
    expressions cost more to build in Python than to run.
    """
    vs = VolunteerSkill._meta.db_table
    app = Application._meta.db_table
    missions = MissionPage._meta.db_table
    params = []

    def case_on_tag(values, default):
        params.extend(v for pair in values for v in pair)
        return "CASE vs.tag_id " + " ".join("WHEN %s THEN %s" for _ in values) + f" ELSE {default} END"

    total = sum(s.weight for s in required)
    skill_sql = case_on_tag([(s.pk, s.weight / total) for s in required], "0.0")
    mask_sql = case_on_tag(
        [(s.pk, 1 << i) for i, s in enumerate(required[:MASK_BITS])], "0"
    )
    formats = [(f, w["format"] * format_fit(mission.format, f)) for f in WorkFormat.values]
    params.extend(v for pair in formats for v in pair)
    format_sql = "CASE vs.format " + " ".join("WHEN %s THEN %s" for _ in formats) + " ELSE 0.0 END"
    if mission.format == WorkFormat.REMOTE or not (mission.postcode or mission.place):
        place_sql = "%s"
        params.append(w["place"])
    else:
        whens = []
        if mission.format == WorkFormat.BOTH:
            whens.append(("vs.format = %s", [WorkFormat.REMOTE], 1.0))
        if mission.postcode:
            whens.append(("vs.postcode = %s", [mission.postcode], 1.0))
        if mission.place:
            whens.append(("LOWER(vs.city) = %s", [mission.place.strip().lower()], 1.0))
        if mission.postcode:
            whens.append(("vs.postcode LIKE %s", [_department(mission.postcode) + "%"], 0.7))
        place_sql = "CASE " + " ".join(f"WHEN {cond} THEN %s" for cond, _p, _v in whens) + " ELSE 0.0 END"
        for _cond, values, fit in whens:
            params.extend([*values, w["place"] * fit])
    params.extend([needed, w["availability"], w["availability"], needed])
    availability_sql = (
        "CASE WHEN vs.availability_hours >= %s THEN %s "
        "ELSE %s * vs.availability_hours / (%s * 1.0) END"
    )
    params.extend(
        [
            ApplicationStatus.ACCEPTED,
            *ACTIVE_MISSION_STATUSES,
            mission.pk,
            *[s.pk for s in required],
            True,
        ]
    )
    inner = f"""
        SELECT vs.content_object_id AS vid,
               SUM({skill_sql}) AS skill_part,
               SUM({mask_sql}) AS mask,
               MAX({format_sql} + {place_sql} + {availability_sql}) AS others,
               (SELECT COUNT(*) FROM {app} a JOIN {missions} m ON m.page_ptr_id = a.mission_id
                 WHERE a.volunteer_id = vs.content_object_id AND a.status = %s
                   AND m.status IN ({", ".join(["%s"] * len(ACTIVE_MISSION_STATUSES))})
                   AND a.mission_id <> %s) AS busy
          FROM {vs} vs
         WHERE vs.tag_id IN ({", ".join(["%s"] * len(required))}) AND vs.eligible = %s
         GROUP BY vs.content_object_id"""
    penalty = "CASE WHEN t.busy * %s > %s THEN %s ELSE t.busy * %s END"
    # Placeholders in the order they appear: the outer select, the inner query, LIMIT.
    params = [
        w["skills"],
        w["busy_penalty"],
        w["busy_penalty_max"],
        w["busy_penalty_max"],
        w["busy_penalty"],
        *params,
        limit,
    ]
    sql = f"""
        SELECT t.vid, t.skill_part, t.mask, t.busy,
               t.skill_part * %s + t.others - {penalty} AS score
          FROM ({inner}) t
         ORDER BY score DESC, t.vid
         LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rank_volunteers(mission, limit=20):
    """The ``limit`` volunteers who fit ``mission`` best, best first.

    Three queries whatever the number of volunteers: the required skills with how
    many eligible volunteers hold each; one aggregate over the skill through rows of
    those skills, which scores, orders and limits in the database from a covering
    index (the rows carry a copy of the few volunteer columns the score needs); the
    top volunteers themselves. The number of eligible volunteers (for rarity) is
    cached, and rides on the first query when the cache is cold.
    """
    w = weights()
    n = cache.get(ELIGIBLE_COUNT_KEY)
    required = _skills_with_frequency(mission, with_count=n is None)
    if not required:
        return _rank_without_skills(mission, limit, w)
    if n is None:
        n = required[0].n
        cache.set(ELIGIBLE_COUNT_KEY, n, ELIGIBLE_COUNT_TTL)
    for skill in required:
        skill.weight = idf(skill.df, n)
    needed = hours_needed_per_month(mission)

    rows = _score_sql(mission, required, w, needed, limit)
    if not rows:
        return []
    volunteers = Volunteer.objects.order_by().annotate(
        applied_status=Subquery(
            Application.objects.filter(mission_id=mission.pk, volunteer=OuterRef("pk"))
            .order_by()
            .values("status")[:1]
        ),
    ).in_bulk([row[0] for row in rows])
    matched = {
        row[0]: {s.pk for i, s in enumerate(required[:MASK_BITS]) if int(row[2] or 0) >> i & 1}
        for row in rows
    }
    if len(required) > MASK_BITS:  # rare: ask the through table for the rest
        for vid, tag_id in VolunteerSkill.objects.filter(
            content_object_id__in=list(volunteers), tag_id__in=[s.pk for s in required[MASK_BITS:]]
        ).values_list("content_object_id", "tag_id"):
            matched[vid].add(tag_id)

    by_rarity = sorted(required, key=lambda s: (-s.weight, s.name))
    matches = []
    for vid, skill_part, _mask, busy, score in rows:
        volunteer = volunteers[vid]
        mine = matched.get(vid, set())
        components = {
            "skills": float(skill_part),
            "format": format_fit(mission.format, volunteer.format),
            "place": place_fit(mission, volunteer.format, volunteer.postcode, volunteer.city),
            "availability": availability_fit(volunteer.availability_hours, needed),
            "active_missions": int(busy),
        }
        matched_skills = [s for s in by_rarity if s.pk in mine]
        matches.append(
            Match(
                volunteer=volunteer,
                score=min(1.0, max(0.0, float(score))),
                matched_skills=matched_skills,
                missing_skills=[s for s in by_rarity if s.pk not in mine],
                reasons=_reasons(mission, volunteer, matched_skills, required, n, components, needed),
                applied=volunteer.applied_status or "",
                components=components,
            )
        )
    return matches


def _rank_without_skills(mission, limit, w):
    """A mission that asks for no particular skill: everyone eligible may fit."""
    needed = hours_needed_per_month(mission)
    score = (
        Value(w["skills"])
        + _format_expr(mission) * Value(w["format"])
        + _place_expr(mission) * Value(w["place"])
        + _availability_expr(needed) * Value(w["availability"])
        - Least(
            Cast(F("active_missions"), FloatField()) * Value(w["busy_penalty"]),
            Value(w["busy_penalty_max"]),
        )
    )
    volunteers = (
        Volunteer.objects.filter(ELIGIBLE)
        .annotate(
            active_missions=Coalesce(_active_missions_subquery(mission), 0),
            applied_status=Subquery(
                Application.objects.filter(mission_id=mission.pk, volunteer=OuterRef("pk"))
                .order_by()
                .values("status")[:1]
            ),
        )
        .annotate(score=Greatest(score, Value(0.0), output_field=FloatField()))
        .order_by("-score", "pk")[:limit]
    )
    matches = []
    for volunteer in volunteers:
        components = {
            "skills": 1.0,
            "format": format_fit(mission.format, volunteer.format),
            "place": place_fit(mission, volunteer.format, volunteer.postcode, volunteer.city),
            "availability": availability_fit(volunteer.availability_hours, needed),
            "active_missions": volunteer.active_missions,
        }
        matches.append(
            Match(
                volunteer=volunteer,
                score=min(1.0, float(volunteer.score)),
                matched_skills=[],
                missing_skills=[],
                reasons=_reasons(mission, volunteer, [], [], 0, components, needed),
                applied=volunteer.applied_status or "",
                components=components,
            )
        )
    return matches


def _reasons(mission, volunteer, matched, skills, n, components, needed):
    reasons = []
    if skills:
        if len(skills) == 1:
            reasons.append(_("has the required skill"))
        else:
            reasons.append(
                ngettext(
                    "covers %(count)d of %(total)d skills",
                    "covers %(count)d of %(total)d skills",
                    len(matched),
                )
                % {"count": len(matched), "total": len(skills)}
            )
        rare = [s for s in matched if n and s.df / n <= 0.05]
        if rare:
            reasons.append(_("rare skill: %(skill)s") % {"skill": rare[0].name})
    reasons.append(_format_reason(mission.format, volunteer.format))
    if mission.format != WorkFormat.REMOTE and volunteer.format != WorkFormat.REMOTE:
        if components["place"] >= 1 and (mission.postcode or mission.place):
            reasons.append(_("nearby (%(city)s)") % {"city": volunteer.city or volunteer.postcode})
        elif components["place"] > 0:
            reasons.append(_("same département (%(dept)s)") % {"dept": _department(volunteer.postcode)})
        elif mission.postcode or mission.place:
            reasons.append(_("lives far from %(place)s") % {"place": mission.place or mission.postcode})
    if volunteer.availability_hours >= needed:
        reasons.append(_("%(hours)d h/month available") % {"hours": volunteer.availability_hours})
    else:
        reasons.append(
            _("%(hours)d h/month available of %(needed)d needed")
            % {"hours": volunteer.availability_hours, "needed": needed}
        )
    if components["active_missions"]:
        reasons.append(
            ngettext(
                "already on %(count)d active mission",
                "already on %(count)d active missions",
                components["active_missions"],
            )
            % {"count": components["active_missions"]}
        )
    return reasons


def _format_reason(mission_format, volunteer_format):
    fit = format_fit(mission_format, volunteer_format)
    if fit == 1.0:
        # Say how they would work: the narrower of the two formats.
        how = volunteer_format if mission_format == WorkFormat.BOTH else mission_format
        return {
            WorkFormat.REMOTE: _("remote OK"),
            WorkFormat.ON_SITE: _("on site OK"),
        }.get(how, _("remote or on site OK"))
    if fit > 0:
        return _("prefers on-site work")
    return _("works remotely only")


# Volunteer → missions -----------------------------------------------------------------


def open_missions():
    today = timezone.localdate()
    return (
        MissionPage.objects.live()
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
    for mission_id, tag_id in MissionSkill.objects.filter(
        content_object__in=[m.pk for m in missions]
    ).values_list("content_object_id", "tag_id"):
        requirements.setdefault(mission_id, set()).add(tag_id)
    wanted = set().union(*requirements.values()) if requirements else set()
    # The same frequencies as rank_volunteers: the matching copy's eligibility flag.
    skills = {
        s.pk: s
        for s in Skill.objects.filter(pk__in=wanted).annotate(
            df=Count("volunteer_items", filter=Q(volunteer_items__eligible=True))
        )
    }
    n = cache.get(ELIGIBLE_COUNT_KEY)
    if n is None:
        n = Volunteer.objects.filter(ELIGIBLE).count()
        cache.set(ELIGIBLE_COUNT_KEY, n, ELIGIBLE_COUNT_TTL)
    own = {s.pk for s in volunteer.skills.all()}
    active = (
        Application.objects.filter(
            volunteer=volunteer,
            status=ApplicationStatus.ACCEPTED,
            mission__status__in=ACTIVE_MISSION_STATUSES,
        ).count()
    )
    applied = dict(
        Application.objects.filter(volunteer=volunteer, mission__in=missions).values_list(
            "mission_id", "status"
        )
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
                reasons=_reasons(mission, volunteer, matched, required, n, components, needed),
                applied=applied.get(mission.pk, ""),
            )
        )
    results.sort(key=lambda m: (-m.score, m.mission.pk))
    return results[:limit]
