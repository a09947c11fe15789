"""Benchmarks that print JSON lines. They build their data in a throw-away database
(created next to the configured one, destroyed afterwards): never the user's data."""

import datetime
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail_skilldonation.conf import get_setting


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


class Command(BaseCommand):
    help = "Benchmarks of wagtail-skilldonation; each prints one JSON line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="bench", required=True)
        matching = sub.add_parser("matching", help="rank_volunteers against its floor and an independent oracle")
        matching.add_argument("--volunteers", type=int, default=100_000)
        matching.add_argument("--skills", type=int, default=500)
        matching.add_argument("--per-volunteer", type=int, default=5)
        matching.add_argument("--required", type=int, default=5)
        matching.add_argument("--repeat", type=int, default=15)
        matching.add_argument("--seed", type=int, default=2026)
        certs = sub.add_parser("certificates", help="render_certificate_pdf against bare WeasyPrint")
        certs.add_argument("--count", type=int, default=200)
        pages = sub.add_parser("pages", help="public pages against the site's home page, interleaved")
        pages.add_argument("--missions", type=int, default=1000)
        pages.add_argument("--repeat", type=int, default=15)
        load = sub.add_parser("load", help="gunicorn + the task worker under concurrent clients, then the records checked")
        load.add_argument("--seconds", type=float, default=30, help="per page, for the GET phase")
        load.add_argument("--clients", type=int, default=16)
        load.add_argument("--post-clients", type=int, default=50)
        load.add_argument("--applicants", type=int, default=200, help="distinct people applying")
        load.add_argument("--repeated", type=int, default=50, help="applying again with a known address")
        load.add_argument("--places", type=int, default=10)
        load.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)

    def bench_pages(self, missions, repeat, **_):
        return bench_pages_impl(missions, repeat)

    def bench_load(self, **options):
        lines = bench_load_impl(**{k: options[k] for k in (
            "seconds", "clients", "post_clients", "applicants", "repeated", "places", "workers")})
        failed = [key for key, value in lines[-1]["checks"].items() if not value]
        if failed:
            for line in lines:
                self.stdout.write(json.dumps(line))
            raise CommandError(f"load: records do not hold: {', '.join(failed)}")
        return lines

    def bench_certificates(self, count, **_):
        return bench_certificates_impl(count)

    def handle(self, *args, bench, **options):
        with throwaway_database():
            result = getattr(self, f"bench_{bench}")(**options)
        for line in result if isinstance(result, list) else [result]:
            self.stdout.write(json.dumps(line))

    # Matching --------------------------------------------------------------------------

    def bench_matching(self, volunteers, skills, per_volunteer, required, repeat, seed, **_):
        rng = random.Random(seed)
        missions = build_matching_data(rng, volunteers, skills, per_volunteer, required)
        return [
            bench_one_mission(mission, kind, volunteers, repeat)
            for kind, mission in missions.items()
        ]


def spread(times):
    return {
        "median": round(statistics.median(times), 2),
        "min": round(min(times), 2),
        "max": round(max(times), 2),
    }


def interleaved(runs, repeat):
    """Time each ``(setup, fn)`` of ``runs`` ``repeat`` times, taking turns (in a
    rotating order) so that the machine's ups and downs fall on all of them alike.
    ``setup`` runs before the clock starts."""
    times = {name: [] for name in runs}
    names = list(runs)
    for name in names:  # warm: templates, statements, OS caches
        setup, fn = runs[name]
        setup()
        fn()
    for i in range(repeat):
        for name in names[i % len(names):] + names[: i % len(names)]:
            setup, fn = runs[name]
            setup()
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: spread(values) for name, values in times.items()}


def bench_one_mission(mission, kind, n_volunteers, repeat):
    from wagtail_skilldonation.matching.engine import forget_statistics, rank_volunteers
    from wagtail_skilldonation.models import Volunteer

    required = list(mission.skills.all())
    required_ids = [skill.pk for skill in required]

    def nothing():
        pass

    def someone_applies():
        """What a public application from a new address does to the statistics."""
        person = Volunteer.objects.create(
            first_name="New", last_name="Comer", email=f"{uuid.uuid4().hex}@bench.example",
            consent_at=timezone.now(), postcode="75011", city="Paris",
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
            # As after a restart (or a change of skills): rarity counted again.
            "cold": (forget_statistics, rank),
        },
        repeat,
    )
    forget_statistics()
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
        "same_top": len(top[:10]) == len(best) and all(
            abs(match.raw_score - expected.get(match.volunteer.pk, -9)) < 1e-9
            and abs(match.raw_score - score) < 1e-9
            for match, (_pk, score) in zip(top[:10], best)
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
        scores[pk] = (
            0.6 * skills + 0.15 * fmt + 0.1 * place + 0.15 * availability - min(0.05 * busy[pk], 0.15)
        )
    return scores


def bench_certificates_impl(count):
    import resource

    from weasyprint import CSS, HTML

    from wagtail_skilldonation import certificates
    from wagtail_skilldonation.certificates.files import stored_pdf

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
    app_times, bare_times, stored_times = [], [], []
    for certificate in items:
        t0 = time.perf_counter()
        certificates.render_certificate_pdf(certificate)
        app_times.append((time.perf_counter() - t0) * 1000)
        html = certificates.render_certificate_html(certificate)
        t0 = time.perf_counter()
        HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)
        bare_times.append((time.perf_counter() - t0) * 1000)
        # What a download costs now: the file kept at issue, read from storage.
        t0 = time.perf_counter()
        stored_pdf(certificate)
        stored_times.append((time.perf_counter() - t0) * 1000)
    growth = rss_mb() - start_rss
    return {
        "bench": "certificates",
        "db": connection.vendor,
        "count": count,
        "ms_per_pdf": round(statistics.median(app_times), 2),
        "bare_ms_per_pdf": round(statistics.median(bare_times), 2),
        "download_ms_per_pdf": round(statistics.median(stored_times), 3),
        "render_vs_download": round(statistics.median(app_times) / statistics.median(stored_times), 1),
        "rss_growth_mb": round(growth, 1),
    }


def bench_pages_impl(n_missions, repeat):
    """Each public page timed in one process, interleaved with the site's own home
    page (the bare Wagtail page it is compared to), through Django's test client:
    median ms, the ratio to the home page, and the queries of one request — cold
    (caches cleared) and warm."""
    from django.core.cache import cache
    from django.test import Client

    urls = build_pages_data(n_missions)
    client = Client()

    def cold(url):
        cache.clear()
        reset_queries()  # the log keeps 9,000 queries: building the data filled it
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(queries)

    cold_runs = {name: [cold(url) for _ in range(3)] for name, url in urls.items()}
    warm = interleaved({name: (lambda: None, lambda url=url: client.get(url)) for name, url in urls.items()}, repeat)
    queries = {}
    for name, url in urls.items():
        client.get(url)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured)
    bare = warm["home (bare page)"]["median"]
    bare_cold = statistics.median(t for t, _q in cold_runs["home (bare page)"])
    lines = []
    for name in urls:
        cold_ms = statistics.median(t for t, _q in cold_runs[name])
        lines.append({
            "bench": "pages", "db": connection.vendor, "missions": n_missions, "page": name,
            "warm_ms": warm[name], "warm_ratio": round(warm[name]["median"] / bare, 2),
            "cold_ms": round(cold_ms, 2), "cold_ratio": round(cold_ms / bare_cold, 2),
            "queries_warm": queries[name], "queries_cold": cold_runs[name][0][1],
        })
    plain = next(line for line in lines if line["page"] == "mission index")
    searched = next(line for line in lines if line["page"] == "mission index, searched")
    lines.append({
        "bench": "pages", "summary": "search vs plain listing",
        "ratio": round(searched["warm_ms"]["median"] / plain["warm_ms"]["median"], 2),
    })
    return lines


def build_pages_data(n_missions):
    """The demo, then ``n_missions`` more missions published as an editor would
    (``add_child``, ``save_revision().publish()``); returns the URLs to time."""
    from wagtail.models import Site

    from wagtail_skilldonation import applications, certificates
    from wagtail_skilldonation.demo import build
    from wagtail_skilldonation.models import (
        Application, MissionIndexPage, MissionObjective, MissionPage, NeedPage, Skill, Volunteer,
    )

    build()
    index = MissionIndexPage.objects.get()
    skills = list(Skill.objects.order_by("pk"))
    rng = random.Random(2026)
    words = ["affiches", "comptabilité", "tableur", "podcast", "jardin", "mentorat", "vidéo", "juridique", "numérique", "données"]
    towns = [("Lyon", "69007"), ("Paris", "75011"), ("Saint-Denis", "93200"), ("Marseille", "13001"), ("", "")]
    for i in range(n_missions):
        town, postcode = towns[i % len(towns)]
        mission = MissionPage(
            title=f"Mission {i} : {words[i % len(words)]}", slug=f"bench-{i}", intro=f"Mission de test {i}.",
            format=["remote", "on_site", "both"][i % 3], place=town, postcode=postcode,
            places_available=1 + i % 4, status="open", estimated_hours=10,
            start_date=timezone.localdate() + datetime.timedelta(days=10 + i % 60),
            application_deadline=timezone.localdate() + datetime.timedelta(days=5 + i % 50),
        )
        mission.objectives = [MissionObjective(title=f"Objectif {words[(i * 7) % len(words)]}", success_indicator="Fait")]
        for skill in rng.sample(skills, 3):
            mission.skills.add(skill)
        index.add_child(instance=mission)
        mission.save_revision().publish()
    demo_mission = MissionPage.objects.get(slug="consultation-strategie-ong")
    volunteer = Volunteer.objects.create(first_name="Léa", last_name="Bench", email="lea@bench.example", consent_at=timezone.now())
    application = Application.objects.create(mission=demo_mission, volunteer=volunteer, language="fr")
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=12, notify=False)
    certificate = certificates.issue(application, notify=False)
    home = Site.objects.get(is_default_site=True).root_page
    skill = skills[0]
    return {
        "home (bare page)": home.url,
        "mission index": index.url,
        "mission index, filtered": f"{index.url}?skill={skill.slug}&format=remote",
        "mission index, page 20": f"{index.url}?page=20",
        "mission index, searched": f"{index.url}?q=podcast",
        "mission": demo_mission.url,
        "need": NeedPage.objects.first().url,
        "certificate verification": f"/portal/certificates/{certificate.code}/",
    }


def build_certificate_data(count):
    from wagtail_skilldonation import applications, certificates
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
            mission=mission, volunteer=volunteer, language="fr" if i % 3 else "en",
        )
        application.skills_offered.set(skills[: 1 + i % len(skills)])
        # Through the production path: accepted, then completed with its hours.
        applications.change_status(application, "accepted", notify=False)
        applications.change_status(application, "completed", hours=10 + i % 30, notify=False)
        items.append(certificates.issue(application, notify=False))
    return items


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
                    first_name="V", last_name=str(i), email=f"v{i}@bench.example",
                    format=rng.choice(formats), availability_hours=rng.choice([2, 4, 8, 12, 20]),
                    postcode=f"{rng.randint(1, 95):02d}{rng.randint(0, 999):03d}", city=rng.choice(towns),
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
            rows.extend(VolunteerSkill(content_object_id=person.pk, tag_id=skills[i].pk) for i in own)
        VolunteerSkill.objects.bulk_create(rows, batch_size=10000)

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=MissionIndexPage(title="Bench", slug="bench-missions"))
    required = rng.sample(skills, n_required)
    mission = MissionPage(title="Bench mission", slug="bench-mission", format=WorkFormat.ON_SITE,
                          postcode="75011", place="Paris", estimated_hours=20)
    mission.skills.add(*required)
    index.add_child(instance=mission)
    bare = MissionPage(title="Bench mission without skills", slug="bench-bare", format=WorkFormat.ON_SITE,
                       postcode="91000", place="Évry", estimated_hours=20)
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
    assert drift() == {"volunteers": 0, "skill_rows": 0}
    # A running database has statistics (and, on PostgreSQL, a visibility map for
    # index-only scans); a freshly loaded one gets them now.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "skills": MissionPage.objects.get(pk=mission.pk),
        "no_skills": MissionPage.objects.get(pk=bare.pk),
    }


def bench_load_impl(seconds, clients, post_clients, applicants, repeated, places, workers):
    """The demo, served by gunicorn (``workers`` processes) and the task worker; reads at
    ``clients`` concurrent clients, then ``applicants`` + ``repeated`` applications at
    ``post_clients``, then editors accepting all at once; then the records, read back."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import reverse
    from wagtail.models import Site

    from wagtail_skilldonation.demo import build
    from wagtail_skilldonation.management import loadtest
    from wagtail_skilldonation.models import (
        Application, MissionIndexPage, MissionPage, OutgoingMail, Submission, Volunteer,
    )

    build()
    index = MissionIndexPage.objects.get()
    target = MissionPage(
        title="Mission de charge", slug="mission-de-charge", intro="Pour la mesure.",
        places_available=places, status="open", estimated_hours=10, format="both",
    )
    index.add_child(instance=target)
    target.save_revision().publish()
    demo_mission = MissionPage.objects.get(slug="consultation-strategie-ong")
    password = uuid.uuid4().hex
    get_user_model().objects.create_superuser("bench-editor", "editor@bench.example", password)
    home = Site.objects.get(is_default_site=True).root_page
    mail_dir = tempfile.mkdtemp(prefix="skilldonation-bench-mail-")
    os.makedirs(os.path.join(mail_dir, "mail"))
    lines = []
    with loadtest.Server(workers, os.path.join(mail_dir, "mail")) as server:
        pages = loadtest.hammer(server.port, {
            "home (bare page)": home.url, "mission index": index.url, "mission": demo_mission.url,
        }, clients, seconds)
        bare_rps = pages["home (bare page)"]["rps"]
        for name, figures in pages.items():
            lines.append({"bench": "load", "db": connection.vendor, "workers": workers, "clients": clients,
                          "page": name, **figures, "rps_ratio": round(figures["rps"] / bare_rps, 2)})
        people = [
            {"first_name": "Charge", "last_name": str(i), "email": f"charge{i}@bench.example"}
            for i in range(applicants)
        ]
        # People applying again (their address is known: the form waits for their
        # confirmation by e-mail), sent among the first ones.
        sent = people + people[:repeated]
        order = list(range(len(sent)))
        random.Random(7).shuffle(order)
        prepared = [
            loadtest.prepare_application(server.port, target.url, sent[i], f"10.{i // 250}.{i % 250}.{1 + n % 200}")
            for n, i in enumerate(order)
        ]
        time.sleep(get_setting("MIN_FILL_SECONDS") + 0.5)  # people read before they send
        posted = loadtest.post_all(server.port, target.url, prepared, post_clients)
        lines.append({"bench": "load", "db": connection.vendor, "workers": workers, "clients": post_clients,
                      "page": "application (POST)", **posted})
        headers = loadtest.admin_session(server.port, "bench-editor", password)
        pending = Application.objects.filter(mission=target).values_list("pk", flat=True)
        accept_urls = [reverse("wagtail_skilldonation_application_modeladmin_transition", args=[pk]) for pk in pending]
        accept_errors = loadtest.accept_all(server.port, accept_urls, headers, clients)
        mail_seconds = loadtest.wait_for_mail(timeout=120)
    stored = Application.objects.filter(mission=target).count()
    volunteers = Volunteer.objects.filter(email__endswith="@bench.example", email__startswith="charge")
    duplicates = (
        Volunteer.objects.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
        + Application.objects.values("mission", "volunteer").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    submissions = Submission.objects.filter(mission=target).count()
    accepted = Application.objects.filter(mission=target, status="accepted").count()
    mails = OutgoingMail.objects.values("status").annotate(n=Count("pk"))
    by_status = {row["status"]: row["n"] for row in mails}
    files = loadtest.delivered_messages(os.path.join(mail_dir, "mail"))
    target = MissionPage.objects.get(pk=target.pk)  # places_taken is cached on the instance
    result = {
        "bench": "load", "summary": "records after the load", "db": connection.vendor,
        "cache": "redis" if os.environ.get("REDIS_URL") else "files",
        "mission_rps_vs_bare": round(pages["mission"]["rps"] / bare_rps, 2),
        "applications_expected": applicants, "applications_stored": stored,
        "volunteers_stored": volunteers.count(), "forms_sent": len(sent), "forms_kept": submissions,
        "duplicates": duplicates, "places": places, "accepted": accepted, "capacity_count": target.places_taken,
        "accept_errors": accept_errors, "mails": by_status, "mail_files": files,
        "mail_drained_s": round(mail_seconds, 1),
    }
    errors = sum(line.get("errors", 0) for line in lines) + accept_errors
    result["checks"] = {
        "no_errors": errors == 0,
        "none_lost": stored == applicants and submissions == len(sent) and volunteers.count() == applicants,
        "none_duplicated": duplicates == 0,
        "capacity_exact": accepted == places == target.places_taken,
        "every_mail_delivered": set(by_status) <= {"sent", "cancelled"} and files == by_status.get("sent", 0) > 0,
    }
    lines.append(result)
    return lines
