"""Who fits a mission, and why: a ranking computed in SQL, explained in words.

The skill part weighs each required skill by its rarity among active volunteers
(inverse document frequency), so the one volunteer who offers a scarce skill surfaces
above the many who offer a common one. Format, place and availability complete the
score, and volunteers already busy on active missions are gently pushed down.

``rank_volunteers`` runs one query whatever the number of volunteers (two when the
mission's rarity statistics are not cached), reads only the through-table rows of the
required skills (which carry the few volunteer columns the score needs) and turns only
the top volunteers into objects. Only volunteers sharing at least one required skill
are candidates (a mission without skills ranks everyone). ``rank_missions`` is the
reverse, over the (few) open missions.
"""

import functools
import math
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ..conf import get_setting
from ..models.places import department, normalise_city
from ..models import (
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

# Active, agreeing to be proposed missions, and not away ("not available until": the
# date is cleared once passed, by ``Volunteer.save`` and the daily ``skilldonation_purge``).
ELIGIBLE = Q(is_active=True, consent_at__isnull=False, unavailable_until__isnull=True)
MASK_BITS = 62  # required skills whose presence fits in one signed 64-bit sum


@dataclass
class Match:
    volunteer: Volunteer
    score: float
    matched_skills: list
    missing_skills: list
    reasons: list = field(default_factory=list)
    applied: str = ""  # the application's status when they already applied
    components: dict = field(default_factory=dict)  # the parts, each in [0, 1]
    raw_score: float = 0.0  # before clamping to [0, 1]

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


def place_fit(mission, volunteer_format, postcode, city):
    if mission.format == WorkFormat.REMOTE or (
        mission.format == WorkFormat.BOTH and volunteer_format == WorkFormat.REMOTE
    ):
        return 1.0
    here, postcode = (mission.postcode or "").strip(), (postcode or "").strip()
    town = normalise_city(mission.place)
    if not (here or town):
        return 1.0
    if (here and postcode == here) or (town and normalise_city(city) == town):
        return 1.0
    if here and postcode and department(postcode) == department(here):
        return 0.7
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


# Mission → volunteers -----------------------------------------------------------------

# A mission's skills and their rarity are cached: the mission's skills per mission,
# and, per skill, how many eligible volunteers hold it, and how many are eligible at
# all. Those counts follow each change of a volunteer or of their skills by a step
# of one (``incr``), so an application from a new volunteer does not make anyone
# count again; a count that is missing is counted again from the database. Renaming
# skills, ``forget_statistics`` and the copy's rebuild start a new generation.
# A step can be lost (a race with a recount, a rolled-back change): the counts only
# weigh rarity, and live ``STATISTICS_TTL`` seconds.
CACHE_PREFIX = "wagtail_skilldonation:matching"
GENERATION_KEY = f"{CACHE_PREFIX}:generation"
STATISTICS_TTL = 300


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def forget_statistics(**kwargs):
    """Start a new generation (connected to changes of skills, see apps.py): now,
    and once committed, so that no other process caches what is being changed."""
    _drop_generation()
    transaction.on_commit(_drop_generation)


def _drop_generation():
    cache.delete(GENERATION_KEY)


def _key(name):
    return f"{CACHE_PREFIX}:{_generation()}:{name}"


def _mission_statistics_key(mission_pk):
    return _key(f"mission:{mission_pk}")


def _holders_key(skill_pk):
    return _key(f"holders:{skill_pk}")


def _step(key, delta):
    try:
        cache.incr(key, delta)
    except ValueError:  # not cached: it will be counted when next needed
        pass


def mission_skills_changed(instance, **kwargs):
    cache.delete(_mission_statistics_key(instance.content_object_id))


def mission_saved(instance, **kwargs):
    """Its skills or status may have changed: drop its statistics, recount the
    active missions of the volunteers accepted on it."""
    cache.delete(_mission_statistics_key(instance.pk))
    VolunteerSkill.refresh_active_missions(
        Application.objects.filter(mission_id=instance.pk, status=ApplicationStatus.ACCEPTED).values("volunteer_id")
    )


def application_changed(instance, **kwargs):
    VolunteerSkill.refresh_active_missions([instance.volunteer_id])


def _is_eligible(volunteer):
    return bool(volunteer.is_active and volunteer.consent_at and not volunteer.unavailable_until)


def volunteer_saving(instance, **kwargs):
    """Note whether the volunteer counted before this save (see ``volunteer_saved``)."""
    instance._was_eligible = bool(
        instance.pk and Volunteer.objects.filter(ELIGIBLE, pk=instance.pk).exists()
    )


def volunteer_saved(instance, **kwargs):
    was, now = getattr(instance, "_was_eligible", False), _is_eligible(instance)
    if was == now:
        return
    delta = 1 if now else -1
    _step(_key("eligible"), delta)
    for tag_id in VolunteerSkill.objects.filter(content_object_id=instance.pk).values_list("tag_id", flat=True):
        _step(_holders_key(tag_id), delta)


def volunteer_deleted(instance, **kwargs):
    if _is_eligible(instance):  # their skill rows go too, each counted down
        _step(_key("eligible"), -1)


def volunteer_skill_changed(instance, created=None, **kwargs):
    """A skill added to (``created``) or removed from (no ``created``) a volunteer."""
    if created is False or not instance.eligible:
        return
    _step(_holders_key(instance.tag_id), 1 if created else -1)


def eligible_count():
    """The number of eligible volunteers, from the same cache as the rarity weights."""
    key = _key("eligible")
    n = cache.get(key)
    if n is None:
        n = Volunteer.objects.filter(ELIGIBLE).count()
        cache.set(key, n, STATISTICS_TTL)
    return n


def _frequency(skills):
    return skills.annotate(df=Count("volunteer_items", filter=Q(volunteer_items__eligible=True)))


def _required_skills(mission):
    """The mission's skills, each with ``df`` (how many eligible volunteers hold it)
    and ``weight``; and ``n``, the number of eligible volunteers. Cached: when not,
    a query for the skills and one for ``n``."""
    key = _mission_statistics_key(mission.pk)
    skills = cache.get(key)
    counts, n = {}, None
    if skills is not None:
        keys = {_holders_key(skill.pk): skill.pk for skill in skills}
        found = cache.get_many([*keys, _key("eligible")])
        counts = {keys[k]: v for k, v in found.items() if k in keys}
        n = found.get(_key("eligible"))
    if skills is None or len(counts) < len(skills):
        # Two plain counts: as a subquery of this one, the eligible count ran slower.
        skills = list(
            _frequency(Skill.objects.filter(mission_items__content_object_id=mission.pk)).order_by("name")
        )
        counts = {skill.pk: skill.df for skill in skills}
        cache.set(key, skills, STATISTICS_TTL)
        cache.set_many({_holders_key(pk): df for pk, df in counts.items()}, STATISTICS_TTL)
    if n is None:
        n = eligible_count()
    for skill in skills:
        skill.df = counts[skill.pk]
        skill.weight = idf(skill.df, n)
    return skills, n


class _Sql:
    """Raw SQL and its parameters, built together so they cannot drift apart.

    On PostgreSQL, a number bound from Python arrives as a ``numeric`` literal, whose
    arithmetic is several times slower than ``float8``'s: floats are cast.
    """

    def __init__(self, vendor):
        self.params = []
        self.float_placeholder = "%s" if vendor == "sqlite" else "CAST(%s AS DOUBLE PRECISION)"

    def __call__(self, text, *params):
        self.params.extend(params)
        if self.float_placeholder != "%s" and any(isinstance(p, float) for p in params):
            first, *rest = text.split("%s")
            text = first + "".join(
                (self.float_placeholder if isinstance(p, float) else "%s") + piece
                for p, piece in zip(params, rest, strict=True)
            )
        return text

    def case(self, column, pairs, default):
        """``CASE column WHEN … THEN … ELSE default END``, or the constant when
        every value maps to the same number."""
        values = {value for _key, value in pairs}
        if values <= {default}:
            return self("%s", default)
        whens = " ".join(self("WHEN %s THEN %s", key, value) for key, value in pairs if value != default)
        return f"CASE {column} {whens} ELSE {self('%s', default)} END"


# The score's parts in SQL, written once: the ranking adds them up (weighted) from the
# skill rows' copy or, for a mission without skills, from the volunteers' own copy, and
# the explanation reads the same parts (weight 1) for the volunteers shown.

COPY_COLUMNS = {  # a skill row (``VolunteerSkill``) carries the volunteer's copy
    "id": "vs.content_object_id", "format": "vs.format", "postcode": "vs.postcode",
    "department": "vs.department", "city": "vs.city",
    "availability": "vs.availability_hours", "active": "vs.active_missions",
}
VOLUNTEER_COLUMNS = {  # the volunteer row's own copy (``match_*``, ``active_missions``)
    "id": "v.id", "format": "v.format", "postcode": "v.postcode",
    "department": "v.match_department", "city": "v.match_city",
    "availability": "v.availability_hours", "active": "v.active_missions",
}


def _format_sql(sql, mission, c, weight):
    formats = [(f, weight * format_fit(mission.format, f)) for f in WorkFormat.values]
    values = [v for _f, v in formats]
    return sql.case(c["format"], formats, max(values, key=values.count))


def _place_sql(sql, mission, c, weight):
    """As ``place_fit``; most volunteers live in another département: test that first."""
    postcode, city = (mission.postcode or "").strip(), normalise_city(mission.place)
    if mission.format == WorkFormat.REMOTE or not (postcode or city):
        return sql("%s", weight)
    place = "CASE"
    if mission.format == WorkFormat.BOTH:
        place += sql(f" WHEN {c['format']} = %s THEN %s", WorkFormat.REMOTE, weight)
    if postcode:
        place += sql(f" WHEN {c['department']} = %s THEN CASE WHEN {c['postcode']} = %s", department(postcode), postcode)
        if city:
            place += sql(f" OR {c['city']} = %s", city)
        place += sql(" THEN %s ELSE %s END", weight, weight * 0.7)
    if city:
        place += sql(f" WHEN {c['city']} = %s THEN %s", city, weight)
    return place + " ELSE 0.0 END"


def _availability_sql(sql, c, needed, weight):
    return sql(
        f"CASE WHEN {c['availability']} >= %s THEN %s ELSE {c['availability']} * %s END",
        needed, weight, weight / needed,
    )


_ANY_MISSION = -765_432_109  # stands for the mission in the compiled query below


@functools.cache
def _accepted_here_template(vendor):
    return (
        Application.objects.holding_places()
        .filter(mission_id=_ANY_MISSION)
        .order_by()
        .values("volunteer_id")
        .query.sql_with_params()
    )


def _accepted_here(mission):
    """The SQL of the volunteers holding a place on ``mission``: compiled by the ORM
    once per process (its compiler was a third of a warm ranking's time)."""
    text, params = _accepted_here_template(connections[DEFAULT_DB_ALIAS].vendor)
    return text, tuple(mission.pk if p == _ANY_MISSION else p for p in params)


def _busy_sql(sql, c, accepted_here):
    """The missions held besides this one: the copy counts this one too when the
    volunteer is accepted here (few rows hold any mission: test that first)."""
    text, params = accepted_here
    here = sql(f"({text})", *params)
    return (
        f"CASE WHEN {c['active']} = 0 THEN 0 ELSE "
        f"{c['active']} - CASE WHEN {c['id']} IN {here} THEN 1 ELSE 0 END END"
    )


def _penalty_sql(sql, c, w, accepted_here):
    if not (w["busy_penalty"] and w["busy_penalty_max"]):
        return None
    penalty = f"CASE {_busy_sql(sql, c, accepted_here)}"
    for k in range(math.ceil(w["busy_penalty_max"] / w["busy_penalty"])):
        penalty += sql(" WHEN %s THEN %s", k, k * w["busy_penalty"])
    return penalty + sql(" ELSE %s END", w["busy_penalty_max"])


def _others_sql(sql, mission, w, needed, c, accepted_here):
    """Format, place, availability and the busy penalty of one row: the score minus
    its skill part."""
    parts = " + ".join(
        [
            _format_sql(sql, mission, c, w["format"]),
            _place_sql(sql, mission, c, w["place"]),
            _availability_sql(sql, c, needed, w["availability"]),
        ]
    )
    penalty = _penalty_sql(sql, c, w, accepted_here)
    return f"{parts} - {penalty}" if penalty else parts


def _fits_sql(sql, mission, needed, c, accepted_here):
    """The unweighted parts, as the explanation reads them."""
    return ", ".join(
        [
            _format_sql(sql, mission, c, 1.0) + " AS match_format",
            _place_sql(sql, mission, c, 1.0) + " AS match_place",
            _availability_sql(sql, c, needed, 1.0) + " AS match_availability",
            _busy_sql(sql, c, accepted_here) + " AS match_busy",
        ]
    )


def _ranked_volunteers(mission, required, w, needed, limit):
    """The top ``limit`` volunteers, best first, as model instances with
    ``match_score``, ``match_mask`` (bit i: holds ``required[i]``), the parts of the
    score (``match_format``, ``match_place``, ``match_availability``, ``match_busy``)
    and ``match_applied``: one query.

    Each through row of a required skill is scored on its own (its skill's share of
    the score plus the volunteer's other parts, read from the copied columns);
    grouping by volunteer then only sums the skill shares. Scoring the rows before
    grouping keeps the grouping narrow, which is where SQLite spends its time. A
    mission without skills scores every eligible volunteer's own row the same way.
    Plain SQL that SQLite and PostgreSQL both speak.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    vs, app, volunteers = VolunteerSkill._meta.db_table, Application._meta.db_table, Volunteer._meta.db_table
    inner = _Sql(conn.vendor)
    accepted_here = _accepted_here(mission)
    if required:
        total = sum(s.weight for s in required)
        part = inner.case("vs.tag_id", [(s.pk, w["skills"] * s.weight / total) for s in required], 0.0)
        others = _others_sql(inner, mission, w, needed, COPY_COLUMNS, accepted_here)
        tags = ", ".join(inner("%s", s.pk) for s in required)
        eligible = inner("%s", True)
        # The empty LIMIT/OFFSET keeps SQLite from folding this subquery into the
        # grouping, which would score every row again after sorting it.
        keep = "LIMIT -1" if conn.vendor == "sqlite" else "OFFSET 0"
        top = f"""
            SELECT r.vid, r.others + SUM(r.part) AS score
              FROM (SELECT vs.content_object_id AS vid, {part} AS part, {others} AS others
                      FROM {vs} vs
                     WHERE vs.tag_id IN ({tags}) AND vs.eligible = {eligible} {keep}) r
             GROUP BY r.vid, r.others
             ORDER BY score DESC, r.vid
             LIMIT {inner("%s", limit)}"""
    else:
        skills = inner("%s", w["skills"])  # every volunteer has all (no) skills required
        others = _others_sql(inner, mission, w, needed, VOLUNTEER_COLUMNS, accepted_here)
        active = inner("%s", True)
        top = f"""
            SELECT v.id AS vid, {skills} + {others} AS score
              FROM {volunteers} v
             WHERE v.is_active = {active} AND v.consent_at IS NOT NULL
             ORDER BY score DESC, v.id
             LIMIT {inner("%s", limit)}"""

    # For the top volunteers only: the skills they hold, the parts of their score
    # (for the explanation, from the same SQL) and whether they applied here.
    # Written in text order.
    outer = _Sql(conn.vendor)
    if required:
        bits = outer.case("h.tag_id", [(s.pk, 1 << i) for i, s in enumerate(required[:MASK_BITS])], 0)
        tags = ", ".join(outer("%s", s.pk) for s in required[:MASK_BITS])
        mask = f"(SELECT SUM({bits}) FROM {vs} h WHERE h.content_object_id = t.vid AND h.tag_id IN ({tags}))"
    else:
        mask = "0"
    columns = _volunteer_columns(conn.vendor)[0]
    fits = _fits_sql(outer, mission, needed, VOLUNTEER_COLUMNS, accepted_here)
    here = outer("%s", mission.pk)
    query = f"""
        SELECT {columns}, t.score AS match_score, {mask} AS match_mask, {fits},
               (SELECT a.status FROM {app} a
                 WHERE a.mission_id = {here} AND a.volunteer_id = t.vid) AS match_applied
          FROM ({top}) t JOIN {volunteers} v ON v.{conn.ops.quote_name(Volunteer._meta.pk.column)} = t.vid
         ORDER BY t.score DESC, t.vid"""
    with conn.cursor() as cursor:
        cursor.execute(query, outer.params + inner.params)
        rows = cursor.fetchall()
    return _volunteers(
        conn,
        rows,
        ("match_score", "match_mask", "match_format", "match_place", "match_availability",
         "match_busy", "match_applied"),
    )


# Not shown next to a match: left deferred (loaded on access, as with ``defer()``).
DEFERRED_VOLUNTEER_FIELDS = {"bio", "profile_url", "consent_version", "created_at", "updated_at"}


@functools.cache
def _volunteer_columns(vendor):
    """The volunteer columns to select, their attribute names, and their ``Col``s."""
    quote_name = connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = [f for f in Volunteer._meta.concrete_fields if f.attname not in DEFERRED_VOLUNTEER_FIELDS]
    return (
        ", ".join(f"v.{quote_name(f.column)}" for f in fields),
        [f.attname for f in fields],
        [f.get_col(Volunteer._meta.db_table) for f in fields],
    )


def _volunteers(conn, rows, extra):
    """Volunteers from rows of their columns followed by ``extra`` ones, converted as
    the ORM would (``RawQuerySet`` would cost a third of the ranking's Python time)."""
    _sql, names, cols = _volunteer_columns(conn.vendor)
    converters = [
        (i, converter, col)
        for i, col in enumerate(cols)
        for converter in conn.ops.get_db_converters(col) + col.target.get_db_converters(conn)
    ]
    volunteers = []
    for row in rows:
        values = list(row[: len(names)])
        for i, converter, col in converters:
            values[i] = converter(values[i], col, conn)
        volunteer = Volunteer.from_db(conn.alias, names, values)
        for name, value in zip(extra, row[len(names):]):
            setattr(volunteer, name, value)
        volunteers.append(volunteer)
    return volunteers


def rank_volunteers(mission, limit=20):
    """The ``limit`` volunteers who fit ``mission`` best, best first.

    Two queries at most, whatever the number of volunteers: the mission's skills with
    their rarity (cached), and one query that scores every holder of a required skill
    from the through rows' covering index and returns only the top volunteers, with
    the parts of their score that the explanation then puts in words.
    """
    w = weights()
    required, n = _required_skills(mission)
    needed = hours_needed_per_month(mission)
    volunteers, masks = [], {}
    for volunteer in _ranked_volunteers(mission, required, w, needed, limit):
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
    texts = _Texts()
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
                reasons=_reasons(mission, volunteer, matched_skills, required, n, components, needed, texts),
                applied=volunteer.match_applied or "",
                components=components,
            )
        )
    return matches


class _Texts:
    """Translations looked up once per ranking rather than once per volunteer
    (Django's gettext walks the catalogue of every installed app)."""

    def __init__(self):
        self._seen = {}

    def gettext(self, message):
        if message not in self._seen:
            self._seen[message] = gettext(message)
        return self._seen[message]

    def ngettext(self, singular, plural, count):
        key = (singular, plural, count)
        if key not in self._seen:
            self._seen[key] = ngettext(singular, plural, count)
        return self._seen[key]


def _reasons(mission, volunteer, matched, skills, n, components, needed, texts=None):
    # The usual names, so makemessages still finds the strings.
    texts = texts or _Texts()
    _, ngettext = texts.gettext, texts.ngettext
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
            reasons.append(_("rare skill: %(skill)s") % {"skill": rare[0].label})
    # The place is said with the format that applies, never against it: someone far
    # away is not "on site OK"; on a mission that can be done remotely, they would work
    # remotely.
    placed = mission.format != WorkFormat.REMOTE and volunteer.format != WorkFormat.REMOTE
    far = placed and components["place"] <= 0 and bool(mission.postcode or mission.place)
    place = {"place": (mission.place or "").strip() or mission.postcode}
    if far and mission.format == WorkFormat.BOTH and volunteer.format == WorkFormat.BOTH:
        reasons += [_("remote OK"), _("lives far from %(place)s") % place]
    elif far:
        reasons.append(_("on site, but lives far from %(place)s") % place)
    else:
        reasons.append(_format_reason(mission.format, volunteer.format, components["format"], texts))
        if placed and components["place"] >= 1 and (mission.postcode or mission.place):
            reasons.append(_("nearby (%(city)s)") % {"city": " ".join((volunteer.city or "").split()) or volunteer.postcode})
        elif placed and components["place"] > 0:
            reasons.append(_("same département (%(dept)s)") % {"dept": department(volunteer.postcode)})
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


def _format_reason(mission_format, volunteer_format, fit, texts):
    _ = texts.gettext
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
    for mission_id, tag_id in MissionSkill.objects.filter(
        content_object__in=[m.pk for m in missions]
    ).values_list("content_object_id", "tag_id"):
        requirements.setdefault(mission_id, set()).add(tag_id)
    wanted = set().union(*requirements.values()) if requirements else set()
    # The same frequencies as rank_volunteers: the matching copy's eligibility flag.
    skills = {
        s.pk: s
        for s in _frequency(Skill.objects.filter(pk__in=wanted))
    }
    n = eligible_count()
    own = {s.pk for s in volunteer.skills.all()}
    active = Application.objects.holding_places().filter(volunteer=volunteer).count()
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
