"""Who fits a mission, and why: a ranking computed in SQL, explained in words.

The skill part weighs each required skill by its rarity among active volunteers
(inverse document frequency), so the one volunteer who offers a scarce skill surfaces
above the many who offer a common one. Format, place and availability complete the
score, and volunteers already busy on active missions are gently pushed down.

``rank_volunteers`` runs two queries whatever the number of volunteers, reads only
the skill through-table rows of the required skills (with the few profile columns the
score needs) and turns only a short list of volunteers into objects. Only volunteers
sharing at least one required skill are candidates (a mission without skills ranks
everyone).
"""

import bisect
import math
from dataclasses import dataclass, field

from django.core.cache import cache
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


def _active_missions_subquery(mission, volunteer_ref="pk"):
    """Places the volunteer holds on other missions still running."""
    return Subquery(
        Application.objects.filter(
            volunteer=OuterRef(volunteer_ref),
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


# In the model's field order: ``Volunteer.from_db`` takes values in that order.
PROFILE_FIELDS = ["first_name", "last_name", "city", "postcode", "format", "availability_hours"]


def rank_volunteers(mission, limit=20):
    """The ``limit`` volunteers who fit ``mission`` best, best first.

    Two queries whatever the number of volunteers: the required skills, then the
    through-table rows of those skills for eligible volunteers with the few columns
    the score and its explanation need (profile, places held on other running
    missions, application here). The number of eligible volunteers (for rarity) is
    cached, and rides on the second query when the cache is cold.
    Scores are exact; candidates are walked by skill part and the walk stops as soon
    as even perfect format, place and availability could not reach the top.
    """
    w = weights()
    required = list(mission.skills.all())
    if not required:
        return _rank_without_skills(mission, limit, w)
    n = cache.get(ELIGIBLE_COUNT_KEY)
    holders = VolunteerSkill.objects.filter(
        tag_id__in=[s.pk for s in required],
        content_object__is_active=True,
        content_object__consent_at__isnull=False,
    )
    fields = ["content_object_id", "tag_id"] + [f"content_object__{f}" for f in PROFILE_FIELDS]
    # Commitments ride along: accepted places elsewhere, and an application here.
    rows = holders.annotate(
        busy=Coalesce(_active_missions_subquery(mission, "content_object_id"), 0),
        applied=Subquery(
            Application.objects.filter(
                mission_id=mission.pk, volunteer=OuterRef("content_object_id")
            )
            .order_by()
            .values("status")[:1]
        ),
    )
    fields += ["busy", "applied"]
    if n is None:
        rows = rows.annotate(eligible=eligible_count_subquery())
        fields.append("eligible")
    rows = list(rows.values_list(*fields))
    if not rows:
        return []
    if n is None:
        n = rows[0][-1]
        cache.set(ELIGIBLE_COUNT_KEY, n, ELIGIBLE_COUNT_TTL)

    df = {}
    for row in rows:
        df[row[1]] = df.get(row[1], 0) + 1
    for skill in required:
        skill.df = df.get(skill.pk, 0)
        skill.weight = idf(skill.df, n)
    weight_of = {s.pk: s.weight for s in required}
    total = sum(weight_of.values())

    skill_sum, matched, profile, busy, applied = {}, {}, {}, {}, {}
    for row in rows:
        vid, tid = row[0], row[1]
        skill_sum[vid] = skill_sum.get(vid, 0.0) + weight_of[tid]
        matched.setdefault(vid, set()).add(tid)
        profile[vid] = row[2:8]
        busy[vid], applied[vid] = row[8], row[9] or ""
    needed = hours_needed_per_month(mission)
    rest = w["format"] + w["place"] + w["availability"]
    # The same parts as format_fit/place_fit/availability_fit, unrolled for speed:
    # this loop may see every holder of a required skill.
    format_part = {f: w["format"] * format_fit(mission.format, f) for f in WorkFormat.values}
    place_matters = mission.format != WorkFormat.REMOTE and bool(mission.postcode or mission.place)
    remote_ok = mission.format == WorkFormat.BOTH
    m_postcode, m_city = mission.postcode, (mission.place or "").strip().lower()
    m_dept = _department(mission.postcode) if mission.postcode else None
    w_place, w_avail, w_skills = w["place"], w["availability"], w["skills"]
    penalty, penalty_max = w["busy_penalty"], w["busy_penalty_max"]
    best = []  # (score, -vid) of the top ``limit`` so far, worst first
    floor_score = -1.0
    for vid in sorted(skill_sum, key=lambda v: (-skill_sum[v], v)):
        skill_part = skill_sum[vid] / total
        if w_skills * skill_part + rest < floor_score:
            break  # nobody further down can catch up
        _first, _last, city, postcode, fmt, hours = profile[vid]
        if not place_matters or (remote_ok and fmt == WorkFormat.REMOTE):
            place = 1.0
        elif m_postcode and postcode == m_postcode:
            place = 1.0
        elif m_city and city and city.strip().lower() == m_city:
            place = 1.0
        elif m_dept and postcode and postcode.startswith(m_dept):
            place = 0.7
        else:
            place = 0.0
        score = (
            w_skills * skill_part
            + format_part.get(fmt, 0.0)
            + w_place * place
            + w_avail * (hours / needed if hours < needed else 1.0)
            - min(busy.get(vid, 0) * penalty, penalty_max)
        )
        entry = (min(1.0, max(0.0, score)), -vid)
        if len(best) < limit:
            bisect.insort(best, entry)
        elif entry > best[0]:
            best.pop(0)
            bisect.insort(best, entry)
        if len(best) == limit:
            floor_score = best[0][0]

    by_rarity = sorted(required, key=lambda s: (-s.weight, s.name))
    matches = []
    for score, negative_vid in reversed(best):
        vid = -negative_vid
        volunteer = Volunteer.from_db(None, ["id", *PROFILE_FIELDS], [vid, *profile[vid]])
        city, postcode, fmt, hours = profile[vid][2:]
        components = {
            "skills": skill_sum[vid] / total,
            "format": format_fit(mission.format, fmt),
            "place": place_fit(mission, fmt, postcode, city),
            "availability": availability_fit(hours, needed),
            "active_missions": busy.get(vid, 0),
        }
        mine = [s for s in by_rarity if s.pk in matched[vid]]
        matches.append(
            Match(
                volunteer=volunteer,
                score=score,
                matched_skills=mine,
                missing_skills=[s for s in by_rarity if s.pk not in matched[vid]],
                reasons=_reasons(mission, volunteer, mine, required, n, components, needed),
                applied=applied.get(vid, ""),
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
    eligible = Volunteer.objects.filter(ELIGIBLE)
    skills = {
        s.pk: s
        for s in Skill.objects.filter(pk__in=wanted).annotate(
            df=Count("volunteer_items", filter=Q(volunteer_items__content_object__in=eligible))
        )
    }
    n = eligible.count()
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
