"""Who uses the site while ``skilldonation_bench faults`` breaks it: people applying
(``Traffic``) and a reader going through pages without a pause (``Pages``); every
answer is kept, for the fault's line."""

import threading
import time

from wagtail_skilldonation.conf import get_setting
from wagtail_skilldonation.management import loadtest


class Traffic:
    """People applying to the target mission from ``clients`` threads until stopped:
    each reads the page, waits as a person would, sends. Every answer is kept."""

    def __init__(self, port, path, prefix, clients=2, per_round=3):
        self.port, self.path, self.prefix = port, path, prefix
        self.clients, self.per_round = clients, per_round
        self.acknowledged, self.statuses, self.post_ms = [], [], []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.count = 0

    def person(self):
        with self.lock:
            self.count += 1
            n = self.count
        return {"first_name": "Panne", "last_name": str(n), "email": f"{self.prefix}{n}@faults.example"}, n

    def client(self):
        while not self.stopped.is_set():
            prepared = []
            for _ in range(self.per_round):
                person, n = self.person()
                try:
                    body, headers = loadtest.prepare_application(
                        self.port, self.path, person, f"10.{hash(self.prefix) % 200}.{n // 250}.{n % 250 + 1}"
                    )
                except loadtest.Refused as refused:
                    self.record(refused.status)
                    continue
                except OSError:
                    self.record(0)
                    continue
                self.record(200)
                prepared.append((person["email"], body, headers))
            time.sleep(get_setting("MIN_FILL_SECONDS") + 0.3)
            for email, body, headers in prepared:
                t0 = time.perf_counter()
                try:
                    status = loadtest.request(self.port, "POST", self.path, body=body, headers=headers)[0]
                except OSError:
                    status = 0
                self.record(status, (time.perf_counter() - t0) * 1000)
                if status == 302:  # kept, the thank-you page follows
                    with self.lock:
                        self.acknowledged.append(email)

    def record(self, status, ms=None):
        with self.lock:
            self.statuses.append(status)
            if ms is not None:
                self.post_ms.append(ms)

    def __enter__(self):
        self.threads = [threading.Thread(target=self.client, daemon=True) for _ in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def figures(self):
        return {
            "requests": len(self.statuses),
            "acknowledged": len(self.acknowledged),
            "errors_5xx": sum(500 <= s < 600 for s in self.statuses),
            "errors_500": self.statuses.count(500),
            "no_answer": self.statuses.count(0),
            "post_max_ms": round(max(self.post_ms, default=0)),
        }


class Pages(threading.Thread):
    """One visitor reading ``paths`` in turn, without a pause, while a fault happens."""

    def __init__(self, port, paths):
        super().__init__(daemon=True)
        self.port, self.paths, self.statuses = port, paths, []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.statuses.extend(answers(self.port, path) for path in self.paths)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.join(timeout=60)

    def figures(self):
        return {
            "pages_read": len(self.statuses),
            "pages_5xx": sum(s >= 500 for s in self.statuses),
            "pages_500": self.statuses.count(500),
        }


def answers(port, path):
    try:
        return loadtest.request(port, "GET", path)[0]
    except OSError:
        return 0
