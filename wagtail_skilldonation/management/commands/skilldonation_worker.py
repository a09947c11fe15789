"""``manage.py skilldonation_worker``: django-tasks-db's ``db_worker`` that outlives its
database and looks after the queue.

``db_worker`` exits for good on the first database error (a PostgreSQL restart, a
failover, a dropped connection): mail and certificates then wait for a person. This
worker takes the same options and runs the same loop, but on a database error it closes
its connections, waits (1 s, doubling up to 30 s) and goes on; the task it was running
when the database went away is put back in the queue. A thread of its own beats every
``WORKER_LOST_AFTER / 4`` seconds and, at each beat, takes back the tasks of workers no
longer seen and sends the e-mails that are due (``mail.workers.sweep``): nothing waits
for cron. A supervisor still restarts it if it is killed (``make serve``, systemd).
"""

import logging
import threading
import time

from django.db import DatabaseError, InterfaceError, connections
from django_tasks_db.management.commands import db_worker

from wagtail_skilldonation.mail import workers

logger = logging.getLogger("wagtail_skilldonation.worker")
MAX_WAIT = 30


def _close_connections():
    """Drop this thread's connections, broken ones included (the next query opens anew)."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except (DatabaseError, InterfaceError):
            pass


class Pulse(threading.Thread):
    """Beats and sweeps (``workers.sweep``) until stopped; a database error is logged and
    the next beat tries again."""

    def __init__(self, worker_id):
        super().__init__(name="skilldonation-pulse", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                workers.sweep(self.worker_id)
            except Exception as error:  # the database is away: the next beat retries
                logger.warning("The worker's pulse could not reach the database: %s", error)
                _close_connections()
            self.stopped.wait(workers.beat_every())
        _close_connections()

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)
        try:
            workers.forget(self.worker_id)
        except (DatabaseError, InterfaceError):
            pass  # its beat stops: it will be seen as gone


class Worker(db_worker.Worker):
    def run(self):
        pulse = Pulse(self.worker_id)
        pulse.start()
        wait = 1
        try:
            while self.running:
                try:
                    # What this worker was running when the database went away.
                    workers.take_back(own=self.worker_id)
                    wait = 1
                    super().run()
                    return
                except (DatabaseError, InterfaceError) as error:
                    self.running_task = False
                    logger.warning("The database went away (%s): the worker goes on in %s s", error, wait)
                    _close_connections()
                    time.sleep(wait)
                    wait = min(wait * 2, MAX_WAIT)
        finally:
            pulse.stop()


class Command(db_worker.Command):
    help = (
        "The task worker: django-tasks-db's db_worker (same options; no --reload) that survives a database "
        "restart, takes back the tasks of lost workers and sends the e-mails that are due."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
