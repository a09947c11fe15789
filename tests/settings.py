"""Test settings: the example site, made fast and hermetic."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "1")  # the example site's public key is for DEBUG only
from example_site.settings import *  # noqa: F401,F403,E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="skilldonation-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Issued certificates' PDFs: private, never under MEDIA_URL.
    "skilldonation_certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="skilldonation-test-certificates-")},
    },
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "en"

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not :memory:, so the concurrency tests' threads share the database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"skilldonation-test-{os.getpid()}.sqlite3")
    }
WAGTAILADMIN_BASE_URL = "http://testserver"

TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR.parent / "tests" / "templates"]  # noqa: F405
