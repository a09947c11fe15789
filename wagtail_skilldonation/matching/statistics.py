"""Skill rarity among eligible volunteers, kept in the cache and followed step by step
(``matching.signal_handlers`` connects the receivers below)."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q

from ..models import Application, ApplicationStatus, Skill, Volunteer, VolunteerSkill
from .scoring import ELIGIBLE, idf

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
    """Start a new generation (connected to changes of skills, see signal_handlers): now,
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
    instance._was_eligible = bool(instance.pk and Volunteer.objects.filter(ELIGIBLE, pk=instance.pk).exists())


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


def frequency(skills):
    return skills.annotate(df=Count("volunteer_items", filter=Q(volunteer_items__eligible=True)))


def required_skills(mission):
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
        skills = list(frequency(Skill.objects.filter(mission_items__content_object_id=mission.pk)).order_by("name"))
        counts = {skill.pk: skill.df for skill in skills}
        cache.set(key, skills, STATISTICS_TTL)
        cache.set_many({_holders_key(pk): df for pk, df in counts.items()}, STATISTICS_TTL)
    if n is None:
        n = eligible_count()
    for skill in skills:
        skill.df = counts[skill.pk]
        skill.weight = idf(skill.df, n)
    return skills, n
