"""Benchmarks that print JSON lines. They build their data in a throw-away database
(created next to the configured one, destroyed afterwards): never the user's data.
The benchmarks themselves live in ``wagtail_skilldonation.management.bench``."""

import json
import os
import random
import shutil

from django.core.management.base import BaseCommand, CommandError

from wagtail_skilldonation.management.bench import throwaway_database
from wagtail_skilldonation.management.bench.certificates import bench_certificates_impl
from wagtail_skilldonation.management.bench.faults import bench_faults_impl
from wagtail_skilldonation.management.bench.load import bench_load_impl
from wagtail_skilldonation.management.bench.matching import bench_one_mission, build_matching_data
from wagtail_skilldonation.management.bench.pages import bench_pages_impl
from wagtail_skilldonation.management.bench.signin import bench_signin_impl


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
        # 40: building the pages takes minutes, timing them seconds; on a virtual machine
        # whose speed moves within the minute, 15 gave one code 1.82× and 2.26×.
        pages.add_argument("--repeat", type=int, default=40)
        # Rounds within a process do not average out a process's own speed: one run's cold
        # index measured 1.98×, 2.24× and 2.00× in three.
        pages.add_argument("--runs", type=int, default=3, help="new processes timing the pages (the median is kept)")
        signin = sub.add_parser("signin", help="asking for a sign-in link: known against unknown address")
        signin.add_argument("--repeat", type=int, default=45)
        load = sub.add_parser(
            "load", help="gunicorn + the task worker under concurrent clients, then the records checked"
        )
        load.add_argument("--seconds", type=float, default=30, help="per page, for the GET phase")
        load.add_argument("--clients", type=int, default=16)
        load.add_argument("--post-clients", type=int, default=50)
        load.add_argument("--applicants", type=int, default=200, help="distinct people applying")
        load.add_argument("--repeated", type=int, default=50, help="applying again with a known address")
        load.add_argument("--places", type=int, default=10)
        load.add_argument("--servers", type=int, default=1, help="gunicorn instances, behind haproxy when 2 or more")
        load.add_argument(
            "--processes", type=int, default=None, help="gunicorn processes per server (default: 2 x cores + 1, shared)"
        )
        load.add_argument("--workers", type=int, default=1, help="task workers")
        faults = sub.add_parser(
            "faults",
            help="the supervised profile on a PostgreSQL and a Redis of its own, under faults; the records checked",
        )
        faults.add_argument("--short", action="store_true", help="fewer people, one client (CI)")

    def bench_pages(self, missions, repeat, runs, **_):
        if runs < 1:
            raise CommandError("pages --runs must be at least 1")
        return bench_pages_impl(missions, repeat, runs)

    def bench_load(self, **options):
        if options["processes"] is None:
            options["processes"] = max(2, ((os.cpu_count() or 1) * 2 + 1) // options["servers"])
        if options["servers"] > 1 and not shutil.which("haproxy"):
            raise CommandError("load --servers 2 needs haproxy on the PATH (Debian: apt-get install haproxy)")
        keys = (
            "seconds",
            "clients",
            "post_clients",
            "applicants",
            "repeated",
            "places",
            "processes",
            "servers",
            "workers",
        )
        lines = bench_load_impl(**{k: options[k] for k in keys})
        failed = [key for key, value in lines[-1]["checks"].items() if not value]
        if failed:
            for line in lines:
                self.stdout.write(json.dumps(line))
            raise CommandError(f"load: records do not hold: {', '.join(failed)}")
        return lines

    def bench_faults(self, short, **_):
        lines = bench_faults_impl(short)
        failed = [key for key, value in lines[-1].get("checks", {"ran": False}).items() if not value]
        if failed:
            for line in lines:
                self.stdout.write(json.dumps(line))
            raise CommandError(f"faults: records do not hold: {', '.join(failed)}")
        return lines

    def bench_signin(self, repeat, **_):
        return bench_signin_impl(repeat)

    def bench_certificates(self, count, **_):
        return bench_certificates_impl(count)

    def handle(self, *args, bench, **options):
        if bench == "faults":  # its own PostgreSQL cluster, not a database next to yours
            result = self.bench_faults(**options)
        else:
            with throwaway_database():
                result = getattr(self, f"bench_{bench}")(**options)
        for line in result if isinstance(result, list) else [result]:
            self.stdout.write(json.dumps(line))

    # Matching --------------------------------------------------------------------------

    def bench_matching(self, volunteers, skills, per_volunteer, required, repeat, seed, **_):
        rng = random.Random(seed)
        missions = build_matching_data(rng, volunteers, skills, per_volunteer, required)
        return [bench_one_mission(mission, kind, volunteers, repeat) for kind, mission in missions.items()]
