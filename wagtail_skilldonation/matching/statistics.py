"""Skill rarity among eligible volunteers: exact counts kept in the database
(``RarityCount``), with the cache in front (``matching.signal_handlers`` connects the
receivers below)."""

import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Sum

from ..models import Application, ApplicationStatus, MissionSkill, RarityCount, Skill, Volunteer, VolunteerSkill
from .scoring import ELIGIBLE, idf

# Per skill, how many eligible volunteers hold it, and how many are eligible at all.
# The truth is in the database: each change of a volunteer or of their skills adds a
# ``RarityCount`` row (+1 or -1) in the transaction that makes the change, so a
# rolled-back change takes its step with it and a restart or a new process reads the
# counts in one query instead of counting. The cache keeps them (and each mission's
# skills) for the next ranking and follows the same steps (``incr``); renaming skills,
# ``forget_statistics`` and the copy's rebuild start a new cache generation.
CACHE_PREFIX = "wagtail_skilldonation:matching"
GENERATION_KEY = f"{CACHE_PREFIX}:generation"
STATISTICS_TTL = 300
FOLD_AT = 5000  # rows beyond one a key: ``fold`` sums them up (skilldonation_alerts)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def forget_statistics(**kwargs):
    """Start a new generation (connected to changes of skills, see signal_handlers): now,
    and once committed, so that no other process caches what is being changed."""
    _drop_generation()
    transaction.on_commit(_drop_generation)


def _drop_generation():
    cache.delete(GENERATION_KEY)


def _key(name, generation=None):
    """A key of the current generation (read from the cache unless given: a ranking
    reads it once, not once per key)."""
    return f"{CACHE_PREFIX}:{generation or _generation()}:{name}"


def _mission_statistics_key(mission_pk, generation=None):
    return _key(f"mission:{mission_pk}", generation)


def _holders_key(skill_pk, generation=None):
    return _key(f"holders:{skill_pk}", generation)


def _step(deltas):
    """Record ``{key: delta}`` (``RarityCount.ELIGIBLE`` or a skill's pk) in the
    database, in the caller's transaction, and in the cached counts."""
    deltas = {key: delta for key, delta in deltas.items() if delta}
    if not deltas:
        return
    RarityCount.objects.bulk_create([RarityCount(key=key, delta=delta) for key, delta in deltas.items()])
    for key, delta in deltas.items():
        name = _key("eligible") if key == RarityCount.ELIGIBLE else _holders_key(key)
        try:
            cache.incr(name, delta)
        except ValueError:  # not cached: read from the database when next needed
            pass


def mission_skills_changed(instance, **kwargs):
    cache.delete(_mission_statistics_key(instance.content_object_id))


def mission_saved(instance, **kwargs):
    """Its skills or status may have changed: drop its statistics, recount the
    active missions of the volunteers accepted on it."""
    cache.delete(_mission_statistics_key(instance.pk))
    accepted = list(
        Application.objects.filter(mission_id=instance.pk, status=ApplicationStatus.ACCEPTED).values_list(
            "volunteer_id", flat=True
        )
    )
    if accepted:  # most saves of a mission (drafts, new missions) have nobody to recount
        VolunteerSkill.refresh_active_missions(accepted)


def application_changed(instance, created=False, **kwargs):
    if created and instance.status != ApplicationStatus.ACCEPTED:
        return  # a new application holds no place: nobody's active missions move
    VolunteerSkill.refresh_active_missions([instance.volunteer_id])


def _is_eligible(volunteer):
    return bool(volunteer.is_active and volunteer.consent_at and not volunteer.unavailable_until)


def volunteer_saving(instance, **kwargs):
    """Note whether the volunteer counted before this save (see ``volunteer_saved``).
    ``Volunteer.save`` is atomic: the row stays locked until it commits, so two saves
    of one volunteer at once never both count the same change."""
    if not instance.pk:
        instance._was_eligible = False
        return
    instance._was_eligible = Volunteer.objects.select_for_update().filter(ELIGIBLE, pk=instance.pk).exists()


def volunteer_saved(instance, **kwargs):
    if getattr(instance, "_skills_follow", False):
        return  # created with its skills: counted at once by ``skills_given``
    was, now = getattr(instance, "_was_eligible", False), _is_eligible(instance)
    if was == now:
        return
    delta = 1 if now else -1
    created = kwargs.get("created")  # a new volunteer has no skill rows yet
    tags = (
        [] if created else VolunteerSkill.objects.filter(content_object_id=instance.pk).values_list("tag_id", flat=True)
    )
    _step({RarityCount.ELIGIBLE: delta, **{tag_id: delta for tag_id in tags}})


def volunteer_deleted(instance, **kwargs):
    if _is_eligible(instance):  # their skill rows go too, each counted down
        _step({RarityCount.ELIGIBLE: -1})


def volunteer_skill_changed(instance, created=None, **kwargs):
    """A skill added to (``created``) or removed from (no ``created``) a volunteer."""
    if created is False or not instance.eligible:
        return
    _step({instance.tag_id: 1 if created else -1})


def skills_given(instance, tags, created=False, **kwargs):
    """A new volunteer's first skills, written at once (``Volunteer.add_with_skills``):
    the volunteer and their skills in one step."""
    if _is_eligible(instance):
        _step({**dict.fromkeys(tags, 1), **({RarityCount.ELIGIBLE: 1} if created else {})})


def stored_counts(keys):
    """``{key: count}`` from the database, one query (a key without rows counts 0)."""
    rows = RarityCount.objects.filter(key__in=list(keys)).values("key").annotate(n=Sum("delta")).order_by()
    found = {row["key"]: row["n"] for row in rows}
    return {key: found.get(key, 0) for key in keys}


def true_counts():
    """What the counts should be, counted from the matching's copy (slow: the drift
    check and ``recount`` only)."""
    held = VolunteerSkill.objects.filter(eligible=True).values_list("tag_id").annotate(n=Count("pk")).order_by()
    return {RarityCount.ELIGIBLE: Volunteer.objects.filter(ELIGIBLE).count(), **dict(held)}


def _lock():
    """Inside a transaction: no step is recorded until it commits (PostgreSQL; on
    SQLite the first write below takes the database's one write lock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {RarityCount._meta.db_table} IN EXCLUSIVE MODE")


def recount():
    """Replace the counts with ones counted again (after a bulk change that bypassed
    the steps: ``matching.copy.rebuild``)."""
    with transaction.atomic():
        _lock()
        RarityCount.objects.all().delete()
        counts = true_counts()
        RarityCount.objects.bulk_create(
            [RarityCount(key=key, delta=n) for key, n in counts.items() if n], batch_size=1000
        )
    forget_statistics()


def fold(at=FOLD_AT):
    """Sum the rows of each key that has more than ``at`` of them into one. Under the
    lock nothing is added meanwhile (on SQLite a write in between fails this
    transaction), so the rows summed are exactly the rows deleted. Returns how many
    rows went."""
    with transaction.atomic():
        _lock()
        crowded = list(
            RarityCount.objects.values("key")
            .annotate(rows=Count("pk"))
            .filter(rows__gt=at)
            .values_list("key", flat=True)
        )
        gone = 0
        for key in crowded:
            rows = RarityCount.objects.filter(key=key).aggregate(total=Sum("delta"), last=Max("pk"), n=Count("pk"))
            RarityCount.objects.filter(key=key, pk__lte=rows["last"]).delete()
            RarityCount.objects.create(key=key, delta=rows["total"])
            gone += rows["n"] - 1
    return gone


def stored_drift():
    """How many counts disagree with a count from the copy (0 when all is well)."""
    truth = true_counts()
    stored = {row["key"]: row["n"] for row in RarityCount.objects.values("key").annotate(n=Sum("delta")).order_by()}
    return sum(1 for key in set(truth) | set(stored) if truth.get(key, 0) != stored.get(key, 0))


def _skills_with_counts(mission_pk):
    """The mission's skills, each with ``_df`` and ``_n`` (its stored count and the
    eligible volunteers'), in one query; raw SQL: built per call by the ORM, the
    correlated subqueries cost more than the query itself."""
    skill, item, count = (m._meta.db_table for m in (Skill, MissionSkill, RarityCount))
    columns = ", ".join(f"s.{connection.ops.quote_name(f.column)}" for f in Skill._meta.concrete_fields)
    total = f"(SELECT COALESCE(SUM(c.delta), 0) FROM {count} c WHERE c.{connection.ops.quote_name('key')} = %s)"
    sql = (
        f"SELECT {columns}, {total.replace('%s', 's.id')} AS _df, {total} AS _n FROM {skill} s "
        f"INNER JOIN {item} i ON i.tag_id = s.id WHERE i.content_object_id = %s ORDER BY s.name"
    )
    return list(Skill.objects.raw(sql, [RarityCount.ELIGIBLE, mission_pk]))


def with_holders(skills, generation=None):
    """``skills`` (a list) each with ``df``, and ``n``: from the cache, else one query."""
    generation = generation or _generation()
    eligible = _key("eligible", generation)
    names = {_holders_key(skill.pk, generation): skill for skill in skills}
    found = cache.get_many([*names, eligible])
    missing = [skill.pk for name, skill in names.items() if name not in found]
    if missing or eligible not in found:
        counts = stored_counts([RarityCount.ELIGIBLE, *missing])
        found[eligible] = counts.pop(RarityCount.ELIGIBLE)
        fresh = {_holders_key(pk, generation): n for pk, n in counts.items()}
        found.update(fresh)
        cache.set_many({**fresh, eligible: found[eligible]}, STATISTICS_TTL)
    for name, skill in names.items():
        skill.df = found[name]
    return skills, found[eligible]


def eligible_count():
    """The number of eligible volunteers, from the same counts as the rarity weights."""
    return with_holders([])[1]


def required_skills(mission):
    """The mission's skills, each with ``df`` (how many eligible volunteers hold it)
    and ``weight``; and ``n``, the number of eligible volunteers. Cached; when not
    (a new process, a restart), one query reads the skills with their stored counts:
    nothing is counted."""
    generation = _generation()
    key = _mission_statistics_key(mission.pk, generation)
    skills = cache.get(key)
    if skills is None:
        skills = _skills_with_counts(mission.pk)
        if skills:  # the counts came with them: cached beside them, as ``with_holders`` does
            counts = {_holders_key(skill.pk, generation): skill._df for skill in skills}
            cache.set_many({**counts, _key("eligible", generation): skills[0]._n}, STATISTICS_TTL)
            for skill in skills:
                del skill._df, skill._n
        cache.set(key, skills, STATISTICS_TTL)
    skills, n = with_holders(skills, generation)  # from the cache, else one query
    for skill in skills:
        skill.weight = idf(skill.df, n)
    return skills, n
