"""The app's settings: one dict, ``WAGTAIL_SKILLDONATION``, merged over ``DEFAULTS``.

Read through ``get_setting()`` so tests using ``override_settings`` see their values.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

SETTINGS_NAME = "WAGTAIL_SKILLDONATION"

DEFAULTS = {
    # Template that public pages extend; a site points it at its own base template,
    # which must define the blocks ``title``, ``extra_head`` and ``content``.
    "BASE_TEMPLATE": "wagtail_skilldonation/base.html",
    # Items per page on the need, mission and testimonial indexes.
    "INDEX_PAGE_SIZE": 12,
    # Version of the consent text shown on the public form; bump it when the text changes.
    "CONSENT_VERSION": "2026-11",
    # Anti-spam on the application form: minimum seconds between display and submit
    # (faster is a bot), how long a displayed form stays valid, and how many
    # submissions one IP (stored hashed, in the cache) may make per window of seconds.
    "MIN_FILL_SECONDS": 3,
    "FORM_MAX_AGE": 24 * 3600,
    "RATE_LIMIT": (5, 600),
    # Matching: relative weights of the score's parts (normalised to sum to 1), and
    # what each accepted place on an active mission takes off, up to a maximum.
    "MATCHING_WEIGHTS": {
        "skills": 0.6,
        "format": 0.15,
        "place": 0.1,
        "availability": 0.15,
        "busy_penalty": 0.05,
        "busy_penalty_max": 0.15,
    },
    # Invitations a volunteer may receive per 30 days, all missions together.
    "INVITATIONS_PER_30_DAYS": 2,
    # How many matches the mission editor's panel shows.
    "MATCHING_PANEL_SIZE": 10,
    # Issue the certificate as soon as an application is marked completed.
    "AUTO_ISSUE_CERTIFICATES": False,
    # Sign certificates (PAdES, with pyHanko): {"PKCS12": path, "PASSPHRASE": "…"}.
    "CERTIFICATE_SIGNING": None,
    # Certificate checks one IP may make per window of seconds.
    "VERIFY_RATE_LIMIT": (30, 600),
    # Certificate downloads one IP may make per window of seconds (the file is
    # rendered once, at issue; this only keeps loops from eating the bandwidth).
    "DOWNLOAD_RATE_LIMIT": (30, 600),
    # How long the link confirming a submission for a known e-mail stays valid.
    "CONFIRM_LINK_MAX_AGE": 7 * 24 * 3600,
    # How long the link a volunteer uses to declare hours stays valid (seconds).
    "HOURS_LINK_MAX_AGE": 90 * 24 * 3600,
    # How long the feedback links sent at completion stay valid (seconds).
    "FEEDBACK_LINK_MAX_AGE": 60 * 24 * 3600,
    # Days a suspected spam (hidden field filled in) waits for an editor's "Not spam"
    # before ``skilldonation_purge`` deletes it.
    "SPAM_RETENTION_DAYS": 30,
    # Seconds before each new attempt at an e-mail that failed (then editors resend).
    "MAIL_RETRY_DELAYS": (5 * 60, 30 * 60, 2 * 3600, 12 * 3600),
}

_cache = {}


def get_setting(name):
    if name not in _cache:
        user = getattr(settings, SETTINGS_NAME, {}) or {}
        if name not in DEFAULTS:
            raise KeyError(f"Unknown {SETTINGS_NAME} key: {name}")
        _cache[name] = user.get(name, DEFAULTS[name])
    return _cache[name]


@receiver(setting_changed)
def _reload(*, setting, **kwargs):
    if setting == SETTINGS_NAME:
        _cache.clear()
