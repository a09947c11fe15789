"""Public pages against the site's home page, warm and cold, interleaved."""

import cProfile
import datetime
import multiprocessing
import pstats
import random
import statistics

from django.conf import settings
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from . import interleaved, local_hosts


def bench_pages_impl(n_missions, repeat, runs=3):
    """Each public page timed interleaved with the site's own home page (the bare
    Wagtail page it is compared to), through Django's test client: median ms, the
    ratio to the home page, and the queries of one request — cold (caches cleared)
    and warm. Timed in ``runs`` new processes, each one's ratios given and their
    median kept: in one run, on one database, the same code's cold index measured
    1.98×, 2.24× and 2.00× in three processes (a search 2.20×, 2.38×, 2.20×), the Python
    calls the same; no number of rounds inside one process averages that out."""
    urls = build_pages_data(n_missions)
    connection.close()
    database = connection.settings_dict["NAME"]
    timed = []
    for _ in range(runs):
        # spawn, not fork: a new interpreter, as a server's process is.
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            timed.append(pool.apply(_time_pages, (database, urls, n_missions, repeat)))
    return _combined(timed)


def _time_pages(database, urls, n_missions, repeat):
    """In a new process: the throw-away database, then the pages."""
    import django

    django.setup()
    from django.db import connections

    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = database
    try:
        return _timed(urls, n_missions, repeat)
    finally:
        connections.close_all()  # before the database is dropped


def _timed(urls, n_missions, repeat):
    """The pages through the test client, whatever DEBUG: its host allowed, and every
    timed request the page itself — the certificate check's rate limit (30 in 10
    minutes) answered the warm runs 429 from ``--repeat 30`` on."""
    from django.test import Client

    limits = {**getattr(settings, "WAGTAIL_SKILLDONATION", {}), "VERIFY_RATE_LIMIT": (10**6, 600)}
    with override_settings(WAGTAIL_SKILLDONATION=limits, ALLOWED_HOSTS=local_hosts()):
        return _bench(urls, Client(), n_missions, repeat)


def _combined(runs):
    """One line per page: the median of the processes' ratios, each process's ratio,
    the spread of their times; queries and calls are the same in every process."""
    lines = []
    for same_page in zip(*runs, strict=True):
        combined = dict(same_page[0])
        for kind in ("warm", "cold"):
            ratios = [run[f"{kind}_ratio"] for run in same_page]
            combined[f"{kind}_ratio"] = round(statistics.median(ratios), 2)
            combined[f"{kind}_ratios"] = ratios
            combined[f"{kind}_ms"] = {
                "median": round(statistics.median(run[f"{kind}_ms"]["median"] for run in same_page), 2),
                "min": min(run[f"{kind}_ms"]["min"] for run in same_page),
                "max": max(run[f"{kind}_ms"]["max"] for run in same_page),
            }
        lines.append(combined)
    plain = next(line for line in lines if line["page"] == "mission index")
    searched = next(line for line in lines if line["page"] == "mission index, searched")
    lines.append(
        {
            "bench": "pages",
            "summary": "search vs plain listing",
            "ratio": round(searched["warm_ms"]["median"] / plain["warm_ms"]["median"], 2),
        }
    )
    return lines


def _bench(urls, client, n_missions, repeat):
    from django.core.cache import cache

    def emptied():
        cache.clear()
        reset_queries()  # the log keeps 9,000 queries: building the data filled it

    def fetch(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    def queries_of(url, cold):
        if cold:
            emptied()
        else:
            fetch(url)
        with CaptureQueriesContext(connection) as captured:
            fetch(url)
        return len(captured)

    # Cold, as after a publish: every cached part emptied before each request; taking
    # turns with the other pages, as warm does (a machine's ups and downs fall on all).
    cold_runs = interleaved({name: (emptied, lambda url=url: fetch(url)) for name, url in urls.items()}, repeat)
    warm = interleaved({name: (lambda: None, lambda url=url: fetch(url)) for name, url in urls.items()}, repeat)
    queries = {name: {"warm": queries_of(url, False), "cold": queries_of(url, True)} for name, url in urls.items()}
    calls = {name: calls_of(url, emptied, client) for name, url in urls.items()}
    bare = warm["home (bare page)"]["median"]
    bare_cold = cold_runs["home (bare page)"]["median"]
    lines = []
    for name in urls:
        lines.append(
            {
                "bench": "pages",
                "db": connection.vendor,
                "missions": n_missions,
                "page": name,
                "warm_ms": warm[name],
                "warm_ratio": round(warm[name]["median"] / bare, 2),
                "cold_ms": cold_runs[name],
                "cold_ratio": round(cold_runs[name]["median"] / bare_cold, 2),
                "queries_warm": queries[name]["warm"],
                "queries_cold": queries[name]["cold"],
                "cold_calls_ratio": round(calls[name] / calls["home (bare page)"], 2),
            }
        )
    return lines


def calls_of(url, emptied, client):
    """Python function calls of one cold request (cProfile's count): unlike time, the
    same on a busy machine and a quiet one, so a cold ratio that moves between runs can
    be told from a change of the code."""
    emptied()
    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    return pstats.Stats(profile).total_calls


def build_pages_data(n_missions):
    """The demo, then ``n_missions`` more missions published as an editor would
    (``add_child``, ``save_revision().publish()``); returns the URLs to time."""
    from wagtail.models import Site

    from wagtail_skilldonation import applications, certificates
    from wagtail_skilldonation.demo import build
    from wagtail_skilldonation.models import (
        Application,
        MissionIndexPage,
        MissionObjective,
        MissionPage,
        NeedPage,
        Skill,
        Volunteer,
    )
    from wagtail_skilldonation.portal.search import analyze_database

    build()
    index = MissionIndexPage.objects.get()
    skills = list(Skill.objects.order_by("pk"))
    rng = random.Random(2026)
    words = [
        "affiches",
        "comptabilité",
        "tableur",
        "podcast",
        "jardin",
        "mentorat",
        "vidéo",
        "juridique",
        "numérique",
        "données",
    ]
    towns = [("Lyon", "69007"), ("Paris", "75011"), ("Saint-Denis", "93200"), ("Marseille", "13001"), ("", "")]
    for i in range(n_missions):
        town, postcode = towns[i % len(towns)]
        mission = MissionPage(
            title=f"Mission {i} : {words[i % len(words)]}",
            slug=f"bench-{i}",
            intro=f"Mission de test {i}.",
            format=["remote", "on_site", "both"][i % 3],
            place=town,
            postcode=postcode,
            places_available=1 + i % 4,
            status="open",
            estimated_hours=10,
            start_date=timezone.localdate() + datetime.timedelta(days=10 + i % 60),
            application_deadline=timezone.localdate() + datetime.timedelta(days=5 + i % 50),
        )
        mission.objectives = [
            MissionObjective(title=f"Objectif {words[(i * 7) % len(words)]}", success_indicator="Fait")
        ]
        for skill in rng.sample(skills, 3):
            mission.skills.add(skill)
        index.add_child(instance=mission)
        mission.save_revision().publish()
    demo_mission = MissionPage.objects.get(slug="consultation-strategie-ong")
    volunteer = Volunteer.objects.create(
        first_name="Léa", last_name="Bench", email="lea@bench.example", consent_at=timezone.now()
    )
    application = Application.objects.create(mission=demo_mission, volunteer=volunteer, language="fr")
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=12, notify=False)
    certificate = certificates.issue(application, notify=False)
    # A site that has run its daily upkeep once (``skilldonation_alerts``): on SQLite,
    # the planner's statistics, without which a search scans the whole index.
    analyze_database()
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
