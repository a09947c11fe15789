"""rank_volunteers against its SQL floor and an independent oracle."""

import time
import uuid

from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from . import interleaved


def bench_one_mission(mission, kind, n_volunteers, repeat):
    from wagtail_skilldonation.matching.engine import rank_volunteers
    from wagtail_skilldonation.models import Volunteer

    required = list(mission.skills.all())
    required_ids = [skill.pk for skill in required]

    def nothing():
        pass

    def someone_applies():
        """What a public application from a new address does to the statistics."""
        person = Volunteer.objects.create(
            first_name="New",
            last_name="Comer",
            email=f"{uuid.uuid4().hex}@bench.example",
            consent_at=timezone.now(),
            postcode="75011",
            city="Paris",
        )
        person.skills.add(*required[:2])

    def rank():
        return rank_volunteers(mission, limit=20)

    times = interleaved(
        {
            "floor": (nothing, lambda: floor_top(required_ids)),
            "warm": (nothing, rank),
            # Right after a new volunteer applied: rarity counts moved by one step.
            "after_application": (someone_applies, rank),
            # As a new process or a restart finds it: nothing cached (the rarity counts
            # are read from the database, not counted again).
            "cold": (cache.clear, rank),
        },
        repeat,
    )
    cache.clear()
    reset_queries()  # building the data filled the query log CaptureQueriesContext reads
    with CaptureQueriesContext(connection) as cold:
        top = rank()
    with CaptureQueriesContext(connection) as warm:
        rank()
    start = time.perf_counter()
    expected = oracle_scores(mission)
    oracle_ms = (time.perf_counter() - start) * 1000
    best = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:10]
    return {
        "bench": "matching",
        "mission": kind,
        "db": connection.vendor,
        "volunteers": n_volunteers,
        "required": len(required_ids),
        "warm_ms": times["warm"],
        "after_application_ms": times["after_application"],
        "cold_ms": times["cold"],
        "floor_ms": times["floor"],
        "warm_ratio": round(times["warm"]["median"] / times["floor"]["median"], 2),
        "after_application_ratio": round(times["after_application"]["median"] / times["floor"]["median"], 2),
        "cold_ratio": round(times["cold"]["median"] / times["floor"]["median"], 2),
        "queries": len(warm.captured_queries),
        "queries_cold": len(cold.captured_queries),
        "oracle_ms": round(oracle_ms, 1),
        # The same ten, with the same scores, in the same order of score.
        "same_top": len(top[:10]) == len(best)
        and all(
            abs(match.raw_score - expected.get(match.volunteer.pk, -9)) < 1e-9 and abs(match.raw_score - score) < 1e-9
            for match, (_pk, score) in zip(top[:10], best, strict=False)
        ),
        # Busy volunteers are really busy: their copy says so (built by the rebuild).
        "busy_volunteers": Volunteer.objects.filter(active_missions__gt=0).count(),
    }


def floor_top(required_ids):
    """What any ranking must at least do, in SQL: read the index rows of the required
    skills (or, without skills, every eligible volunteer), group them by volunteer and
    keep the top 20 of a trivial score."""
    from django.db.models import Count

    from wagtail_skilldonation.models import Volunteer, VolunteerSkill

    if not required_ids:
        return list(
            Volunteer.objects.filter(is_active=True, consent_at__isnull=False)
            .order_by("-availability_hours", "pk")
            .values_list("pk", "availability_hours")[:20]
        )
    return list(
        VolunteerSkill.objects.filter(tag_id__in=required_ids, eligible=True)
        .values("content_object_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "content_object_id")
        .values_list("content_object_id", "n")[:20]
    )


def oracle_scores(mission):
    """Every candidate's score from the README's formula, computed here from the
    volunteers, their skills and applications as stored, with none of the app's
    matching code: 0.6 × skills (rarer ones weigh ln((n+1)/(holders+1)) + 1) +
    0.15 × format + 0.1 × place + 0.15 × availability − 0.05 per mission held
    elsewhere (at most 0.15)."""
    import math
    from collections import Counter, defaultdict

    from wagtail_skilldonation.models import Application, Volunteer, VolunteerSkill

    people = {
        row["pk"]: row
        for row in Volunteer.objects.filter(is_active=True, consent_at__isnull=False).values(
            "pk", "format", "postcode", "city", "availability_hours"
        )
    }
    required = set(mission.skills.values_list("pk", flat=True))
    held = defaultdict(set)
    for pk, tag in VolunteerSkill.objects.filter(tag_id__in=required).values_list("content_object_id", "tag_id"):
        if pk in people:
            held[pk].add(tag)
    n = len(people)
    holders = Counter(tag for tags in held.values() for tag in tags)
    rarity = {tag: math.log((n + 1) / (holders[tag] + 1)) + 1 for tag in required}
    busy = Counter(
        Application.objects.filter(status="accepted", mission__status__in=["open", "full"])
        .exclude(mission_id=mission.pk)
        .values_list("volunteer_id", flat=True)
    )

    def dept(code):
        code = (code or "").strip()
        return code[:3] if code[:2] in ("97", "98") else code[:2]

    def town(name):
        return " ".join((name or "").split()).casefold()

    here, place_name = (mission.postcode or "").strip(), town(mission.place)
    months = 1
    if mission.start_date and mission.end_date:
        months = max(1, round((mission.end_date - mission.start_date).days / 30))
    needed = max(1, math.ceil(mission.estimated_hours / months))
    scores = {}
    for pk, v in people.items():
        if required and not held[pk]:
            continue
        skills = sum(rarity[t] for t in held[pk]) / sum(rarity.values()) if required else 1.0
        m, f = mission.format, v["format"]
        fmt = 1.0 if "both" in (m, f) or m == f else (0.5 if m == "remote" else 0.0)
        postcode = (v["postcode"] or "").strip()
        if m == "remote" or (m == "both" and f == "remote") or not (here or place_name):
            place = 1.0
        elif (here and postcode == here) or (place_name and town(v["city"]) == place_name):
            place = 1.0
        elif here and postcode and dept(postcode) == dept(here):
            place = 0.7
        else:
            place = 0.0
        availability = min(1.0, v["availability_hours"] / needed)
        scores[pk] = 0.6 * skills + 0.15 * fmt + 0.1 * place + 0.15 * availability - min(0.05 * busy[pk], 0.15)
    return scores


def build_matching_data(rng, n_volunteers, n_skills, per_volunteer, n_required):
    """Volunteers, skills and applications written in bulk, then the matching copy
    built by ``matching.copy.rebuild`` — the path production's imports must take.
    Returns a mission with required skills and one without."""
    from wagtail.models import Site

    from wagtail_skilldonation.matching.copy import drift, rebuild
    from wagtail_skilldonation.models import (
        Application,
        MissionIndexPage,
        MissionPage,
        Skill,
        SkillCategory,
        Volunteer,
        VolunteerSkill,
        WorkFormat,
    )

    categories = [c for c in SkillCategory.values]
    skills = Skill.objects.bulk_create(
        [Skill(name=f"Skill {i:04d}", slug=f"skill-{i:04d}", category=categories[i % 5]) for i in range(n_skills)]
    )
    # Some skills are common, most are rare (Zipf-like), as in real vocabularies.
    popularity = [1 / (rank + 1) ** 0.7 for rank in range(n_skills)]
    now = timezone.now()
    formats = WorkFormat.values
    towns = ["Paris", "PARIS", "Lyon", "Évry", "Marseille", ""]
    batch = 5000
    for start in range(0, n_volunteers, batch):
        people = Volunteer.objects.bulk_create(
            [
                Volunteer(
                    first_name="V",
                    last_name=str(i),
                    email=f"v{i}@bench.example",
                    format=rng.choice(formats),
                    availability_hours=rng.choice([2, 4, 8, 12, 20]),
                    postcode=f"{rng.randint(1, 95):02d}{rng.randint(0, 999):03d}",
                    city=rng.choice(towns),
                    consent_at=now,
                    is_active=rng.random() > 0.05,
                )
                for i in range(start, min(start + batch, n_volunteers))
            ]
        )
        rows = []
        for person in people:
            own = set()
            while len(own) < per_volunteer:
                own.add(rng.choices(range(n_skills), weights=popularity)[0])
            rows.extend(VolunteerSkill(content_object_id=person.pk, tag_id=skills[i].pk) for i in own)
        VolunteerSkill.objects.bulk_create(rows, batch_size=10000)

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=MissionIndexPage(title="Bench", slug="bench-missions"))
    required = rng.sample(skills, n_required)
    mission = MissionPage(
        title="Bench mission",
        slug="bench-mission",
        format=WorkFormat.ON_SITE,
        postcode="75011",
        place="Paris",
        estimated_hours=20,
    )
    mission.skills.add(*required)
    index.add_child(instance=mission)
    bare = MissionPage(
        title="Bench mission without skills",
        slug="bench-bare",
        format=WorkFormat.ON_SITE,
        postcode="91000",
        place="Évry",
        estimated_hours=20,
    )
    index.add_child(instance=bare)
    # Other running missions where some volunteers already hold one place or more.
    others = []
    for i in range(10):
        other = MissionPage(title=f"Other {i}", slug=f"other-{i}", places_available=30_000)
        index.add_child(instance=other)
        others.append(other)
    ids = list(Volunteer.objects.values_list("pk", flat=True))
    busy = rng.sample(ids, min(len(ids), n_volunteers // 10))
    Application.objects.bulk_create(
        [
            Application(mission=other, volunteer_id=pk, status="accepted")
            for pk in busy
            for other in rng.sample(others, rng.choice([1, 1, 2, 3]))
        ],
        ignore_conflicts=True,
    )
    rebuild()
    assert drift() == {"volunteers": 0, "skill_rows": 0, "rarity_counts": 0}
    # A running database has statistics (and, on PostgreSQL, a visibility map for
    # index-only scans); a freshly loaded one gets them now.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "skills": MissionPage.objects.get(pk=mission.pk),
        "no_skills": MissionPage.objects.get(pk=bare.pk),
    }
