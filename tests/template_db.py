"""One migrated test database per run, copied for each pytest-xdist worker.

Migrating takes about 30 CPU-seconds (Django renders the model states of some 235
migrations); each worker used to pay it on every run, three runs per CI. The first
worker to need a database migrates a template under a file lock and records what
``serialized_rollback`` tests restore; every worker then clones it (a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL, as Django's own parallel runner
does) and the last one out drops it. pytest-django has no such option: it calls
``create_test_db`` per worker, which this wraps.
"""

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


def install(connection):
    """Wrap ``connection.creation`` so an xdist worker clones the run's template
    (nothing changes outside xdist or with ``--reuse-db``)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not worker or not run:
        return
    creation = connection.creation
    create, destroy = creation.create_test_db, creation.destroy_test_db
    files = Path(tempfile.gettempdir()) / f"skilldonation-template-{run[:12]}"
    if connection.vendor == "sqlite":
        template = str(files) + ".sqlite3"
    else:
        test_name = connection.settings_dict["TEST"].get("NAME") or "test_" + connection.settings_dict["NAME"]
        template = f"{test_name.removesuffix('_' + worker)}_tpl_{run[:12]}"
    contents, users = files.with_suffix(".json"), files.with_suffix(".users")

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if keepdb:
            return create(verbosity, autoclobber, serialize, keepdb)
        test = connection.settings_dict.setdefault("TEST", {})
        with _locked(files):
            if not contents.exists():
                worker_name, test["NAME"] = test.get("NAME"), template
                create(verbosity, autoclobber=True, serialize=False, keepdb=False)
                contents.write_text(creation.serialize_db_to_string())
                connection.close()
                test["NAME"] = worker_name
            _point_at(connection, template)
            creation.clone_test_db(suffix=worker, verbosity=verbosity, autoclobber=True)
            with users.open("a") as out:
                out.write(worker + "\n")
        _point_at(connection, creation.get_test_db_clone_settings(worker)["NAME"])
        if serialize:
            connection._test_serialized_contents = contents.read_text()
        return connection.settings_dict["NAME"]

    def destroy_test_db(old_database_name=None, verbosity=1, keepdb=False, suffix=None):
        destroy(old_database_name, verbosity, keepdb, suffix)
        if keepdb:
            return
        with _locked(files):
            left = [name for name in _read(users) if name != worker]
            users.write_text("".join(name + "\n" for name in left))
            if not left and contents.exists():
                creation._destroy_test_db(template, verbosity)
                contents.unlink()
                users.unlink()
                files.with_suffix(".lock").unlink()  # this run's: the next one has its own

    creation.create_test_db, creation.destroy_test_db = create_test_db, destroy_test_db


def _point_at(connection, name):
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name


def _read(path):
    return path.read_text().split() if path.exists() else []


@contextmanager
def _locked(files):
    with open(files.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
