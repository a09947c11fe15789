"""The benchmarks behind ``skilldonation_bench``, one module each (``matching``,
``certificates``, ``pages``, ``load``), and what they share: a throw-away database
and interleaved timing."""

import os
import statistics
import tempfile
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


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


def local_hosts():
    """``ALLOWED_HOSTS`` with the test client's host ("testserver") added, as Django's
    test runner adds it: with DEBUG off the site's own hosts alone are allowed, and
    every request of a bench made with the test client was answered 400."""
    return [*settings.ALLOWED_HOSTS, "testserver"]


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
        for name in names[i % len(names) :] + names[: i % len(names)]:
            setup, fn = runs[name]
            setup()
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: spread(values) for name, values in times.items()}
