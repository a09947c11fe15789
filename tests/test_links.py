"""Signed links: each kind opens only its own page, and expires when its setting says,
to the second (tokens are made by the app's own functions, so a shared salt or a
wrong unit in ``max_age`` shows here)."""

import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from tests.conftest import form_data
from tests.factories import ApplicationFactory
from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.applications import confirmation
from wagtail_skilldonation.followup import feedback, hours
from wagtail_skilldonation.models import Application, Feedback, HoursDeclaration, Volunteer


@pytest.fixture
def completed(open_mission):
    return ApplicationFactory(
        mission=open_mission,
        volunteer__first_name="Noé",
        volunteer__last_name="C",
        volunteer__email="noe@example.org",
        status="completed",
        hours=4,
    )


@pytest.fixture
def certificate(completed):
    return certificates.issue(completed, notify=False)


@pytest.fixture
def awaiting(completed):
    """A form sent again with a known address: it waits for the confirmation link."""
    return applications.submit(
        completed.mission,
        volunteer_data={"email": "noe@example.org", "first_name": "Autre"},
        skills=[],
        message="Pas moi",
        notify=False,
    )


def _pair(value):
    return value if isinstance(value, list) else [value, "volunteer"]


# Each kind of link: how the app makes its token from a value, and the page that
# opens a token.
MAKERS = {
    "hours": lambda value: hours.link_token(SimpleNamespace(pk=value)),
    # A feedback token always holds ``[application, role]``.
    "feedback": lambda value: (
        urlsplit(feedback.link_url(SimpleNamespace(pk=_pair(value)[0]), _pair(value)[1]))
        .path.rstrip("/")
        .rsplit("/", 1)[1]
    ),
    "download": lambda value: certificates.download_token(SimpleNamespace(pk=value)),
    "confirm": lambda value: (
        urlsplit(confirmation.link_url(SimpleNamespace(pk=value))).path.rstrip("/").rsplit("/", 1)[1]
    ),
}


def opener(kind, accepted, completed, certificate, awaiting):
    """``(value, url for a token)`` of the record each kind of link opens."""
    if kind == "confirm":
        return awaiting.pk, lambda token: reverse("wagtail_skilldonation:submission_confirm", args=[token])
    if kind == "hours":
        return accepted.pk, lambda token: reverse("wagtail_skilldonation:hours", args=[token])
    if kind == "feedback":
        return [completed.pk, "volunteer"], lambda token: reverse("wagtail_skilldonation:feedback", args=[token])
    return (
        certificate.pk,
        lambda token: (
            reverse("wagtail_skilldonation:certificate_download", args=[certificate.code]) + f"?token={token}"
        ),
    )


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_each_link_opens_its_own_page(client, accepted, completed, certificate, awaiting, kind):
    value, url = opener(kind, accepted, completed, certificate, awaiting)
    assert client.get(url(MAKERS[kind](value)), follow=True).status_code == 200


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in sorted(MAKERS) for t in sorted(MAKERS) if s != t],
)
def test_a_link_of_one_kind_opens_no_other(client, accepted, completed, certificate, awaiting, source, target):
    # The token carries exactly the value the other page expects: only the salt
    # tells them apart.
    value, url = opener(target, accepted, completed, certificate, awaiting)
    forged = MAKERS[source](value)
    assert client.get(url(forged), follow=True).status_code == 404
    assert client.post(url(forged), {"date": "2026-01-01", "hours": "2", "rating": "5"}).status_code in (404, 405)
    assert not HoursDeclaration.objects.filter(source="volunteer").exists()
    assert not Feedback.objects.exists()
    awaiting.refresh_from_db()
    assert awaiting.state == "awaiting"  # nothing confirmed
    assert Volunteer.objects.get(email="noe@example.org").first_name == "Noé"


def made_ago(monkeypatch, seconds, make):
    """A token made ``seconds`` ago (the signer reads the clock when signing)."""
    now = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: now - seconds)
        return make()


@pytest.mark.parametrize(
    ("setting", "kind"),
    [
        ("HOURS_LINK_MAX_AGE", "hours"),
        ("FEEDBACK_LINK_MAX_AGE", "feedback"),
        ("CONFIRM_LINK_MAX_AGE", "confirm"),
    ],
)
def test_links_expire_at_their_setting_to_the_second(
    client, settings, monkeypatch, accepted, completed, certificate, awaiting, setting, kind
):
    settings.WAGTAIL_SKILLDONATION = {setting: 3600}
    value, url = opener(kind, accepted, completed, certificate, awaiting)
    fresh = made_ago(monkeypatch, 3590, lambda: MAKERS[kind](value))
    stale = made_ago(monkeypatch, 3610, lambda: MAKERS[kind](value))
    assert client.get(url(fresh), follow=True).status_code == 200
    response = client.get(url(stale), follow=True)
    assert response.status_code == 410
    assert "Link expired" in response.content.decode()


def test_default_link_lifetimes_are_days_not_seconds(client, monkeypatch, accepted, completed, certificate, awaiting):
    # 89 days old: still good (90 days for hours, 60 for feedback, 7 to confirm); 91: expired.
    day = 86400

    def opened(kind, days):
        value, url = opener(kind, accepted, completed, certificate, awaiting)
        link = made_ago(monkeypatch, days * day, lambda: MAKERS[kind](value))
        return client.get(url(link), follow=True).status_code

    assert (opened("confirm", 6), opened("confirm", 8)) == (200, 410)
    assert (opened("hours", 89), opened("hours", 91)) == (200, 410)
    assert (opened("feedback", 59), opened("feedback", 61)) == (200, 410)


def test_application_form_expires_at_form_max_age(client, settings, monkeypatch, open_mission):
    from wagtail_skilldonation.applications.forms import started_token

    settings.WAGTAIL_SKILLDONATION = {"FORM_MAX_AGE": 3600}

    def started(age):
        return made_ago(monkeypatch, age, lambda: started_token(open_mission))

    old = client.post(open_mission.url, form_data(open_mission, started=started(3610)), follow=True)
    assert "This form was open for too long" in old.content.decode()
    assert not Application.objects.exists()
    recent = client.post(open_mission.url, form_data(open_mission, started=started(3590)), follow=True)
    assert "Thank you for your application" in recent.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.parametrize("kind", ["hours", "feedback", "confirm"])
def test_an_opened_link_leaves_its_token_behind_at_once(client, accepted, completed, certificate, awaiting, kind):
    """The token leaves the address bar (history, bookmarks, Referer, later requests):
    the page redirects to itself without it, the token in a cookie for that page only;
    the page then works from its clean address, its forms included."""
    value, url = opener(kind, accepted, completed, certificate, awaiting)
    token = MAKERS[kind](value)
    opened = client.get(url(token) + "?from=mail")
    assert opened.status_code == 302
    clean = url(token)[: -len(token) - 1]
    assert opened["Location"] == clean + "?from=mail"
    assert token not in opened["Location"]
    assert opened["Referrer-Policy"] == "no-referrer"
    cookie = opened.cookies["skilldonation_link"]
    assert (cookie.value, cookie["path"], cookie["httponly"], cookie["samesite"]) == (token, clean, True, "Lax")
    page = client.get(opened["Location"])
    assert page.status_code == 200
    assert token not in page.content.decode()  # nor in the page's own links and forms


def test_the_hours_form_works_from_its_clean_address(client, accepted):
    token = MAKERS["hours"](accepted.pk)
    clean = client.get(reverse("wagtail_skilldonation:hours", args=[token]))["Location"]
    sent = client.post(clean, {"date": timezone.localdate().isoformat(), "hours": "2", "description": "Atelier"})
    assert sent.status_code in (200, 302)
    assert accepted.hours_declarations.get().description == "Atelier"
