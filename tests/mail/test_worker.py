"""The task worker looks after the queue by itself (#31): tasks a lost worker left
*running* run again, the mail they were sending with them; a real
``skilldonation_worker`` process does it on its own beat and stops cleanly; the admin
home says when tasks wait and no worker takes them. (The database restart under a
running worker is proven by ``skilldonation_bench faults``, on its own PostgreSQL.)"""

import datetime
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from wagtail_skilldonation.mail import outbox, workers
from wagtail_skilldonation.models import OutgoingMail, TaskWorker

pytestmark = [pytest.mark.server]
ROOT = Path(__file__).resolve().parents[2]
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running_task(worker_id, *, started=None, task=outbox.send_mail, args=(0,)):
    """A task as django-tasks-db leaves it when its worker claimed it and died."""
    from django_tasks_db.models import DBTaskResult

    result = task.enqueue(*args)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=[worker_id], started_at=started or timezone.now()
    )
    return DBTaskResult.objects.get(pk=result.id)


def seen(worker_id, seconds_ago):
    TaskWorker.objects.create(worker_id=worker_id, seen_at=timezone.now() - datetime.timedelta(seconds=seconds_ago))


@pytest.mark.django_db
def test_a_lost_workers_tasks_run_again_and_a_live_ones_do_not(application, settings):
    settings.TASKS = QUEUE
    sending = OutgoingMail.objects.create(kind="declined", recipient="ines@example.org", application=application)
    OutgoingMail.objects.filter(pk=sending.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)
    seen("dead", seconds_ago=120)
    seen("alive", seconds_ago=5)
    lost = running_task("dead", args=(sending.pk,))
    busy = running_task("alive")
    # A worker that never beats (plain db_worker): ours after 30 minutes, a host's never.
    old_ours = running_task("plain", started=timezone.now() - datetime.timedelta(minutes=31))
    young_ours = running_task("plain", started=timezone.now() - datetime.timedelta(minutes=5))

    assert workers.take_back() == 2
    statuses = {t.pk: t.status for t in type(lost).objects.all()}
    assert statuses[lost.pk] == "READY"
    assert statuses[old_ours.pk] == "READY"
    assert statuses[busy.pk] == "RUNNING"
    assert statuses[young_ours.pk] == "RUNNING"
    # The mail it was sending is claimable again, and goes once.
    assert OutgoingMail.objects.get(pk=sending.pk).status == "failed"
    assert outbox.deliver(sending.pk) == "sent"
    assert len(django_mail.outbox) == 1
    assert django_mail.outbox[0].extra_headers["Message-ID"].startswith(f"<outbox.{sending.pk}.")


@pytest.mark.django_db
def test_the_mails_of_a_lost_batch_are_claimable_again(application, settings):
    """``send_mails`` (the mails one transaction queued): all its rows come back."""
    settings.TASKS = QUEUE
    rows = [OutgoingMail.objects.create(kind=kind, application=application) for kind in ("received", "new")]
    OutgoingMail.objects.filter(pk__in=[row.pk for row in rows]).update(status="sending", claimed_at=timezone.now())
    seen("dead", seconds_ago=120)
    running_task("dead", task=outbox.send_mails, args=([row.pk for row in rows],))
    assert workers.take_back() == 1
    assert sorted(OutgoingMail.objects.values_list("status", flat=True)) == ["failed", "failed"]


@pytest.mark.django_db
def test_a_worker_takes_back_its_own_task_when_its_database_went_away(settings):
    settings.TASKS = QUEUE
    seen("me", seconds_ago=0)  # alive: only ``own`` takes its task back
    mine = running_task("me")
    assert workers.take_back() == 0
    assert workers.take_back(own="me") == 1
    mine.refresh_from_db()
    assert mine.status == "READY"


@pytest.mark.django_db
def test_the_admin_home_says_when_tasks_wait_for_no_worker(admin_client, settings):
    settings.TASKS = QUEUE
    from django_tasks_db.models import DBTaskResult

    result = outbox.send_mail.enqueue(0)
    assert "no task worker is taking" not in admin_client.get("/admin/").content.decode()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=3))
    assert workers.waiting()[0] == 1
    html = admin_client.get("/admin/").content.decode()
    assert "1 task (e-mails, certificates, alerts) has been waiting since" in html
    assert "no task worker is taking it: start or restart skilldonation_worker." in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_what_a_killed_one_left_and_stops_cleanly(application, tmp_path, settings):
    """A ``skilldonation_worker`` process, started as ``make serve`` starts it: within a
    few beats it runs the task a dead worker left *running* (the mail it was sending
    goes out once), then a TERM stops it and it says it is gone."""
    from django.db import connection

    settings.TASKS = QUEUE
    sending = OutgoingMail.objects.create(kind="declined", recipient="ines@example.org", application=application)
    OutgoingMail.objects.filter(pk=sending.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)
    seen("killed", seconds_ago=60)
    running_task("killed", args=(sending.pk,))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SKILLDONATION_QUEUE": "db",
        "WORKER_LOST_AFTER": "4",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "skilldonation_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "w"),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and OutgoingMail.objects.get(pk=sending.pk).status != "sent":
            time.sleep(0.3)
        alive_rows = TaskWorker.objects.exclude(pk="killed").count()
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=20)
    log = (tmp_path / "worker.log").read_text()
    row = OutgoingMail.objects.get(pk=sending.pk)
    assert row.status == "sent", (row.last_error, log)
    messages = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert messages.count(f"Message-ID: <outbox.{sending.pk}.") == 1
    assert "Took back 1 task(s)" in log
    assert alive_rows == 1  # it beat while it ran
    assert code == 0
    assert not TaskWorker.objects.exclude(pk="killed").exists()  # and said it was gone


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_goes_on_after_a_database_error_and_reruns_what_it_was_running(application, settings, monkeypatch):
    """In process: the task this worker was running when its database went away runs
    again; a database error while it looks for work is waited out, not fatal."""
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

    from wagtail_skilldonation.management.commands.skilldonation_worker import Worker

    settings.TASKS = QUEUE
    mail = OutgoingMail.objects.create(kind="declined", recipient="ines@example.org", application=application)
    mine = running_task("me", args=(mail.pk,))
    real, failures = DBTaskResultQuerySet.get_locked, []

    def flaky(self):
        if not failures:
            failures.append(1)
            raise OperationalError("the database system is shutting down")
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", flaky)
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="me",
        excluded_queue_names=[],
    )
    worker.run()
    assert failures == [1]
    assert DBTaskResult.objects.get(pk=mine.pk).status == "SUCCESSFUL"
    assert OutgoingMail.objects.get(pk=mail.pk).status == "sent"
    assert len(django_mail.outbox) == 1
