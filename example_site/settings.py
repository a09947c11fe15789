"""Settings of the example site: SQLite by default, ``DATABASE_URL`` switches it.

Run from the repository root: ``python -m django <command>`` with
``DJANGO_SETTINGS_MODULE=example_site.settings`` (the Makefile sets it).
"""

import importlib.util
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

# Read from the environment. The example site is a local try-out, so DEBUG is on
# unless DEBUG=0 (tools that import these settings, such as `makemigrations --check`,
# need no environment); the public key below is only accepted with DEBUG on: with it,
# anyone could sign hours, feedback and certificate-download links for other people.
PUBLIC_SECRET_KEY = "example-site-not-secret-change-me"
DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", PUBLIC_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", PUBLIC_SECRET_KEY):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set the SECRET_KEY environment variable (a long random string) when DEBUG is off; "
        "for a local try-out, DEBUG=1."
    )
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split() or (
    ["localhost", "127.0.0.1", "testserver", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "example_site.home",
    "wagtail_skilldonation",
    "wagtail_modeladmin",
    "wagtail.api.v2",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "rest_framework",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
# The production profile's task queue (`make serve`, below): installed whenever the
# `serve` extra is, so its tables exist before a worker is asked for.
if importlib.util.find_spec("django_tasks_db"):
    INSTALLED_APPS.append("django_tasks_db")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from gunicorn itself in the production profile (no nginx needed).
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if importlib.util.find_spec("whitenoise") else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The database out of reach (a restart): 503 "back in a moment", not a bare 500.
    "wagtail_skilldonation.portal.middleware.DatabaseUnavailableMiddleware",
    # The portal's pages found in one query once served (optional; portal.routing).
    "wagtail_skilldonation.portal.routing.CachedRoutesMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    # CONN_MAX_AGE: seconds a worker keeps its connection (`make serve` sets 60).
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            # Writers queue up (IMMEDIATE) instead of failing with "database is
            # locked" when several threads or processes write at once.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis cache that serves on (logged) while Redis is down.
            "BACKEND": "wagtail_skilldonation.cache.ForgivingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif os.environ.get("CACHE_DIR"):
    # Several processes of one machine without Redis (`make serve`) share a file cache:
    # rate limits and the portal's cached parts must be the same in every worker.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CACHE_DIR"],
        }
    }

# SKILLDONATION_QUEUE=db: e-mails, alerts, certificate batches and Wagtail's own index
# updates leave the request for a queue in the database, run by `manage.py skilldonation_worker`
# (`make serve` starts one). Otherwise Wagtail's default runs them in the request,
# right after the commit.
if os.environ.get("SKILLDONATION_QUEUE") == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# SKILLDONATION_MULTILINGUAL=1: pages in French and English (/fr/…, /en/…), translated
# with Wagtail's "Translate" action (wagtail.contrib.simple_translation); the demo then
# adds the English version of its pages.
WAGTAIL_I18N_ENABLED = os.environ.get("SKILLDONATION_MULTILINGUAL") == "1"
if WAGTAIL_I18N_ENABLED:
    WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Issued certificates' PDFs: private (no base URL, outside MEDIA_ROOT); any
    # Django storage works, e.g. a private S3 bucket.
    "skilldonation_certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(os.environ.get("SKILLDONATION_PRIVATE_ROOT", BASE_DIR / "private")),
            "base_url": None,
        },
    },
}

WAGTAIL_SITE_NAME = "Savoir partagé"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The API's own links (detail_url) by the same rule as e-mails, not the Site's hostname.
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# The local try-out knows its address is local; `check --deploy` still says so (E005).
SILENCED_SYSTEM_CHECKS = ["wagtail_skilldonation.W004"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL full-text search with French stemming ("formations" finds "formation").
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = "Savoir partagé <contact@savoir-partage.example>"
# A mail server that accepts the connection and never answers must not hold a worker
# (Django waits forever by default).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
if os.environ.get("EMAIL_HOST"):  # with the SMTP backend
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
if os.environ.get("EMAIL_FILE_PATH"):  # with the file-based backend
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

WAGTAIL_SKILLDONATION = {
    # Behind nginx or a load balancer: how many proxies of yours stand in front.
    "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
    # Seconds before a silent task worker's tasks are run by another (the fault bench
    # shortens it).
    "WORKER_LOST_AFTER": int(os.environ.get("WORKER_LOST_AFTER", "60")),
}

# Errors are seen: every request error's traceback (and every warning) goes to stderr,
# which gunicorn and the worker write to their log, DEBUG on or off; the signed links in
# request paths are redacted. ADMINS="Name <address>" also mails them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "wagtail_skilldonation.links.RedactSignedLinks"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["redact"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "filters": ["redact"]},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "WARNING", "propagate": False},
        "wagtail_skilldonation": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
ADMINS = [
    tuple(part.strip(" >") for part in admin.split("<"))
    for admin in os.environ.get("ADMINS", "").split(",")
    if "<" in admin
]

# Behind an HTTPS proxy (production): HTTPS=1 makes cookies secure-only, redirects plain
# HTTP and trusts the proxy's X-Forwarded-Proto; SECURE_HSTS_SECONDS=31536000 once the
# whole site is served over HTTPS for good (and SECURE_HSTS_INCLUDE_SUBDOMAINS=1,
# SECURE_HSTS_PRELOAD=1 when its subdomains are too): then `check --deploy` is clean.
if os.environ.get("HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD") == "1"
