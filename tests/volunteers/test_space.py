"""The volunteer's space (#16): sign-in by e-mailed link, one's own applications only,
messages both ways, profile, choices, data download and erasure."""

import datetime
import json
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory
from wagtail_skilldonation import applications
from wagtail_skilldonation.followup.hours import link_token as hours_link_token
from wagtail_skilldonation.mail.way_out import read_stop_token
from wagtail_skilldonation.models import (
    Application,
    ApplicationMessage,
    Certificate,
    OutgoingMail,
    Volunteer,
    VolunteerAccess,
)
from wagtail_skilldonation.reports.figures import home_summary
from wagtail_skilldonation.volunteers import access, data

SPACE = "/portal/me/"


@pytest.fixture
def ines(db, skills):
    volunteer = Volunteer.objects.create(
        first_name="Inès", last_name="Martin", email="ines@example.org", consent_at=timezone.now()
    )
    volunteer.skills.add(skills["Graphisme"])
    return volunteer


@pytest.fixture
def other(db):
    return Volunteer.objects.create(first_name="Paul", last_name="Durand", email="paul@example.org")


@pytest.fixture
def completed_application(open_mission):
    def make(volunteer):
        return ApplicationFactory(mission=open_mission, volunteer=volunteer, language="fr", status="completed", hours=6)

    return make


def ask_link(client, email, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(SPACE, {"email": email}, **extra)


def link_from_outbox():
    assert mail.outbox, "no e-mail was sent"
    found = re.findall(r"https?://\S+/portal/me/link/\S+/", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found[0].split("testserver", 1)[-1] if "testserver" in found[0] else "/" + found[0].split("/", 3)[3]


def sign_in(client, volunteer, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    ask_link(client, volunteer.email, django_capture_on_commit_callbacks)
    link = link_from_outbox()
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == SPACE
    return link


def test_same_answer_for_known_and_unknown_addresses(client, ines, django_capture_on_commit_callbacks):
    known = ask_link(client, "INES@example.org ", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ines@example.org"]
    unknown = ask_link(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # nothing sent to a stranger
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url

    def page(url):  # the same page, but for the form's one-use token
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())

    assert page(known.url) == page(unknown.url)
    assert "a link is on its way" in page(known.url)


def test_asking_for_a_link_does_the_same_work_for_known_and_unknown_addresses(
    client, ines, django_capture_on_commit_callbacks
):
    """Its time must not tell either: the request writes one outbox row whatever the
    address (whether it is known is found when the mail is built, out of the request
    with a task worker); for a stranger the row ends "not needed", their address gone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def asked(email):
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=False):
            client.post(SPACE, {"email": email})
        return [
            (q["sql"].split(" ")[0], re.findall(r'(?:FROM|INTO|UPDATE) "?(\w+)', q["sql"]))
            for q in queries.captured_queries
        ]

    known, unknown = asked("ines@example.org"), asked("nobody@example.org")
    assert known == unknown
    assert VolunteerAccess.objects.count() == 0  # no session made in the request
    assert known  # the queries were seen
    assert not any("wagtail_skilldonation_volunteer" in tables for _verb, tables in known)
    rows = {row.recipient: row for row in OutgoingMail.objects.filter(kind="sign_in")}
    assert set(rows) == {"ines@example.org", "nobody@example.org"}
    from wagtail_skilldonation.mail import outbox

    for row in rows.values():
        outbox.send_mail.call(row.pk)
    stranger = OutgoingMail.objects.get(pk=rows["nobody@example.org"].pk)
    assert (stranger.status, stranger.last_error, stranger.recipient) == ("cancelled", "unknown", "")
    assert OutgoingMail.objects.get(pk=rows["ines@example.org"].pk).status == "sent"
    assert [m.to for m in mail.outbox] == [["ines@example.org"]]


def test_the_link_signs_in_once_and_sets_a_safe_cookie(client, ines, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    ask_link(client, ines.email, django_capture_on_commit_callbacks)
    link = link_from_outbox()
    opened = client.get(link, follow=True)
    assert opened.status_code == 200  # a GET (a mail scanner) uses nothing up
    assert "Sign out" not in opened.content.decode()  # not signed in yet: no menu
    response = client.post(link)
    cookie = response.cookies[access.COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == SPACE
    assert "Inès" in client.get(SPACE, follow=True).content.decode()
    stranger = type(client)()
    assert stranger.post(link).status_code == 410  # used: a second click opens nothing
    assert access.COOKIE_NAME not in stranger.cookies or not stranger.cookies[access.COOKIE_NAME].value


def test_the_cookie_is_secure_over_https(client, ines, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    ask_link(client, ines.email, django_capture_on_commit_callbacks)
    response = client.post(link_from_outbox(), secure=True)
    assert response.cookies[access.COOKIE_NAME]["secure"]


def test_the_link_expires_after_thirty_minutes(client, ines, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    ask_link(client, ines.email, django_capture_on_commit_callbacks)
    link = link_from_outbox()
    VolunteerAccess.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=31))
    response = client.post(link)
    assert response.status_code == 410
    assert access.COOKIE_NAME not in response.cookies


def test_a_tampered_link_or_cookie_opens_nothing(client, ines, other, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    ask_link(client, ines.email, django_capture_on_commit_callbacks)
    link = link_from_outbox()
    forged = link.replace(link.rstrip("/").rsplit("/", 1)[1], link.rstrip("/").rsplit("/", 1)[1][:-3] + "abc")
    assert client.post(forged).status_code == 404
    # A cookie naming someone else's session, not signed by us.
    row = VolunteerAccess.objects.create(volunteer=other, used_at=timezone.now(), last_seen_at=timezone.now())
    client.cookies[access.COOKIE_NAME] = f'{{"a":{row.pk}}}'
    assert client.get(reverse("wagtail_skilldonation:space_profile")).status_code == 302


def test_rate_limited_per_address_and_per_ip(client, ines, settings, django_capture_on_commit_callbacks):
    settings.WAGTAIL_SKILLDONATION = {"SIGN_IN_RATE_LIMIT_PER_ADDRESS": (2, 3600), "SIGN_IN_RATE_LIMIT": (4, 3600)}
    mail.outbox.clear()
    codes = [ask_link(client, ines.email, django_capture_on_commit_callbacks).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2
    # Another address from the same IP: one more, then the IP's limit.
    codes = [ask_link(client, f"x{i}@example.org", django_capture_on_commit_callbacks).status_code for i in range(2)]
    assert codes == [302, 429]
    # The same address from another office: still its own limit.
    assert ask_link(client, ines.email, django_capture_on_commit_callbacks, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_another_volunteers_application_is_out_of_reach(
    client, ines, other, open_mission, django_capture_on_commit_callbacks
):
    mine = Application.objects.create(mission=open_mission, volunteer=ines)
    theirs = Application.objects.create(mission=open_mission, volunteer=other, message="secret of Paul")
    sign_in(client, ines, django_capture_on_commit_callbacks)
    assert client.get(reverse("wagtail_skilldonation:space_application", args=[mine.pk])).status_code == 200
    for name in ("space_application", "space_withdraw"):
        url = reverse(f"wagtail_skilldonation:{name}", args=[theirs.pk])
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, {"withdraw-body": "", "message-body": "hi"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
    assert not theirs.messages.exists()
    assert "secret of Paul" not in client.get(SPACE).content.decode()


def test_pages_need_a_session(client, ines):
    for name in ("space_profile", "space_choices", "space_data", "space_erase"):
        page = reverse(f"wagtail_skilldonation:{name}")
        response = client.get(page)
        assert response.status_code == 302
        assert response.url == f"{SPACE}?{urlencode({'next': page})}"  # sign in, then on to it


def test_withdraw_with_a_word_tells_the_team(client, ines, open_mission, django_capture_on_commit_callbacks):
    application = Application.objects.create(mission=open_mission, volunteer=ines)
    applications.change_status(application, "accepted", notify=False)
    places_before = open_mission.places_left
    sign_in(client, ines, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtail_skilldonation:space_withdraw", args=[application.pk]),
            {"withdraw-body": "Je déménage <b>demain</b>"},
        )
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert type(open_mission).objects.get(pk=open_mission.pk).places_left == places_before + 1
    # To the mission's contact (``open_mission.contact_email``), and no one else.
    assert [message.to for message in mail.outbox] == [["contact@jardins.example"]]
    assert "Je déménage <b>demain</b>" in mail.outbox[0].body  # plain text as written
    html = mail.outbox[0].alternatives[0][0]
    assert "<b>demain</b>" not in html
    assert "&lt;b&gt;demain&lt;/b&gt;" in html


def test_messages_both_ways_escaped_everywhere(
    client, admin_client, ines, open_mission, django_capture_on_commit_callbacks
):
    application = Application.objects.create(mission=open_mission, volunteer=ines, language="fr")
    sign_in(client, ines, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    url = reverse("wagtail_skilldonation:space_application", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message-body": "<script>alert(1)</script> Quand commence-t-on ?"})
    assert response.status_code == 302
    team_mail = mail.outbox[-1]
    assert "<script>alert(1)</script>" in team_mail.body
    assert "<script>" not in team_mail.alternatives[0][0]
    assert "<script>alert" not in client.get(url).content.decode()
    inspect = admin_client.get(
        reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[application.pk])
    ).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in inspect
    assert "<script>alert(1)" not in inspect
    # The team answers from the application's page.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            reverse("wagtail_skilldonation_application_modeladmin_message", args=[application.pk]),
            {"body": "Lundi <i>9 h</i>"},
        )
    assert answer.status_code == 302
    assert mail.outbox
    assert mail.outbox[0].to == ["ines@example.org"]
    assert "Lundi <i>9 h</i>" in mail.outbox[0].body
    assert url in mail.outbox[0].body
    assert "<i>9 h</i>" not in mail.outbox[0].alternatives[0][0]
    page = client.get(url).content.decode()
    assert "Lundi &lt;i&gt;9 h&lt;/i&gt;" in page
    assert [m.author for m in application.messages.all()] == ["volunteer", "team"]


def test_a_message_too_long_is_refused_and_kept_nowhere(client, ines, open_mission, django_capture_on_commit_callbacks):
    application = Application.objects.create(mission=open_mission, volunteer=ines)
    sign_in(client, ines, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("wagtail_skilldonation:space_application", args=[application.pk]), {"message-body": "x" * 2001}
    )
    assert response.status_code == 400
    assert not ApplicationMessage.objects.exists()


def test_every_mail_to_a_volunteer_leads_to_the_space(client, open_mission, django_capture_on_commit_callbacks):
    from tests.conftest import form_data

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_mission.url, form_data(open_mission, email="lea@example.org"), follow=True)
    to_volunteer = [m for m in mail.outbox if m.to == ["lea@example.org"]]
    to_team = [m for m in mail.outbox if m.to != ["lea@example.org"]]
    assert to_volunteer
    assert to_team
    assert all("/portal/me/" in m.body for m in to_volunteer)
    assert not any("/portal/me/" in m.body for m in to_team)


def test_profile_changes_apply_at_once_and_away_means_not_proposed(
    client, ines, skills, open_mission, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.matching.engine import rank_volunteers

    assert ines.pk in [m.volunteer.pk for m in rank_volunteers(open_mission)]
    sign_in(client, ines, django_capture_on_commit_callbacks)
    later = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        reverse("wagtail_skilldonation:space_profile"),
        {
            "first_name": "Inès",
            "last_name": "Martin-Roy",
            "phone": "",
            "postcode": "69007",
            "city": "Lyon",
            "format": "remote",
            "availability_hours": "6",
            "unavailable_until": later.isoformat(),
            "bio": "",
            "profile_url": "",
            "skills": [skills["Graphisme"].pk, skills["Rédaction"].pk],
        },
    )
    assert response.status_code == 302
    ines.refresh_from_db()
    assert (ines.last_name, ines.city, ines.unavailable_until) == ("Martin-Roy", "Lyon", later)
    assert set(ines.skills.values_list("name", flat=True)) == {"Graphisme", "Rédaction"}
    assert ines.pk not in [m.volunteer.pk for m in rank_volunteers(open_mission)]  # away
    # The day comes: the daily purge makes them available again.
    from wagtail_skilldonation.volunteers.retention import wake_up

    assert wake_up(today=later) == 1
    ines.refresh_from_db()
    assert ines.unavailable_until is None
    assert ines.pk in [m.volunteer.pk for m in rank_volunteers(open_mission)]


def test_choosing_not_to_be_proposed_missions(client, ines, open_mission, django_capture_on_commit_callbacks):
    from wagtail_skilldonation.matching.engine import rank_volunteers

    sign_in(client, ines, django_capture_on_commit_callbacks)
    client.post(reverse("wagtail_skilldonation:space_choices"), {})
    ines.refresh_from_db()
    assert ines.consent_at is None
    assert ines.pk not in [m.volunteer.pk for m in rank_volunteers(open_mission)]
    client.post(reverse("wagtail_skilldonation:space_choices"), {"proposals": "on"})
    ines.refresh_from_db()
    assert ines.consent_at is not None


def test_the_download_holds_every_model_that_keeps_their_data(
    client, ines, open_mission, django_capture_on_commit_callbacks
):
    application = Application.objects.create(mission=open_mission, volunteer=ines, message="Bonjour")
    ApplicationMessage.objects.create(application=application, author="volunteer", body="Une question")
    sign_in(client, ines, django_capture_on_commit_callbacks)
    response = client.get(reverse("wagtail_skilldonation:space_data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    exported = json.loads(response.content)
    assert exported["volunteer"]["email"] == "ines@example.org"
    assert exported["application"][0]["message"] == "Bonjour"
    assert exported["applicationmessage"][0]["body"] == "Une question"
    assert exported["volunteerskill"] == ["Graphisme"]
    assert exported["volunteeraccess"]
    assert exported["outgoingmail"]
    # Every model of the app pointing at a volunteer, or at what is theirs, is exported.
    theirs = {"volunteer", "application", "submission", "applicationmessage", "volunteeraccess"}
    holding = set()
    for model in apps.get_app_config("wagtail_skilldonation").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model._meta.model_name in theirs:
                holding.add(model._meta.model_name)
    assert holding - set(data.EXPORTED) == set()
    assert set(data.EXPORTED) <= set(exported)


def test_erase_keeps_certificates_verifiable_and_the_report_unchanged(
    client, ines, completed_application, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation import certificates

    application = completed_application(ines)
    from dataclasses import asdict

    from wagtail_skilldonation.reports.figures import impact

    certificate = certificates.issue(application, notify=False)
    before = home_summary()
    # What the association accounts for; the skills' supply is today's offer, which an
    # erased person no longer makes.
    accounted = {k: v for k, v in asdict(impact()).items() if k != "skills"}
    assert accounted["volunteers_engaged"] == 1
    assert accounted["hours"] == 6
    sign_in(client, ines, django_capture_on_commit_callbacks)
    assert client.post(reverse("wagtail_skilldonation:space_erase"), {}).status_code == 200  # not confirmed
    ines.refresh_from_db()
    assert ines.first_name == "Inès"
    response = client.post(reverse("wagtail_skilldonation:space_erase"), {"confirm": "erase"})
    assert response.status_code == 200
    ines.refresh_from_db()
    assert ines.first_name == ""
    assert "example.org" not in ines.email
    assert client.get(reverse("wagtail_skilldonation:space_profile")).status_code == 302  # signed out
    verify = client.get(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code]))
    assert verify.status_code == 200
    assert "Inès" not in verify.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).holder_withheld_at is not None
    assert home_summary() == before
    assert {k: v for k, v in asdict(impact()).items() if k != "skills"} == accounted
    assert not VolunteerAccess.objects.filter(volunteer=ines, ended_at__isnull=True).exists()


def test_a_sign_in_mail_not_yet_sent_when_the_link_expires_is_not_sent(
    client, ines, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.mail import outbox

    with django_capture_on_commit_callbacks(execute=False):
        client.post(SPACE, {"email": ines.email})
    row = OutgoingMail.objects.get(kind="sign_in")
    OutgoingMail.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    mail.outbox.clear()
    outbox.send_mail.call(row.pk)
    row.refresh_from_db()
    assert row.status == "cancelled"
    assert not mail.outbox


def test_invitations_respect_the_volunteers_choices(ines, open_mission, superuser):
    from wagtail_skilldonation.matching.invitations import InvitationError, invite

    ines.consent_at = None  # "propose other missions to me" unticked in the space
    ines.save()
    with pytest.raises(InvitationError):
        invite(open_mission, ines, superuser)
    ines.consent_at, ines.unavailable_until = timezone.now(), timezone.localdate() + datetime.timedelta(days=9)
    ines.save()
    with pytest.raises(InvitationError, match="not available until"):
        invite(open_mission, ines, superuser)
    ines.unavailable_until = None
    ines.save()
    invite(open_mission, ines, superuser)


def test_missions_for_me_and_applying_with_my_details(
    client, ines, make_mission, skills, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.models import MissionFormField

    mission = make_mission(title="Affiches du quartier", places_available=2, skills=[skills["Graphisme"]])
    mission.form_fields = [MissionFormField(label="Quel logiciel ?", field_type="singleline", required=True)]
    mission.save_revision().publish()
    unrelated = make_mission(title="Comptabilité", skills=[skills["Stratégie"]])
    sign_in(client, ines, django_capture_on_commit_callbacks)
    page = client.get(reverse("wagtail_skilldonation:space_missions")).content.decode()
    assert "Affiches du quartier" in page
    assert unrelated.title not in page
    url = reverse("wagtail_skilldonation:space_apply", args=[mission.pk])
    form = client.get(url).content.decode()
    assert "Quel logiciel ?" in form
    assert 'name="email"' not in form
    assert client.post(url, {"message": "Avec plaisir"}).status_code == 400  # its question is required
    assert not Application.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Avec plaisir", "q_quel_logiciel": "Inkscape"})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"/applications/{application.pk}/?applied=1")
    assert (application.volunteer_id, application.mission_id, application.message) == (
        ines.pk,
        mission.pk,
        "Avec plaisir",
    )
    assert application.answer_list() == [("Quel logiciel ?", "Inkscape")]
    assert [s.name for s in application.skills_offered.all()] == ["Graphisme"]
    assert [m.to for m in mail.outbox] == [["ines@example.org"]]  # received
    assert set(OutgoingMail.objects.filter(application=application).values_list("kind", flat=True)) == {
        "received",
        "new",
    }
    # Twice: refused, nothing more stored.
    again = client.post(url, {"message": "Encore", "q_quel_logiciel": "Gimp"})
    assert again.status_code == 400
    assert "already applied" in again.content.decode()
    assert Application.objects.count() == 1


def test_a_closed_mission_cannot_be_applied_to_from_the_space(
    client, ines, make_mission, skills, django_capture_on_commit_callbacks
):
    mission = make_mission(title="Finie", status="closed", skills=[skills["Graphisme"]])
    sign_in(client, ines, django_capture_on_commit_callbacks)
    response = client.post(reverse("wagtail_skilldonation:space_apply", args=[mission.pk]), {"message": "x"})
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert not Application.objects.exists()
    # No such mission, however large the number (past SQLite's integers it was a 500).
    for pk in (mission.pk + 1000, 10**30):
        assert client.get(reverse("wagtail_skilldonation:space_apply", args=[pk])).status_code == 404


def test_details_typed_in_a_public_form_wait_for_the_signed_in_owner(
    client, ines, open_mission, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.applications import lifecycle

    submission = lifecycle.submit(
        open_mission,
        volunteer_data={"email": "ines@example.org", "first_name": "Inès", "last_name": "Martin", "city": "Marseille"},
        skills=[],
        notify=False,
    )
    sign_in(client, ines, django_capture_on_commit_callbacks)
    home = client.get(SPACE).content.decode()
    assert "Marseille" in home
    assert "waits for your word" in home
    ines.refresh_from_db()
    assert ines.city == ""
    client.post(reverse("wagtail_skilldonation:space_confirm", args=[submission.pk]))
    ines.refresh_from_db()
    assert ines.city == "Marseille"


def test_nobody_else_confirms_a_pending_form(client, ines, other, open_mission, django_capture_on_commit_callbacks):
    from wagtail_skilldonation.applications import lifecycle

    Application.objects.create(mission=open_mission, volunteer=other)
    submission = lifecycle.submit(
        open_mission,
        volunteer_data={"email": "paul@example.org", "first_name": "P", "last_name": "D", "city": "Nice"},
        skills=[],
        notify=False,
    )
    sign_in(client, ines, django_capture_on_commit_callbacks)
    assert client.post(reverse("wagtail_skilldonation:space_confirm", args=[submission.pk])).status_code == 404
    other.refresh_from_db()
    assert other.city == ""


def test_the_weekly_alert_lists_new_matching_missions_once_and_stops_in_one_click(
    client, ines, make_mission, skills, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.volunteers import alerts

    sign_in(client, ines, django_capture_on_commit_callbacks)
    client.post(reverse("wagtail_skilldonation:space_choices"), {"proposals": "on", "alerts": "on"})
    ines.refresh_from_db()
    assert ines.alerts_at is not None
    make_mission(title="Nouvelle affiche", skills=[skills["Graphisme"]])
    make_mission(title="Autre domaine", skills=[skills["Stratégie"]])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.send_alerts() == 1
        assert alerts.send_alerts() == 0  # once a week, not twice
    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    assert "Nouvelle affiche" in alert.body
    assert "Autre domaine" not in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = alert.extra_headers["List-Unsubscribe"].strip("<>").split("testserver", 1)[1]
    assert stop in alert.body
    assert client.get(stop, follow=True).status_code == 200
    ines.refresh_from_db()
    assert ines.alerts_at is not None  # a GET changes nothing
    type(client)(enforce_csrf_checks=True).post(stop, {"List-Unsubscribe": "One-Click"})  # the mail program's click
    ines.refresh_from_db()
    assert ines.alerts_at is None
    assert ines.consent_at is not None
    # A week later, with no alert asked for: nothing.
    Volunteer.objects.filter(pk=ines.pk).update(alerted_at=timezone.now() - datetime.timedelta(days=8))
    make_mission(title="Encore une affiche", skills=[skills["Graphisme"]])
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.send_alerts() == 0


def test_the_alerts_command(ines, make_mission, skills, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    Volunteer.objects.filter(pk=ines.pk).update(alerts_at=timezone.now())
    make_mission(title="Nouvelle affiche", skills=[skills["Graphisme"]])
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("skilldonation_alerts", stdout=out)
    assert "1 alert queued" in out.getvalue()
    assert mail.outbox
    assert "Nouvelle affiche" in mail.outbox[0].body


def test_an_invitation_carries_its_way_out(ines, open_mission, superuser, client, django_capture_on_commit_callbacks):
    from wagtail_skilldonation.matching.invitations import invite

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invite(open_mission, ines, superuser)
    invitation = mail.outbox[0]
    stop = invitation.extra_headers["List-Unsubscribe"].strip("<>")
    # The header's and the body's links are signed apart (a timestamp each): compare
    # what they open, not their bytes.
    in_body = re.search(r"https?://\S+/portal/me/stop/([^/\s]+)/", invitation.body)
    assert in_body is not None
    in_header = stop.rstrip("/").rsplit("/", 1)[1]
    assert read_stop_token(in_body.group(1)) == read_stop_token(in_header) == (ines, "proposals")
    client.post(stop.split("testserver", 1)[1])
    ines.refresh_from_db()
    assert ines.consent_at is None


def test_a_forged_way_out_stops_nothing(client, ines):
    response = client.post("/portal/me/stop/abc/")
    ines.refresh_from_db()
    assert response.status_code == 404
    assert ines.consent_at is not None


def test_a_session_lasts_while_used_and_ends_when_idle_or_signed_out(client, ines, django_capture_on_commit_callbacks):
    sign_in(client, ines, django_capture_on_commit_callbacks)
    profile = reverse("wagtail_skilldonation:space_profile")
    response = client.get(profile)
    assert response.status_code == 200
    assert response.cookies[access.COOKIE_NAME]["max-age"] == 14 * 24 * 3600
    VolunteerAccess.objects.update(last_seen_at=timezone.now() - datetime.timedelta(days=13))
    assert client.get(profile).status_code == 200  # used within 14 days: still on
    VolunteerAccess.objects.update(last_seen_at=timezone.now() - datetime.timedelta(days=15))
    assert client.get(profile).status_code == 302  # idle too long
    sign_in(client, ines, django_capture_on_commit_callbacks)
    cookie = client.cookies[access.COOKIE_NAME].value
    client.post(reverse("wagtail_skilldonation:space_sign_out"))
    client.cookies[access.COOKIE_NAME] = cookie  # a copy kept elsewhere opens nothing either
    assert client.get(profile).status_code == 302


def test_the_sign_in_link_in_the_html_part_is_one_link_that_signs_in(client, ines, django_capture_on_commit_callbacks):
    """What a mail client shows: the HTML part parsed, each <a> one well-formed URL, the
    same links as the text part, and the sign-in one opens the space (the space's own
    URL, which begins the sign-in URL, is not made a link again inside it)."""
    from html.parser import HTMLParser
    from urllib.parse import urlsplit

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs, self.texts, self._in_a = [], [], False

        def handle_starttag(self, tag, attrs):
            assert tag != "a" or not self._in_a, "a link inside a link"
            if tag == "a":
                self.hrefs.append(dict(attrs)["href"])
                self._in_a = True
                self.texts.append("")

        def handle_endtag(self, tag):
            if tag == "a":
                self._in_a = False

        def handle_data(self, data):
            if self._in_a:
                self.texts[-1] += data

    mail.outbox.clear()
    ask_link(client, ines.email, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    parser = Links()
    parser.feed(message.alternatives[0][0])
    in_text = re.findall(r"https?://\S+", message.body)
    assert sorted(parser.hrefs) == sorted(in_text)
    assert parser.texts == parser.hrefs  # each link shows its own address
    for href in parser.hrefs:
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc) == ("http", "testserver")
        assert not set('<>" ') & set(href)
    (sign_in_url,) = [href for href in parser.hrefs if "/portal/me/link/" in href]
    path = urlsplit(sign_in_url).path
    assert client.get(path, follow=True).status_code == 200
    assert client.post(path).url == SPACE
    assert "Inès" in client.get(SPACE, follow=True).content.decode()


def test_text_to_html_makes_each_of_our_links_once():
    from wagtail_skilldonation.mail import text_to_html

    space, sign_in = "https://site.example/portal/me/", "https://site.example/portal/me/link/abc/"
    html = text_to_html(f"Open {sign_in} or {space}.\nNot https://evil.example/ nor {space}extra", [space, sign_in])
    assert html.count("<a ") == 2
    assert f'<a href="{sign_in}">{sign_in}</a>' in html
    assert f'<a href="{space}">{space}</a>.' in html
    assert f"{space}extra" in html  # the start of another URL is not our link
    assert 'href="https://evil.example/' not in html


@pytest.mark.parametrize("status", ["submitted", "accepted", "completed", "declined", "withdrawn"])
def test_every_link_the_space_offers_opens(client, ines, open_mission, status, django_capture_on_commit_callbacks):
    """#29: a completed application still offered *Declare hours*, which opened "Link
    expired". Every link of the application's page is followed and answers 200."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs = []

        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") or ""
            if tag == "a" and href.startswith(("/", "http://testserver/")):
                self.hrefs.append(href.removeprefix("http://testserver"))

    application = ApplicationFactory(
        mission=open_mission, volunteer=ines, language="fr", status=status, hours=6 if status == "completed" else None
    )
    sign_in(client, ines, django_capture_on_commit_callbacks)
    page = client.get(reverse("wagtail_skilldonation:space_application", args=[application.pk]), follow=True)
    links = Links()
    links.feed(page.content.decode())
    assert links.hrefs, "the page links somewhere"
    for href in links.hrefs:
        assert client.get(href.split("#")[0], follow=True).status_code == 200, href
    # The hours link (signed with the time: compared by its path, it was followed above).
    hours_path = reverse("wagtail_skilldonation:hours", args=[hours_link_token(application)]).rsplit("/", 2)[0]
    assert any(href.startswith(hours_path + "/") for href in links.hrefs) is (status == "accepted")


def test_a_full_mission_is_marked_in_the_space_and_never_announced_as_new(
    client, ines, make_mission, skills, django_capture_on_commit_callbacks
):
    """#29: *Missions for me* listed full missions with no status, and the weekly alert
    announced a full mission as new."""
    from wagtail_skilldonation.models import MissionCapacity
    from wagtail_skilldonation.volunteers import alerts

    sign_in(client, ines, django_capture_on_commit_callbacks)
    client.post(reverse("wagtail_skilldonation:space_choices"), {"proposals": "on", "alerts": "on"})
    make_mission(title="Affiche ouverte", skills=[skills["Graphisme"]], places_available=2)
    full = make_mission(title="Affiche complète", skills=[skills["Graphisme"]], places_available=1)
    MissionCapacity.objects.update_or_create(mission=full, defaults={"accepted": 1})
    html = client.get(reverse("wagtail_skilldonation:space_missions")).content.decode()
    card = html.split("Affiche complète", 1)[1].split("</li>", 1)[0]
    assert "sd-status--full" in card
    assert "waiting list" in card
    assert "sd-status--open" in html.split("Affiche ouverte", 1)[1].split("</li>", 1)[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.send_alerts() == 1
    assert "Affiche ouverte" in mail.outbox[0].body
    assert "Affiche complète" not in mail.outbox[0].body


def test_signing_in_from_a_link_to_an_application_lands_on_it(
    client, ines, open_mission, django_capture_on_commit_callbacks
):
    mine = Application.objects.create(mission=open_mission, volunteer=ines, language="fr")
    page = reverse("wagtail_skilldonation:space_application", args=[mine.pk])
    asked = client.get(page)
    assert asked.status_code == 302
    assert asked.url == f"{SPACE}?{urlencode({'next': page})}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(asked.url, {"email": "ines@example.org"})
    (sent,) = mail.outbox
    link = re.search(r"https?://testserver(/portal/me/link/\S+)", sent.body)[1]
    assert link.endswith("?" + urlencode({"next": page}))
    landed = client.post(link)
    assert landed.status_code == 302
    assert landed.url == page
    assert client.get(page).status_code == 200
    # Signed in already (the link opened in another tab), the sign-in page with the
    # same destination goes on to it too, not to the space's home.
    again = client.get(asked.url)
    assert again.status_code == 302
    assert again.url == page
    assert client.get(f"{SPACE}?{urlencode({'next': 'https://evil.example/'})}").status_code == 200


@pytest.mark.parametrize("elsewhere", ["https://evil.example/portal/me/", "//evil.example/portal/me/", "/admin/"])
def test_the_sign_in_link_never_leads_out_of_the_space(client, ines, elsewhere, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{SPACE}?{urlencode({'next': elsewhere})}", {"email": "ines@example.org"})
    link = link_from_outbox()
    assert "next=" not in mail.outbox[-1].body
    landed = client.post(f"{link}?{urlencode({'next': elsewhere})}")  # typed onto the link: ignored too
    assert landed.url == SPACE
