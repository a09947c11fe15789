"""Benchmarks that print JSON lines. They build their data in a throw-away database
(created next to the configured one, destroyed afterwards): never the user's data."""

import json
import os
import random
import statistics
import tempfile
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


@contextmanager
def throwaway_database():
    """Point the default connection at a new, empty, migrated database."""
    db = settings.DATABASES["default"]
    test = db.setdefault("TEST", {})
    saved = dict(test)
    if connection.vendor == "sqlite":
        test["NAME"] = os.path.join(tempfile.gettempdir(), f"skilldonation-bench-{os.getpid()}.sqlite3")
    else:
        test["NAME"] = f"skilldonation_bench_{os.getpid()}"
    old_name = db["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        test.clear()
        test.update(saved)


def median_ms(fn, repeat, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


class Command(BaseCommand):
    help = "Benchmarks of wagtail-skilldonation; each prints one JSON line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="bench", required=True)
        matching = sub.add_parser("matching", help="rank_volunteers against its floor and a naive loop")
        matching.add_argument("--volunteers", type=int, default=100_000)
        matching.add_argument("--skills", type=int, default=500)
        matching.add_argument("--per-volunteer", type=int, default=5)
        matching.add_argument("--required", type=int, default=5)
        matching.add_argument("--repeat", type=int, default=15)
        matching.add_argument("--naive-repeat", type=int, default=3)
        matching.add_argument("--seed", type=int, default=2026)
        certs = sub.add_parser("certificates", help="render_certificate_pdf against bare WeasyPrint")
        certs.add_argument("--count", type=int, default=200)

    def bench_certificates(self, count, **_):
        return bench_certificates_impl(count)

    def handle(self, *args, bench, **options):
        with throwaway_database():
            result = getattr(self, f"bench_{bench}")(**options)
        self.stdout.write(json.dumps(result))

    # Matching --------------------------------------------------------------------------

    def bench_matching(self, volunteers, skills, per_volunteer, required, repeat, naive_repeat, seed, **_):
        from wagtail_skilldonation.matching.engine import ELIGIBLE, forget_statistics, rank_volunteers
        from wagtail_skilldonation.models import VolunteerSkill

        rng = random.Random(seed)
        mission, required_ids = build_matching_data(rng, volunteers, skills, per_volunteer, required)

        def floor():
            return list(
                VolunteerSkill.objects.filter(tag_id__in=required_ids).values_list(
                    "content_object_id", "tag_id"
                )
            )

        def rank():
            return rank_volunteers(mission, limit=20)

        forget_statistics()  # the first call finds nothing cached, as after a restart
        reset_queries()  # building the data filled the query log CaptureQueriesContext reads
        with CaptureQueriesContext(connection) as cold:
            top = rank()
        with CaptureQueriesContext(connection) as warm:
            rank()
        naive_top = naive_rank(mission, ELIGIBLE)
        return {
            "bench": "matching",
            "db": connection.vendor,
            "volunteers": volunteers,
            "skills": skills,
            "per_volunteer": per_volunteer,
            "required": required,
            "rank_ms": median_ms(rank, repeat, warmup=2),
            "floor_ms": median_ms(floor, repeat, warmup=2),
            "naive_ms": median_ms(lambda: naive_rank(mission, ELIGIBLE), naive_repeat, warmup=0),
            "queries": len(warm.captured_queries),
            "queries_cold": len(cold.captured_queries),
            "floor_rows": len(floor()),
            "same_top": [m.volunteer.pk for m in top[:10]] == naive_top[:10],
        }


def bench_certificates_impl(count):
    import resource

    from weasyprint import CSS, HTML

    from wagtail_skilldonation import certificates

    items = build_certificate_data(count)
    certificates.render_certificate_pdf(items[0])  # fonts, stylesheet, templates: warm

    def rss_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # The same final HTML through WeasyPrint alone, with the same shared fonts;
    # the two are interleaved so neither gets the warmer caches.
    fonts = certificates.font_config()
    css = CSS(
        string=certificates.rendering._read_site_file(settings.STATIC_URL + certificates.rendering.STYLESHEET).decode(),
        font_config=fonts,
    )
    HTML(string=certificates.render_certificate_html(items[0])).write_pdf(
        stylesheets=[css], font_config=fonts
    )
    start_rss = rss_mb()
    app_times, bare_times = [], []
    for certificate in items:
        t0 = time.perf_counter()
        certificates.render_certificate_pdf(certificate)
        app_times.append((time.perf_counter() - t0) * 1000)
        html = certificates.render_certificate_html(certificate)
        t0 = time.perf_counter()
        HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)
        bare_times.append((time.perf_counter() - t0) * 1000)
    growth = rss_mb() - start_rss
    return {
        "bench": "certificates",
        "db": connection.vendor,
        "count": count,
        "ms_per_pdf": round(statistics.median(app_times), 2),
        "bare_ms_per_pdf": round(statistics.median(bare_times), 2),
        "rss_growth_mb": round(growth, 1),
    }


def build_certificate_data(count):
    from wagtail_skilldonation import certificates
    from wagtail_skilldonation.demo import build
    from wagtail_skilldonation.models import Application, MissionPage, Volunteer

    build()  # the demo's association, missions and skills
    mission = MissionPage.objects.get(slug="consultation-strategie-ong")
    mission.places_available = count + 10
    mission.save()
    skills = list(mission.skills.all())
    items = []
    for i in range(count):
        volunteer = Volunteer.objects.create(
            first_name="Bénévole", last_name=f"n°{i}", email=f"cert{i}@bench.example",
            consent_at=timezone.now(),
        )
        application = Application.objects.create(
            mission=mission, volunteer=volunteer, status="completed",
            hours_done=10 + i % 30, language="fr" if i % 3 else "en",
        )
        application.skills_offered.set(skills[: 1 + i % len(skills)])
        items.append(certificates.issue(application, notify=False))
    return items


def build_matching_data(rng, n_volunteers, n_skills, per_volunteer, n_required):
    from wagtail.models import Site

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
    batch = 5000
    for start in range(0, n_volunteers, batch):
        people = Volunteer.objects.bulk_create(
            [
                Volunteer(
                    first_name="V", last_name=str(i), email=f"v{i}@bench.example",
                    format=rng.choice(formats), availability_hours=rng.choice([2, 4, 8, 12, 20]),
                    postcode=f"{rng.randint(1, 95):02d}{rng.randint(0, 999):03d}",
                    consent_at=now, is_active=rng.random() > 0.05,
                )
                for i in range(start, min(start + batch, n_volunteers))
            ]
        )
        rows = []
        for person in people:
            own = set()
            while len(own) < per_volunteer:
                own.add(rng.choices(range(n_skills), weights=popularity)[0])
            columns = person.matching_columns()  # what Volunteer.save would copy
            rows.extend(
                VolunteerSkill(content_object_id=person.pk, tag_id=skills[i].pk, **columns)
                for i in own
            )
        VolunteerSkill.objects.bulk_create(rows, batch_size=10000)

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=MissionIndexPage(title="Bench", slug="bench-missions"))
    required = rng.sample(skills, n_required)
    mission = MissionPage(title="Bench mission", slug="bench-mission", format=WorkFormat.ON_SITE,
                          postcode="75011", place="Paris", estimated_hours=20)
    mission.skills.add(*required)
    index.add_child(instance=mission)
    # Other running missions where some volunteers already hold a place.
    others = []
    for i in range(10):
        other = MissionPage(title=f"Other {i}", slug=f"other-{i}", places_available=1000)
        index.add_child(instance=other)
        others.append(other)
    ids = list(Volunteer.objects.values_list("pk", flat=True))
    Application.objects.bulk_create(
        [
            Application(mission=rng.choice(others), volunteer_id=pk, status="accepted")
            for pk in rng.sample(ids, min(len(ids), n_volunteers // 20))
        ],
        ignore_conflicts=True,
    )
    # A running database has statistics (and, on PostgreSQL, a visibility map for
    # index-only scans); a freshly loaded one gets them now.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return MissionPage.objects.get(pk=mission.pk), [s.pk for s in required]


def naive_rank(mission, eligible_q):
    """What one would write first: load everyone with their skills, score in Python."""
    from collections import Counter

    from wagtail_skilldonation.matching import engine as matching
    from wagtail_skilldonation.models import Application, Volunteer

    w = matching.weights()
    required = {s.pk: s for s in mission.skills.all()}
    people = list(Volunteer.objects.filter(eligible_q).prefetch_related("skills"))
    df = Counter(s.pk for v in people for s in v.skills.all() if s.pk in required)
    weights = {pk: matching.idf(df[pk], len(people)) for pk in required}
    total = sum(weights.values())
    busy = Counter(
        Application.objects.holding_places().exclude(mission=mission).values_list("volunteer_id", flat=True)
    )
    needed = matching.hours_needed_per_month(mission)
    scored = []
    for v in people:
        own = {s.pk for s in v.skills.all()} & set(required)
        if required and not own:
            continue
        score = (
            w["skills"] * (sum(weights[pk] for pk in own) / total if total else 1)
            + w["format"] * matching.format_fit(mission.format, v.format)
            + w["place"] * matching.place_fit(mission, v.format, v.postcode, v.city)
            + w["availability"] * matching.availability_fit(v.availability_hours, needed)
            - matching.busy_penalty(busy[v.pk], w)
        )
        scored.append((-max(0.0, min(1.0, score)), v.pk))
    scored.sort()
    return [pk for _, pk in scored]
