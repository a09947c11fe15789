"""``skilldonation_bench load``: the production profile under load, on 127.0.0.1 only.

gunicorn and the database task worker run against the benchmark's throw-away database
(and Redis when ``REDIS_URL`` is set); clients in threads of this process drive them
for a bounded time, then the database is read back: what must hold whatever the speed
(every application kept once, capacity exact, every e-mail delivered)."""

import concurrent.futures
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie

from django.conf import settings
from django.db import connection

STARTED = re.compile(r'name="started" value="([^"]+)"')


class Server:
    """gunicorn and the task worker as ``make serve`` starts them, on free loopback ports,
    pointed at the database the benchmark built: ``servers`` gunicorn instances of
    ``processes`` processes each and ``task_workers`` workers. With more than one
    server, Debian's haproxy spreads requests over them (round robin) on ``port``, as a
    load balancer would, and adds the address it saw to ``X-Forwarded-For`` (so the
    servers trust two proxies: the clients' header plays an outer one); ``ports`` are
    the servers' own, for asking each one directly."""

    def __init__(self, processes, mail_dir, servers=1, task_workers=1):
        self.ports = [_free_port() for _ in range(servers)]
        self.port = self.ports[0] if servers == 1 else _free_port()
        self.mail_dir = mail_dir
        self.processes_per_server = processes
        self.task_workers = task_workers
        self.processes = []

    def env(self):
        db = settings.DATABASES["default"]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "example_site.settings"),
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "WAGTAILADMIN_BASE_URL": "https://portal.bench.example",
            "SKILLDONATION_QUEUE": "db",
            "CONN_MAX_AGE": "60",
            "TRUSTED_PROXIES": "1" if len(self.ports) == 1 else "2",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": self.mail_dir,
            "CACHE_KEY_PREFIX": self.cache_prefix,
        }
        if connection.vendor == "sqlite":
            env.pop("DATABASE_URL", None)
            env["SQLITE_PATH"] = str(db["NAME"])
        else:
            user = urllib.parse.quote(db.get("USER") or "")
            password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
            env["DATABASE_URL"] = (
                f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
            )
        if not os.environ.get("REDIS_URL"):
            env["CACHE_DIR"] = self.cache_dir
        return env

    def __enter__(self):
        # One secret, cache and key prefix for every process: they are one site.
        self.secret_key = secrets.token_urlsafe(50)
        self.cache_prefix = f"bench-{uuid.uuid4().hex[:8]}"
        self.cache_dir = tempfile.mkdtemp(prefix="skilldonation-bench-cache-")
        env, python = self.env(), sys.executable
        self.log = open(os.path.join(self.mail_dir, "..", "server.log"), "w")
        wsgi = settings.WSGI_APPLICATION.rsplit(".", 1)[0]
        for port in self.ports:
            self._start(
                [python, "-m", "gunicorn", wsgi, "--bind", f"127.0.0.1:{port}"]
                + ["--workers", str(self.processes_per_server), "--timeout", "60"],
                env,
            )
        # The worker yields the CPU to requests, as ``make serve`` starts it: a mail may
        # wait a moment, a visitor should not.
        for _ in range(self.task_workers):
            self._start(
                ["nice", "-n", "10", python, "-m", "django", "skilldonation_worker"]
                + ["--no-reload", "--no-startup-delay", "--interval", "0.1"],
                env,
            )
        if len(self.ports) > 1:
            self._start(["haproxy", "-db", "-f", self._haproxy_config()], env)
        deadline = time.monotonic() + 60
        waiting = {self.port, *self.ports}
        while waiting and time.monotonic() < deadline and all(p.poll() is None for p in self.processes):
            for port in list(waiting):
                try:
                    if request(port, "GET", "/")[0] == 200:
                        waiting.discard(port)
                except OSError:
                    pass
            time.sleep(0.3)
        if waiting:
            self.__exit__()
            raise RuntimeError(f"gunicorn, haproxy or the worker did not start (see {self.log.name})")
        return self

    def _start(self, command, env):
        self.processes.append(subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT))

    def _haproxy_config(self):
        """Round robin over the servers, each connection to a server closed after its
        answer (gunicorn's sync workers do), the client's address appended."""
        backends = "\n".join(f"    server app{i} 127.0.0.1:{port}" for i, port in enumerate(self.ports))
        path = os.path.join(self.mail_dir, "..", "haproxy.cfg")
        with open(path, "w") as handle:
            handle.write(
                "global\n    maxconn 512\n"
                "defaults\n    mode http\n    option forwardfor\n    option http-server-close\n"
                "    timeout connect 5s\n    timeout client 60s\n    timeout server 60s\n"
                f"frontend portal\n    bind 127.0.0.1:{self.port}\n    default_backend servers\n"
                f"backend servers\n    balance roundrobin\n{backends}\n"
            )
        return path

    def __exit__(self, *exc):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    """One HTTP exchange on a new connection (gunicorn's sync workers close it)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("Set-Cookie") or ""
    finally:
        conn.close()


def percentiles(times):
    if not times:
        return {}
    ordered = sorted(times)

    def at(q):
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 1)}


def hammer(port, paths, clients, seconds):
    """``clients`` threads GET ``paths`` in turn for ``seconds`` each round, three
    rounds, so each page meets the machine's ups and downs alike."""
    results = {name: {"times": [], "errors": 0, "seconds": 0.0} for name in paths}
    for _round in range(3):
        for name, path in paths.items():
            deadline = time.monotonic() + seconds / 3
            lock = threading.Lock()

            def client(deadline=deadline, path=path, lock=lock, name=name):
                while time.monotonic() < deadline:
                    t0 = time.perf_counter()
                    try:
                        status = request(port, "GET", path)[0]
                    except OSError:
                        status = 0
                    elapsed = (time.perf_counter() - t0) * 1000
                    with lock:
                        results[name]["times"].append(elapsed)
                        results[name]["errors"] += status != 200

            start = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                for future in [pool.submit(client) for _ in range(clients)]:
                    future.result()
            results[name]["seconds"] += time.monotonic() - start
    return {
        name: {
            "requests": len(r["times"]),
            "errors": r["errors"],
            "rps": round(len(r["times"]) / r["seconds"], 1),
            **percentiles(r["times"]),
        }
        for name, r in results.items()
    }


def _cookies(header):
    jar = SimpleCookie()
    for part in re.split(r",(?=\s*\w+=)", header):
        jar.load(part)
    return {key: morsel.value for key, morsel in jar.items()}


class Refused(RuntimeError):
    """The page did not answer 200: ``status`` says what it answered."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def prepare_application(port, path, person, ip):
    """What a browser does before sending the form: GET the page (CSRF cookie, the
    signed "started" token)."""
    status, body, set_cookie = request(port, "GET", path, headers={"X-Forwarded-For": ip})
    if status != 200:
        raise Refused(status, f"GET {path}: {status}")
    token = _cookies(set_cookie)["csrftoken"]
    started = STARTED.search(body.decode()).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "started": started,
        "website": "",
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "email": person["email"],
        "postcode": "69007",
        "city": "Lyon",
        "format": "both",
        "availability_hours": "6",
        "message": "Disponible le soir.",
    }
    headers = {
        "Cookie": f"csrftoken={token}",
        "X-Forwarded-For": ip,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return urllib.parse.urlencode(fields), headers


def post_all(port, path, prepared, clients):
    times, errors = [], []
    lock = threading.Lock()

    def send(item):
        body, headers = item
        t0 = time.perf_counter()
        try:
            status = request(port, "POST", path, body=body, headers=headers)[0]
        except OSError:
            status = 0
        elapsed = (time.perf_counter() - t0) * 1000
        with lock:
            times.append(elapsed)
            # A kept application redirects to the thank-you page (post/redirect/get); the
            # form again (an error) answers 200 with the summary.
            if status != 302:
                errors.append(status)

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(send, prepared))
    seconds = time.monotonic() - start
    return {"requests": len(times), "errors": len(errors), "rps": round(len(times) / seconds, 1), **percentiles(times)}


def with_cookies(headers, set_cookie):
    """``headers`` with the cookies an answer set added (Django's messages)."""
    cookies = "; ".join(f"{key}={value}" for key, value in _cookies(set_cookie).items()) if set_cookie else ""
    return {**headers, "Cookie": f"{headers['Cookie']}; {cookies}"} if cookies else headers


def admin_session(port, username, password):
    status, _body, set_cookie = request(port, "GET", "/admin/login/")
    token = _cookies(set_cookie)["csrftoken"]
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    status, _body, set_cookie = request(
        port,
        "POST",
        "/admin/login/",
        body=body,
        headers={
            "Cookie": f"csrftoken={token}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    session = _cookies(set_cookie).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"admin login failed: {status}")
    return {
        "Cookie": f"csrftoken={token}; sessionid={session}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def accept_all(port, urls, headers, clients):
    """Editors accepting at once: every pending application, ``clients`` at a time."""
    statuses = []

    def accept(url):
        try:
            # As sent from the page that shows the e-mail first (the editor confirmed).
            status = request(port, "POST", url, body="to_status=accepted&confirmed=1", headers=headers)[0]
        except OSError:
            status = 0
        statuses.append(status)

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(accept, urls))
    # A refused accept (the mission is full) redirects back with the reason, like one
    # that succeeded: an error is anything else.
    return sum(status != 302 for status in statuses)


def wait_for_mail(timeout, stalled=60):
    """Until the worker has delivered or given up on every e-mail: as long as it makes
    progress (a niced worker on a machine busy with other jobs delivers slowly, not
    never), but no more than ``stalled`` seconds without one delivered, nor ``timeout``
    in all. Returns the seconds waited."""
    from ..models import OutgoingMail

    start = time.monotonic()
    last_count, last_progress = None, start
    while time.monotonic() - start < timeout:
        left = OutgoingMail.objects.filter(status__in=["pending", "sending"]).count()
        if not left:
            break
        if left != last_count:
            last_count, last_progress = left, time.monotonic()
        elif time.monotonic() - last_progress > stalled:
            break
        time.sleep(0.5)
    return time.monotonic() - start


def delivered_messages(mail_dir):
    """Every Message-ID of the delivered files, once per delivery (a message sent
    twice shows its ID twice)."""
    found = []
    for name in os.listdir(mail_dir):
        with open(os.path.join(mail_dir, name), "rb") as handle:
            found += re.findall(rb"\nMessage-ID: (\S+)", handle.read())
    return found
