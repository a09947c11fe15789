"""`check --deploy` is clean on the production profile with the settings
docs/production.md gives (#31: it reported W004, W008, W012, W016)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.server]
ROOT = Path(__file__).resolve().parent.parent

DOCUMENTED = {
    "DEBUG": "0",
    "HTTPS": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "ALLOWED_HOSTS": "benevolat.example.org",
    "WAGTAILADMIN_BASE_URL": "https://benevolat.example.org",
}


def test_check_deploy_is_clean_with_the_documented_settings():
    for name, value in DOCUMENTED.items():
        assert f"{name}={value}" in (ROOT / "docs/production.md").read_text(), name
    env = {
        **os.environ,
        **DOCUMENTED,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
    }
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout
