"""The app's settings: one dict, ``WAGTAIL_SKILLDONATION``, merged over ``DEFAULTS``.

Read through ``get_setting()`` so tests using ``override_settings`` see their values.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

SETTINGS_NAME = "WAGTAIL_SKILLDONATION"

DEFAULTS = {
    # Template that public pages extend; a site points it at its own base template,
    # which must define the blocks ``title``, ``extra_head`` and ``content``.
    "BASE_TEMPLATE": "wagtail_skilldonation/base.html",
    # The mission page's application form (a ``FormBuilder`` whose form has
    # ``save(page)``) and the mission index's filter form: a site may extend either.
    "APPLICATION_FORM_BUILDER": "wagtail_skilldonation.applications.forms.ApplicationFormBuilder",
    "MISSION_FILTER_FORM": "wagtail_skilldonation.portal.filters.MissionFilterForm",
    # Items per page on the need, mission and testimonial indexes.
    "INDEX_PAGE_SIZE": 12,
    # Parts of public pages (content, menu, breadcrumbs, footer, the form's questions)
    # kept in Django's cache until an editor changes content, at most this many
    # seconds (cache.py); 0: rendered on every request.
    "PAGE_CACHE_SECONDS": 3600,
    # Version of the consent text shown on the public form; bump it when the text changes.
    "CONSENT_VERSION": "2026-11",
    # Anti-spam on the application form: minimum seconds between display and submit
    # (faster is a bot), how long a displayed form stays valid, and how many
    # submissions one IP (stored hashed, in the cache) may make per window of seconds.
    "MIN_FILL_SECONDS": 3,
    "FORM_MAX_AGE": 24 * 3600,
    # The application form's limits: per address *and* e-mail (``RATE_LIMIT``, so
    # colleagues behind one office network are not one visitor), and per address alone,
    # looser (``RATE_LIMIT_PER_IP``).
    "RATE_LIMIT": (5, 600),
    "RATE_LIMIT_PER_IP": (60, 600),
    # How many reverse proxies of yours stand before the site: the client's address is
    # read from X-Forwarded-For that many entries from the right. 0: the socket's.
    "TRUSTED_PROXIES": 0,
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
    # An application without an answer for longer is shown as waiting (admin home,
    # the inbox's "Waiting" filter).
    "ANSWER_WITHIN_DAYS": 5,
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
    # How long the download link of a certificate e-mail stays valid (seconds); the
    # volunteer's space always gives a fresh one.
    "DOWNLOAD_LINK_MAX_AGE": 30 * 24 * 3600,
    # How long the link confirming a submission for a known e-mail stays valid.
    "CONFIRM_LINK_MAX_AGE": 7 * 24 * 3600,
    # How long the link a volunteer uses to declare hours stays valid (seconds).
    "HOURS_LINK_MAX_AGE": 90 * 24 * 3600,
    # Hours may be dated up to this many days after the mission's end date (a report
    # written after the last session); never before the application, never after today.
    "HOURS_DAYS_AFTER_END": 30,
    # How long the feedback links sent at completion stay valid (seconds).
    "FEEDBACK_LINK_MAX_AGE": 60 * 24 * 3600,
    # Days a suspected spam (hidden field filled in) waits for an editor's "Not spam"
    # before ``skilldonation_purge`` deletes it.
    "SPAM_RETENTION_DAYS": 30,
    # Seconds before each new attempt at an e-mail that failed (then editors resend).
    "MAIL_RETRY_DELAYS": (5 * 60, 30 * 60, 2 * 3600, 12 * 3600),
    # A task worker (``skilldonation_worker``) not seen for this many seconds is lost:
    # another one runs again the tasks it left running (it beats four times as often).
    "WORKER_LOST_AFTER": 60,
    # The volunteer's space: how long an e-mailed sign-in link works (seconds, once),
    # how long a session lasts without a visit (seconds), and how many links may be
    # asked for per IP and per address (counted apart: one office is not one person).
    "SIGN_IN_LINK_MAX_AGE": 30 * 60,
    "SPACE_SESSION_MAX_IDLE": 14 * 24 * 3600,
    "SIGN_IN_RATE_LIMIT": (10, 3600),
    "SIGN_IN_RATE_LIMIT_PER_ADDRESS": (3, 3600),
    # Lasting impact: months after a mission is completed when its organisation is asked
    # what lasted (each step once per mission; a step more than 60 days late is skipped),
    # and the days without any contact after which a partnership is shown as quiet.
    "IMPACT_FOLLOW_UP_MONTHS": (3, 6),
    "PARTNERSHIP_QUIET_DAYS": 365,
}

_cache = {}


def get_setting(name):
    if name not in _cache:
        user = getattr(settings, SETTINGS_NAME, {}) or {}
        if name not in DEFAULTS:
            raise KeyError(f"Unknown {SETTINGS_NAME} key: {name}")
        value, default = user.get(name, DEFAULTS[name]), DEFAULTS[name]
        if isinstance(default, dict) and isinstance(value, dict):
            value = {**default, **value}  # a partial dict keeps the other defaults
        _cache[name] = value
    return _cache[name]


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _limit(value):
    return (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value)
    )


def _importable(value):
    """A dotted path that imports (checked when ``manage.py check`` runs, apps loaded)."""
    if not isinstance(value, str) or "." not in value:
        return False
    try:
        import_string(value)
    except ImportError:
        return False
    return True


# What each key must be, in words for the check that reports it.
VALIDATORS = {
    "APPLICATION_FORM_BUILDER": (_importable, _("the dotted path of a class that imports")),
    "MISSION_FILTER_FORM": (_importable, _("the dotted path of a class that imports")),
    "BASE_TEMPLATE": (lambda v: isinstance(v, str) and bool(v), _("a template name")),
    "INDEX_PAGE_SIZE": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0, _("a positive integer")),
    "CONSENT_VERSION": (lambda v: isinstance(v, str) and 0 < len(v) <= 20, _("a text of 1 to 20 characters")),
    "PAGE_CACHE_SECONDS": (_number, _("a number of seconds")),
    "ANSWER_WITHIN_DAYS": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0, _("a number of days")),
    "MIN_FILL_SECONDS": (_number, _("a number of seconds")),
    "FORM_MAX_AGE": (_number, _("a number of seconds")),
    "RATE_LIMIT": (_limit, _("(count, seconds), two positive integers")),
    "RATE_LIMIT_PER_IP": (_limit, _("(count, seconds), two positive integers")),
    "TRUSTED_PROXIES": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 5,
        _("a number of proxies, 0 to 5"),
    ),
    "MATCHING_WEIGHTS": (
        lambda v: (
            isinstance(v, dict) and set(v) <= set(DEFAULTS["MATCHING_WEIGHTS"]) and all(_number(x) for x in v.values())
        ),
        _(
            "a dict of non-negative numbers with keys among skills, format, place, availability, busy_penalty, "
            "busy_penalty_max"
        ),
    ),
    "INVITATIONS_PER_30_DAYS": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        _("a non-negative integer"),
    ),
    "MATCHING_PANEL_SIZE": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
        _("a positive integer"),
    ),
    "AUTO_ISSUE_CERTIFICATES": (lambda v: isinstance(v, bool), _("True or False")),
    "CERTIFICATE_SIGNING": (
        lambda v: v is None or (isinstance(v, dict) and "PKCS12" in v),
        _('None or {"PKCS12": path, "PASSPHRASE": …}'),
    ),
    "VERIFY_RATE_LIMIT": (_limit, _("(count, seconds), two positive integers")),
    "DOWNLOAD_RATE_LIMIT": (_limit, _("(count, seconds), two positive integers")),
    "CONFIRM_LINK_MAX_AGE": (_number, _("a number of seconds")),
    "DOWNLOAD_LINK_MAX_AGE": (_number, _("a number of seconds")),
    "HOURS_LINK_MAX_AGE": (_number, _("a number of seconds")),
    "HOURS_DAYS_AFTER_END": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        _("a whole number of days, 0 or more"),
    ),
    "FEEDBACK_LINK_MAX_AGE": (_number, _("a number of seconds")),
    "SPAM_RETENTION_DAYS": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
        _("a positive number of days"),
    ),
    "MAIL_RETRY_DELAYS": (
        lambda v: isinstance(v, (tuple, list)) and all(_number(x) for x in v),
        _("a list of seconds"),
    ),
    "WORKER_LOST_AFTER": (lambda v: _number(v) and v >= 2, _("a number of seconds, 2 or more")),
    "SIGN_IN_LINK_MAX_AGE": (_number, _("a number of seconds")),
    "SPACE_SESSION_MAX_IDLE": (_number, _("a number of seconds")),
    "SIGN_IN_RATE_LIMIT": (_limit, _("(count, seconds), two positive integers")),
    "SIGN_IN_RATE_LIMIT_PER_ADDRESS": (_limit, _("(count, seconds), two positive integers")),
    "IMPACT_FOLLOW_UP_MONTHS": (
        lambda v: (
            isinstance(v, (tuple, list))
            and all(isinstance(x, int) and not isinstance(x, bool) and 0 < x <= 120 for x in v)
        ),
        _("a list of months, each 1 to 120"),
    ),
    "PARTNERSHIP_QUIET_DAYS": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
        _("a positive number of days"),
    ),
}


def problems():
    """``(key, what it must be)`` for each unknown or invalid key the site set."""
    user = getattr(settings, SETTINGS_NAME, {}) or {}
    if not isinstance(user, dict):
        return [(None, "a dict")]
    found = []
    for key, value in user.items():
        if key not in DEFAULTS:
            found.append((key, None))
            continue
        valid, expected = VALIDATORS[key]
        if not valid(value):
            found.append((key, expected))
    return found


@receiver(setting_changed)
def _reload(*, setting, **kwargs):
    if setting == SETTINGS_NAME:
        _cache.clear()
