"""The ranking's one query: every holder of a required skill scored from the through
rows' copied columns, in plain SQL that SQLite and PostgreSQL both speak."""

import functools
import math

from django.db import DEFAULT_DB_ALIAS, connections

from ..models import Application, Volunteer, VolunteerSkill, WorkFormat
from ..models.places import department, normalise_city
from .scoring import MASK_BITS, format_fit


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
    "id": "vs.content_object_id",
    "format": "vs.format",
    "postcode": "vs.postcode",
    "department": "vs.department",
    "city": "vs.city",
    "availability": "vs.availability_hours",
    "active": "vs.active_missions",
}
VOLUNTEER_COLUMNS = {  # the volunteer row's own copy (``match_*``, ``active_missions``)
    "id": "v.id",
    "format": "v.format",
    "postcode": "v.postcode",
    "department": "v.match_department",
    "city": "v.match_city",
    "availability": "v.availability_hours",
    "active": "v.active_missions",
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
        place += sql(
            f" WHEN {c['department']} = %s THEN CASE WHEN {c['postcode']} = %s", department(postcode), postcode
        )
        if city:
            place += sql(f" OR {c['city']} = %s", city)
        place += sql(" THEN %s ELSE %s END", weight, weight * 0.7)
    if city:
        place += sql(f" WHEN {c['city']} = %s THEN %s", city, weight)
    return place + " ELSE 0.0 END"


def _availability_sql(sql, c, needed, weight):
    return sql(
        f"CASE WHEN {c['availability']} >= %s THEN %s ELSE {c['availability']} * %s END",
        needed,
        weight,
        weight / needed,
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
        f"CASE WHEN {c['active']} = 0 THEN 0 ELSE {c['active']} - CASE WHEN {c['id']} IN {here} THEN 1 ELSE 0 END END"
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


def ranked_volunteers(mission, required, w, needed, limit):
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
        (
            "match_score",
            "match_mask",
            "match_format",
            "match_place",
            "match_availability",
            "match_busy",
            "match_applied",
        ),
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
        for name, value in zip(extra, row[len(names) :], strict=False):
            setattr(volunteer, name, value)
        volunteers.append(volunteer)
    return volunteers
