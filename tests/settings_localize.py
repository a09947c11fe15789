"""The suite's settings with wagtail-localize instead of simple_translation: the
`localize` extra, as its README installs it (wagtail_localize and
wagtail_localize.locales in place of wagtail.locales), English and French content."""

from tests.settings import *  # noqa: F401,F403

INSTALLED_APPS = [
    app
    for app in INSTALLED_APPS  # noqa: F405
    if app not in {"wagtail.contrib.simple_translation", "wagtail.locales"}
]
INSTALLED_APPS = ["wagtail_localize", "wagtail_localize.locales", *INSTALLED_APPS]
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "Français")]
