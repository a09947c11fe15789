"""Test settings: the example site, made fast and hermetic."""

import tempfile

from example_site.settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="skilldonation-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "en"
WAGTAILADMIN_BASE_URL = "http://testserver"

TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR.parent / "tests" / "templates"]  # noqa: F405
