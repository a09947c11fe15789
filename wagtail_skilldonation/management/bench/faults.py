"""``skilldonation_bench faults``: the supervised production profile under faults.

The command starts a PostgreSQL cluster and a Redis of its own on free ports (never the
machine's), then runs itself again against them (``INNER`` in the environment): the
demo is built, ``example_site/serve.sh`` serves it (gunicorn and the task worker, each
supervised), mail goes to a local server of ours, certificates to a small disk. Under
bounded traffic (people applying, an editor at work), each fault in turn: PostgreSQL
restarted, the worker killed (``-9``) during a certificate batch, Redis stopped and
started, the mail server hanging, the disk full. After each, the records are read back
from the database and the mail server: a JSON line per fault, then a summary with
``lost``, ``duplicated``, ``stuck``, ``errors_5xx`` and ``worker_back``."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext

from wagtail_skilldonation.management import faultkit, loadtest
from wagtail_skilldonation.management.bench.traffic import Pages, Traffic, answers

INNER = "SKILLDONATION_FAULTS"
OUTBOX_ID = re.compile(r"<outbox\.(\d+)\.")


def bench_faults_impl(short):
    if INNER in os.environ:
        return Scenario(json.loads(os.environ[INNER]), short).run()
    return _outer(short)


def _outer(short):
    """The cluster, Redis and the small disk's place; the scenario runs in a process
    of its own whose settings point at them."""
    work = Path(tempfile.mkdtemp(prefix="skilldonation-faults-"))
    cluster = faultkit.Postgres(work / "pg").create()
    redis = faultkit.Redis().start()
    try:
        env = {
            **os.environ,
            INNER: json.dumps({"pg": cluster.describe(), "redis": redis.port, "work": str(work)}),
            "DATABASE_URL": cluster.url,
            "REDIS_URL": redis.url,
            "CACHE_KEY_PREFIX": "faults",
            "SKILLDONATION_QUEUE": "db",
            "SKILLDONATION_PRIVATE_ROOT": str(work / "private"),
            "MEDIA_ROOT": str(work / "media"),
            "DEBUG": "0",
            "SECRET_KEY": os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        command = [sys.executable, "-m", "django", "skilldonation_bench", "faults", *(["--short"] if short else [])]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
        if run.returncode and not lines:
            raise RuntimeError(f"the fault scenario failed:\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}")
        return lines
    finally:
        redis.stop()
        cluster.destroy()
        subprocess.run(["umount", "-l", str(work / "private")], capture_output=True, check=False)
        subprocess.run(["rm", "-rf", str(work)], check=False)


def reading(fn, seconds=60):
    """``fn()`` against a database that may be restarting: retried on a new connection."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return fn()
        except (OperationalError, InterfaceError):
            connection.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class Scenario:
    def __init__(self, described, short):
        self.short = short
        self.work = Path(described["work"])
        self.cluster = faultkit.Postgres.attach(described["pg"])
        self.redis = faultkit.Redis(described["redis"])
        self.lines = []
        self.acknowledged = []

    # Setting up ----------------------------------------------------------------------

    def prepare(self):
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from wagtail_skilldonation.demo import build
        from wagtail_skilldonation.models import MissionIndexPage, MissionPage

        self.disk = faultkit.SmallDisk(self.work / "private", 8 * 1024 * 1024)
        self.disk.mount()
        call_command("migrate", verbosity=0)
        build()
        index = MissionIndexPage.objects.get()
        self.target = MissionPage(
            title="Mission sous pannes",
            slug="mission-sous-pannes",
            intro="Pour la mesure.",
            places_available=1000,
            status="open",
            estimated_hours=6,
            format="both",
        )
        index.add_child(instance=self.target)
        self.target.save_revision().publish()
        self.password = os.urandom(12).hex()
        get_user_model().objects.create_superuser("faults-editor", "editor@faults.example", self.password)
        self.sink = faultkit.MailSink()
        env = {
            **os.environ,
            "WORKERS": "2",
            "TRUSTED_PROXIES": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.sink.port),
            "EMAIL_TIMEOUT": "2",
            "WORKER_LOST_AFTER": "6",
        }
        env.pop(INNER)
        self.profile = faultkit.Profile(self.work, env).start(
            lambda profile: answers(profile.port, "/") == 200 and bool(profile.worker_pids())
        )
        self.port = self.profile.port
        self.editor = loadtest.admin_session(self.port, "faults-editor", self.password)

    # Reading back --------------------------------------------------------------------

    def drain(self, timeout=90):
        """Until no mail waits or is being sent and no task is due or running."""
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from wagtail_skilldonation.models import OutgoingMail

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = reading(
                lambda: (
                    OutgoingMail.objects.filter(status__in=["pending", "sending"]).exists()
                    or DBTaskResult.objects.running().exists()
                    or DBTaskResult.objects.ready().filter(enqueued_at__lte=timezone.now()).exists()
                    or OutgoingMail.objects.filter(status="failed", next_attempt_at__lte=timezone.now()).exists()
                )
            )
            if not busy:
                return True
            time.sleep(0.5)
        return False

    def records(self):
        """What the database and the mail server say, now."""
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from wagtail_skilldonation.models import Application, Certificate, OutgoingMail, Volunteer

        def read():
            stored = set(
                Application.objects.filter(mission=self.target, volunteer__email__in=self.acknowledged).values_list(
                    "volunteer__email", flat=True
                )
            )
            sent = set(OutgoingMail.objects.filter(status="sent").values_list("pk", flat=True))
            received = [int(m.group(1)) for m in map(OUTBOX_ID.search, self.sink.received()) if m]
            duplicated = (
                Volunteer.objects.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
                + Application.objects.values("mission", "volunteer").annotate(n=Count("pk")).filter(n__gt=1).count()
                + Certificate.objects.filter(revoked_at__isnull=True)
                .values("application")
                .annotate(n=Count("pk"))
                .filter(n__gt=1)
                .count()
                + len(received)
                - len(set(received))
            )
            stuck = (
                OutgoingMail.objects.filter(status__in=["pending", "sending"]).count()
                + DBTaskResult.objects.running().count()
                + DBTaskResult.objects.ready().filter(enqueued_at__lte=timezone.now()).count()
            )
            return {
                "lost": len(set(self.acknowledged) - stored) + len(sent - set(received)),
                "duplicated": duplicated,
                "stuck": stuck,
                "mails_failed": OutgoingMail.objects.filter(status="failed").count(),
            }

        return reading(read)

    def report(self, fault, traffic, started, **extra):
        drained = self.drain()
        self.acknowledged += traffic.acknowledged if traffic else []
        line = {
            "bench": "faults",
            "fault": fault,
            **(traffic.figures() if traffic else {}),
            **self.records(),
            "drained": drained,
            "seconds": round(time.monotonic() - started, 1),
            **extra,
        }
        self.lines.append(line)
        return line

    def orphans(self):
        """Files in the certificates' storage that no certificate names."""
        from wagtail_skilldonation.models import Certificate

        named = set(reading(lambda: list(Certificate.objects.values_list("pdf", flat=True))))
        return [name for name in self.disk.files() if name not in named] if self.disk.mounted else []

    # The faults ------------------------------------------------------------------------

    def traffic(self, name):
        return Traffic(self.port, self.target.url, name, clients=1 if self.short else 2)

    def baseline(self):
        started = time.monotonic()
        with self.traffic("base") as traffic:
            time.sleep(2)
        self.report("none (baseline)", traffic, started)

    def postgres_restart(self):
        started = time.monotonic()
        before = self.profile.worker_pids()
        with self.traffic("pg") as traffic, Pages(self.port, [self.target.url, "/"]) as pages:
            time.sleep(2)
            self.cluster.restart()
            time.sleep(6)
        after = self.profile.worker_pids()
        line = self.report(
            "postgresql restarted", traffic, started, worker_same_process=before == after, **pages.figures()
        )
        line["worker_back"] = bool(line["drained"] and traffic.acknowledged and before == after)

    def worker_kill(self):
        from django.urls import reverse
        from django_tasks_db.models import DBTaskResult

        from wagtail_skilldonation.applications import lifecycle
        from wagtail_skilldonation.models import Application, CertificateBatch

        started = time.monotonic()
        # Applications completed, with hours, and no certificate: a batch to issue.
        done = reading(
            lambda: list(Application.objects.filter(mission=self.target, status="submitted")[: 3 if self.short else 6])
        )
        for application in done:
            lifecycle.change_status(application, "accepted", notify=False)
            lifecycle.change_status(application, "completed", hours=6, notify=False)
        loadtest.request(self.port, "POST", reverse("wagtail_skilldonation_certificates:batch_start"), "", self.editor)
        kills, mid_task = [], False
        with self.traffic("kill") as traffic:
            # The first kill as soon as the worker holds the batch; the second hits
            # the worker the supervisor started again.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not mid_task:
                mid_task = reading(
                    lambda: DBTaskResult.objects.running().filter(task_path__endswith="issue_certificates").exists()
                )
            kills += self.profile.kill_worker()
            time.sleep(4)
            kills += self.profile.kill_worker()
            time.sleep(3)
        batch = reading(lambda: CertificateBatch.objects.order_by("-created_at").first())
        line = self.report("worker killed (-9) during a certificate batch", traffic, started, kills=len(kills))
        issued = reading(
            lambda: (
                Application.objects.filter(pk__in=batch.application_ids, certificates__revoked_at__isnull=True)
                .distinct()
                .count()
            )
        )
        rerun = reading(lambda: sum(len(ids) > 1 for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)))
        line.update(
            batch=len(batch.application_ids),
            issued=issued,
            batch_failures=len(batch.failures),
            killed_mid_batch=mid_task,
            orphans=len(self.orphans()),
            tasks_run_again=rerun,
        )
        line["stuck"] += len(batch.application_ids) - issued - len(batch.failures)
        line["worker_back"] = bool(line["drained"] and kills and self.profile.worker_pids())

    def redis_stop(self):
        started = time.monotonic()
        pages = [
            "/",
            self.target.get_parent().url,
            self.target.url,
            "/portal/certificates/",
            "/portal/me/",
        ]
        self.redis.stop()
        with self.traffic("redis") as traffic:
            statuses = [answers(self.port, path) for path in pages for _ in range(2)]
            time.sleep(3)
        self.redis.start()
        after = [answers(self.port, path) for path in pages]
        line = self.report("redis stopped, then started", traffic, started)
        line["pages_ok_while_down"] = sum(s == 200 for s in statuses)
        line["pages_asked_while_down"] = len(statuses)
        line["errors_5xx"] += sum(s >= 500 for s in statuses + after)
        line["errors_500"] += (statuses + after).count(500)

    def mail_hang(self):
        from django.urls import reverse
        from django.utils import timezone

        from wagtail_skilldonation.models import Application, OutgoingMail

        started = time.monotonic()
        self.sink.hang = True
        pending = reading(lambda: Application.objects.filter(mission=self.target, status="submitted").first())
        url = reverse("wagtail_skilldonation_application_modeladmin_transition", args=[pending.pk])
        with self.traffic("hang") as traffic:
            t0 = time.perf_counter()
            status = loadtest.request(self.port, "POST", url, "to_status=accepted&confirmed=1", self.editor)[0]
            editor_ms = (time.perf_counter() - t0) * 1000
            time.sleep(1)
        # Each attempt ends at EMAIL_TIMEOUT: nothing stays "sending" once they have.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and reading(
            lambda: OutgoingMail.objects.filter(status__in=["pending", "sending"]).exists()
        ):
            time.sleep(0.5)
        failed = reading(lambda: OutgoingMail.objects.filter(status="failed", next_attempt_at__isnull=False).count())
        self.sink.hang = False
        # The retry's time comes (five minutes later, brought forward): the worker's
        # pulse sends them.
        reading(lambda: OutgoingMail.objects.filter(status="failed").update(next_attempt_at=timezone.now()))
        self.report(
            "mail server hanging",
            traffic,
            started,
            editor_status=status,
            editor_ms=round(editor_ms),
            failed_then_retried=failed,
        )

    def storage_full(self):
        from django.urls import reverse

        from wagtail_skilldonation.applications import lifecycle
        from wagtail_skilldonation.models import Application, Certificate

        started = time.monotonic()
        if not self.disk.mounted:
            self.lines.append({"bench": "faults", "fault": "disk full", "ran": False, "why": self.disk.why[:200]})
            return
        one = reading(lambda: Application.objects.filter(mission=self.target, status="submitted").first())
        lifecycle.change_status(one, "accepted", notify=False)
        lifecycle.change_status(one, "completed", hours=6, notify=False)
        before = set(self.disk.files())
        self.disk.fill(left=4096)
        url = reverse("wagtail_skilldonation_certificates:issue", args=[one.pk])
        status, _body, set_cookie = loadtest.request(self.port, "POST", url, "", self.editor)
        # The page the editor is sent back to, with the message the answer left.
        inspect = reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[one.pk])
        page = loadtest.request(self.port, "GET", inspect, None, loadtest.with_cookies(self.editor, set_cookie))
        with translation.override(settings.LANGUAGE_CODE):  # the editor's admin speaks the site's language
            told = f"({gettext('disk full')})" in page[1].decode()
        orphans = sorted(set(self.disk.files()) - before)
        kept_none = not reading(lambda: Certificate.objects.filter(application=one).exists())
        self.disk.free()
        again = loadtest.request(self.port, "POST", url, "", self.editor)[0]
        issued = reading(lambda: Certificate.objects.filter(application=one, revoked_at__isnull=True).count())
        line = self.report(
            "disk full",
            None,
            started,
            editor_status=status,
            editor_told=told,
            orphans=len(orphans),
            kept_while_full=not kept_none,
            issued_once_freed=issued == 1 and again == 302,
        )
        line["errors_5xx"] = (status >= 500) + (again >= 500)
        line["errors_500"] = (status == 500) + (again == 500)
        line["stuck"] += len(orphans)

    def run(self):
        started = time.monotonic()
        self.prepare()
        self.lines.append(
            {"bench": "faults", "setup": "demo built, profile serving", "seconds": round(time.monotonic() - started, 1)}
        )
        try:
            if not self.short:  # every fault has its traffic: the baseline only shows the contrast
                self.baseline()
            self.postgres_restart()
            self.worker_kill()
            self.redis_stop()
            self.mail_hang()
            self.storage_full()
        finally:
            self.profile.stop()
            self.disk.unmount()
            self.sink.shutdown()
        faults = [line for line in self.lines if "lost" in line]
        summary = {
            "bench": "faults",
            "summary": "records after every fault",
            "db": connection.vendor,
            "lost": sum(line["lost"] for line in faults),
            "duplicated": max(line["duplicated"] for line in faults),
            "stuck": sum(line["stuck"] for line in faults),
            "errors_5xx": sum(line.get("errors_5xx", 0) + line.get("pages_5xx", 0) for line in faults),
            # A failure while the database restarts is a 503 "back in a moment"; a 500 is a bug.
            "errors_500": sum(line.get("errors_500", 0) + line.get("pages_500", 0) for line in faults),
            "worker_back": all(line.get("worker_back", True) for line in faults),
            "acknowledged": len(self.acknowledged),
            "mails_received": len(self.sink.received()),
        }
        summary["checks"] = {
            "none_lost": summary["lost"] == 0,
            "none_duplicated": summary["duplicated"] == 0,
            "none_stuck": summary["stuck"] == 0,
            "worker_back": summary["worker_back"],
            "every_fault_ran": all(line.get("ran", True) for line in self.lines),
            "no_bare_500": summary["errors_500"] == 0,
        }
        return [*self.lines, summary]
