"""The production profile's access log holds no signed token: a real gunicorn run,
with the logger ``example_site/serve.sh`` gives it, asked for the links people
receive (sign-in, hours, feedback, confirmation, way out, certificate download), with
a Referer carrying one too; then its log is read."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from wagtail_skilldonation.links import REDACTED, sign

pytestmark = [pytest.mark.slow, pytest.mark.server]
ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_gunicorn_run_logs_no_token(tmp_path):
    # The logger the production profile runs with, used here as there.
    assert (
        "--logger-class wagtail_skilldonation.management.gunicorn.Logger"
        in (ROOT / "example_site/serve.sh").read_text()
    )
    tokens = {
        name: sign({"a": 1, "n": name}, f"salt.{name}")
        for name in ("link", "hours", "feedback", "confirm", "stop", "pdf")
    }
    paths = [
        reverse("wagtail_skilldonation:space_link", args=[tokens["link"]]) + "?next=/portal/me/",
        reverse("wagtail_skilldonation:hours", args=[tokens["hours"]]),
        reverse("wagtail_skilldonation:feedback", args=[tokens["feedback"]]),
        reverse("wagtail_skilldonation:submission_confirm", args=[tokens["confirm"]]),
        reverse("wagtail_skilldonation:space_stop", args=[tokens["stop"]]),
        reverse("wagtail_skilldonation:certificate_download", args=["ABCD-EFGH-JKMN-PQRS"])
        + "?token="
        + tokens["pdf"].replace(":", "%3A"),
    ]
    port, log = free_port(), tmp_path / "access.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://portal.example",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "example_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--access-logfile", str(log), "--logger-class", "wagtail_skilldonation.management.gunicorn.Logger"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "server.log", "w"),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                get(port, "/portal/certificates/")
                break
            except OSError:
                time.sleep(0.2)
        statuses = [get(port, path, Referer=f"https://portal.example{paths[1]}") for path in paths]
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert all(statuses), statuses  # every request reached the server and was logged
    lines = log.read_text().splitlines()
    assert len(lines) >= len(paths), lines
    text = "\n".join(lines)
    for name, token in tokens.items():
        assert token not in text, name
        assert token.split(":")[-1] not in text, name  # nor its signature alone
        assert token.replace(":", "%3A").split("%3A")[-1] not in text, name
    assert text.count(REDACTED) >= len(paths) * 2  # each request line and its Referer
