"""The system checks catch each install mistake seen on a `wagtail start` site (#14),
and the example and test configurations pass them."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.checks import Error, Warning, run_checks
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from wagtail_skilldonation import checks
from wagtail_skilldonation.models import PortalSettings


def ids(messages):
    return sorted(m.id for m in messages)


def test_a_correct_install_has_nothing_to_say(db):
    # The Site's address is the base URL's (http://testserver here), as W006 asks.
    Site.objects.filter(is_default_site=True).update(hostname="testserver", port=80)
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name = "Savoir partagé"
    portal.save()
    found = [
        m
        for m in run_checks(include_deployment_checks=False, databases=["default"])
        if m.id.startswith("wagtail_skilldonation")
    ]
    assert found == []
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.parametrize("app", ["wagtail_modeladmin", "wagtail.contrib.settings", "wagtail.contrib.forms"])
def test_a_missing_app_is_an_error(app):
    # Without these two, `check` used to pass and the inbox answered 500.
    # (Reloading the app registry without them breaks Wagtail's admin API: the check is
    # given the INSTALLED_APPS to judge instead.)
    found = checks.required_apps(installed=[a for a in settings.INSTALLED_APPS if a != app])
    assert ids(found) == ["wagtail_skilldonation.E001"]
    assert app in found[0].msg
    assert isinstance(found[0], Error)
    assert "INSTALLED_APPS" in found[0].hint


def test_every_required_app_is_installed_here():
    assert checks.required_apps() == []


@override_settings(ROOT_URLCONF="tests.urls_without_portal")
def test_portal_urls_not_included():
    assert ids(checks.portal_urls()) == ["wagtail_skilldonation.E002"]


@override_settings(ROOT_URLCONF="tests.urls_shadowed")
def test_portal_urls_after_the_catch_all():
    (found,) = checks.portal_urls()
    assert found.id == "wagtail_skilldonation.E003"
    assert "above" in found.hint


def test_base_template_set_at_top_level_is_said_ignored(settings):
    settings.BASE_TEMPLATE = "base.html"
    found = checks.base_template()
    assert ids(found) == ["wagtail_skilldonation.W002"]
    assert "WAGTAIL_SKILLDONATION" in found[0].hint


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("wagtail_skilldonation/base.html", []),
        ("tests/starter_base.html", []),  # extra_css, as `wagtail start` writes it
        ("tests/custom_base.html", []),
        ("tests/no_blocks_base.html", ["wagtail_skilldonation.E004", "wagtail_skilldonation.W003"]),
        ("tests/headless_base.html", ["wagtail_skilldonation.W003"]),
        ("tests/tag_head_base.html", []),  # the fix W003's hint names
        ("tests/no_such_base.html", ["wagtail_skilldonation.E004"]),
    ],
)
def test_base_template_blocks(settings, template, expected):
    settings.WAGTAIL_SKILLDONATION = {"BASE_TEMPLATE": template}
    assert ids(checks.base_template()) == expected


@pytest.mark.parametrize(
    ("url", "debug", "placeholder"),
    [
        ("https://benevolat.savoir-partage.org", False, False),
        ("http://example.com", False, True),  # `wagtail start`'s value
        ("http://localhost:8000", False, True),
        ("", False, True),
        ("http://example.com", True, True),
    ],
)
def test_base_url(settings, url, debug, placeholder):
    """A placeholder address is a warning wherever the site runs, whatever DEBUG (a
    host site's tests run with DEBUG off), and an error under ``check --deploy``."""
    settings.WAGTAILADMIN_BASE_URL, settings.DEBUG = url, debug
    found, deployed = checks.base_url(), checks.base_url_deployed()
    assert ids(found) == (["wagtail_skilldonation.W004"] if placeholder else [])
    assert ids(deployed) == (["wagtail_skilldonation.E005"] if placeholder else [])
    for message, kind in ((*found, Warning), (*deployed, Error)) if placeholder else ():
        assert type(message) is kind
        assert "QR code" in message.msg  # says what the setting is for


def test_a_placeholder_address_stops_a_deployment_not_the_tests(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.WAGTAILADMIN_BASE_URL, settings.DEBUG = "http://example.com", False
    settings.SILENCED_SYSTEM_CHECKS = []
    call_command("check", stdout=StringIO(), stderr=StringIO())  # a warning: the host's tests run
    with pytest.raises(SystemCheckError, match="wagtail_skilldonation.E005"):
        call_command("check", "--deploy", stdout=StringIO(), stderr=StringIO())


def test_no_issuing_association_is_a_warning_when_the_database_is_checked(db):
    assert checks.portal_settings() == []  # without databases: no query
    assert ids(checks.portal_settings(databases=["default"])) == ["wagtail_skilldonation.W005"]
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name = "Savoir partagé"
    portal.save()
    assert checks.portal_settings(databases=["default"]) == []


@pytest.mark.parametrize(
    ("env", "refused"),
    [
        ({"DEBUG": "0"}, True),  # no key: refused
        ({"DEBUG": "0", "SECRET_KEY": "example-site-not-secret-change-me"}, True),  # the public one
        ({"DEBUG": "0", "SECRET_KEY": "a-long-random-production-key-0123456789"}, False),
        ({"DEBUG": "1"}, False),  # a local try-out
        ({}, False),  # a local try-out: DEBUG on, which the public key needs
    ],
)
def test_the_example_site_refuses_its_public_key_in_production(env, refused):
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    result = subprocess.run(
        [sys.executable, "-c", "import example_site.settings as s; print(s.DEBUG)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR.parent,
    )
    assert (result.returncode != 0) == refused, result.stderr[-500:]
    if refused:
        assert "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"BASE_TEMPATE": "base.html"}, ["BASE_TEMPATE"]),  # a typo: said, not ignored silently
        ({"RATE_LIMIT": 5}, ["RATE_LIMIT"]),
        ({"MATCHING_WEIGHTS": {"skils": 1}}, ["MATCHING_WEIGHTS"]),
        ({"MATCHING_WEIGHTS": {"skills": -1}}, ["MATCHING_WEIGHTS"]),
        ({"AUTO_ISSUE_CERTIFICATES": "yes"}, ["AUTO_ISSUE_CERTIFICATES"]),
        ({"MATCHING_WEIGHTS": {"skills": 1}, "RATE_LIMIT": (3, 60), "BASE_TEMPLATE": "base.html"}, []),
    ],
)
def test_the_settings_dict_is_checked(settings, value, expected):
    settings.WAGTAIL_SKILLDONATION = value
    found = checks.settings_dict()
    assert [m.id for m in found] == ["wagtail_skilldonation.E006"] * len(expected)
    for message, key in zip(found, expected, strict=False):
        assert key in message.msg
        assert message.hint


def test_a_partial_dict_keeps_the_other_defaults(settings, make_mission, skills):
    from wagtail_skilldonation.conf import DEFAULTS, get_setting
    from wagtail_skilldonation.matching import rank_volunteers

    settings.WAGTAIL_SKILLDONATION = {"MATCHING_WEIGHTS": {"skills": 1}}
    assert get_setting("MATCHING_WEIGHTS") == {**DEFAULTS["MATCHING_WEIGHTS"], "skills": 1}
    assert rank_volunteers(make_mission(skills=[skills["Graphisme"]])) == []  # used to raise KeyError
