"""The task workers' pulse: what lets work left by a dead worker be taken back.

``skilldonation_worker`` (django-tasks-db's worker, made to survive its database going
away) beats here every few seconds from a thread of its own, also while a long task
runs. A task left *running* by a worker not seen for ``WORKER_LOST_AFTER`` seconds was
lost with it (``kill -9``, a machine gone): it is put back in the queue and run again.
Every task of this app may run twice (a mail is claimed before it is sent, a
certificate batch skips what was issued), so taking back is safe. A task claimed by a
worker that never beats (django-tasks-db's plain ``db_worker``) is taken back only when
it is one of ours and has run for ``STALE_UNKNOWN`` (a host's own tasks may not bear a
second run). All of it lives in the database: any worker, on any machine, does it.
"""

import logging
import os
import socket
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ..conf import get_setting
from ..models import TaskWorker
from .outbox import interrupted, retry_due, send_mail, send_mails

logger = logging.getLogger(__name__)

STALE_UNKNOWN = timedelta(minutes=30)
OUR_TASKS = "wagtail_skilldonation."


def lost_after():
    return timedelta(seconds=get_setting("WORKER_LOST_AFTER"))


def beat_every():
    """Seconds between beats: four per ``WORKER_LOST_AFTER`` (a worker is not declared
    lost for one slow beat)."""
    return max(0.5, get_setting("WORKER_LOST_AFTER") / 4)


def beat(worker_id):
    """This worker is alive (a row per worker, written by the worker)."""
    now = timezone.now()
    updated = TaskWorker.objects.filter(pk=worker_id).update(seen_at=now)
    if not updated:
        TaskWorker.objects.create(worker_id=worker_id, host=socket.gethostname()[:255], pid=os.getpid(), seen_at=now)


def forget(worker_id):
    """A worker stopping cleanly says so (nothing of its own is left running)."""
    TaskWorker.objects.filter(pk=worker_id).delete()


def _results():
    """django-tasks-db's results, or None where the site does not use it."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # the "serve" extra is not installed: no queue to look after
        return None
    return DBTaskResult


def _status():
    from django_tasks_db.compat import TaskResultStatus

    return TaskResultStatus


def take_back(now=None, *, own=None):
    """Put back in the queue the tasks left *running* by a lost worker (or, with
    ``own``, by this worker when its database went away mid-task). Returns how many."""
    DBTaskResult = _results()
    if DBTaskResult is None:
        return 0
    now = now or timezone.now()
    running = list(DBTaskResult.objects.running().values("pk", "worker_ids", "started_at", "task_path", "args_kwargs"))
    if not running:
        return 0
    alive = set(TaskWorker.objects.filter(seen_at__gt=now - lost_after()).values_list("pk", flat=True))
    known = set(TaskWorker.objects.values_list("pk", flat=True))
    lost = []
    for row in running:
        worker = (row["worker_ids"] or [""])[-1]
        if own is not None:
            if worker == own:
                lost.append(row["pk"])
        elif worker in alive:
            continue
        elif worker in known or (
            row["task_path"].startswith(OUR_TASKS) and row["started_at"] and row["started_at"] <= now - STALE_UNKNOWN
        ):
            lost.append(row["pk"])
    if not lost:
        return 0
    # The e-mails they were sending were interrupted: claimable again, before the
    # tasks that send them are (a worker may run one at once).
    mails = [mail_id for row in running if row["pk"] in lost for mail_id in _mails_of(row)]
    if mails:
        interrupted(mails)
    # Only rows still running: a worker that finished meanwhile keeps its result.
    taken = DBTaskResult.objects.filter(pk__in=lost, status=_status().RUNNING).update(
        status=_status().READY, started_at=None
    )
    if taken:
        logger.warning("Took back %s task(s) left running by a stopped worker: they run again", taken)
    return taken


def _mails_of(row):
    """The outbox rows a task was sending (``send_mail``'s one, ``send_mails``' list)."""
    args = row["args_kwargs"].get("args") or []
    if not args:
        return []
    if row["task_path"] == send_mail.module_path:
        return [args[0]]
    return list(args[0]) if row["task_path"] == send_mails.module_path else []


def sweep(worker_id):
    """One pass of the worker's pulse: beat, take back what lost workers left, send the
    e-mails that are due (retries, rows left *sending*), forget workers long gone."""
    beat(worker_id)
    take_back()
    retry_due()
    TaskWorker.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()


def waiting(now=None):
    """Tasks due for longer than ``WORKER_LOST_AFTER`` (at least two minutes) that no
    worker took: the worker seems stopped. ``(count, since)``; ``(0, None)`` otherwise."""
    DBTaskResult = _results()
    if DBTaskResult is None:
        return 0, None
    now = now or timezone.now()
    threshold = now - max(lost_after(), timedelta(minutes=2))
    from django_tasks_db.models import get_date_max

    # run_after "not set" is the maximum date (ready() admits it).
    late = DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=threshold), enqueued_at__lte=threshold
    )
    count = late.count()
    if not count:
        return 0, None
    return count, late.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
