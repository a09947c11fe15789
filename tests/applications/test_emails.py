"""E-mails go out through django_tasks after commit; a broken mail server loses nothing."""

from django.core import mail
from django.test import override_settings
from wagtail.models import Site

from tests.conftest import form_data
from wagtail_skilldonation.applications.emails import build_message, notify
from wagtail_skilldonation.mail.outbox import send_mail
from wagtail_skilldonation.models import Application, OutgoingMail, PortalSettings


def apply(client, mission, **overrides):
    return client.post(mission.url, form_data(mission, **overrides), follow=True)


def test_received_and_new_application_emails(client, open_mission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_mission)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"camille.martin@example.org", "contact@jardins.example"}
    volunteer_mail = by_recipient["camille.martin@example.org"]
    assert volunteer_mail.subject == "We received your application: Campagne"
    assert "Hello Camille" in volunteer_mail.body
    # One host in every link: WAGTAILADMIN_BASE_URL, not the Site's "localhost".
    assert "http://testserver" + open_mission.url in volunteer_mail.body
    assert "localhost" not in volunteer_mail.body
    html, mimetype = volunteer_mail.alternatives[0]
    assert mimetype == "text/html"
    assert "<p>Hello Camille,</p>" in html
    editor_mail = by_recipient["contact@jardins.example"]
    assert editor_mail.subject == "New application from Camille Martin: Campagne"
    assert "Je serais ravie d'aider." in editor_mail.body
    assert "/admin/wagtail_skilldonation/application/inspect/" in editor_mail.body


def test_volunteer_gets_mail_in_their_language(client, open_mission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_mission.url, form_data(open_mission), HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    volunteer_mail = next(m for m in mail.outbox if m.to == ["camille.martin@example.org"])
    assert volunteer_mail.subject == "Nous avons bien reçu votre candidature : Campagne"
    assert Application.objects.get().language == "fr"


def test_editor_mail_falls_back_to_portal_address(client, make_mission, django_capture_on_commit_callbacks):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.notification_email = "missions@savoir-partage.example"
    portal.save()
    mission = make_mission(contact_email="")
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, mission)
    assert "missions@savoir-partage.example" in [m.to[0] for m in mail.outbox]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_works_the_same_with_a_queue_backend(client, open_mission, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_mission)
    queued = [r for r in default_task_backend.results if r.task.name.startswith("send_mail")]
    assert mail.outbox == []  # nothing sent inside the request
    rows = OutgoingMail.objects.order_by("pk")
    assert [(r.kind, r.status) for r in rows] == [("received", "pending"), ("new", "pending")]
    # One task for the two mails the application queued; primitives: the rows' ids.
    assert [(r.task.name, r.args) for r in queued] == [("send_mails", [[row.pk for row in rows]])]
    for result in queued:  # what a worker does
        result.task.call(*result.args, **result.kwargs)
    assert len(mail.outbox) == 2
    assert [r.status for r in OutgoingMail.objects.all()] == ["sent", "sent"]


def test_no_mail_before_commit(client, open_mission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply(client, open_mission)
    from wagtail_skilldonation.cache import is_cache_refresh
    from wagtail_skilldonation.matching.statistics import _drop_generation

    # Not the matching's cache, nor the cached pages' refresh.
    queued = [c for c in callbacks if c is not _drop_generation and not is_cache_refresh(c)]
    assert mail.outbox == []
    assert len(queued) == 2
    # The rows exist already, written with the application.
    assert sorted(OutgoingMail.objects.values_list("kind", flat=True)) == ["new", "received"]


def test_missing_recipient_is_a_failure_the_editor_can_fix(make_mission, volunteer, django_capture_on_commit_callbacks):
    mission = make_mission(contact_email="")
    application = Application.objects.create(mission=mission, volunteer=volunteer)
    assert build_message(application, "new").to == []
    with django_capture_on_commit_callbacks(execute=True):
        row = notify(application, "new")
    row.refresh_from_db()
    assert mail.outbox == []
    assert (row.status, row.last_error, row.next_attempt_at, row.recipient) == ("failed", "no-recipient", None, "")
    assert "notification address in the portal settings" in row.reason
    assert send_mail.call(999999) == "skipped"


def test_subjects_are_text_not_html_and_one_clean_line(make_mission, django_capture_on_commit_callbacks):
    from wagtail_skilldonation import applications
    from wagtail_skilldonation.models import Volunteer

    mission = make_mission(
        title="Le site de l'épicerie <b>solidaire</b> & co",
        places_available=1,
        contact_email="contact@jardins.example",
    )
    volunteer = Volunteer.objects.create(
        first_name="Seán", last_name="O'Brien\x01\x1b[31m\r\nBcc: x@evil.example", email="sean@example.org"
    )
    application = Application.objects.create(mission=mission, volunteer=volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        applications.change_status(application, "accepted")
        notify(application, "new")
    subjects = sorted(m.subject for m in mail.outbox)
    # As typed, not HTML-escaped; the control characters and line breaks are spaces.
    assert subjects == [
        "New application from Seán O'Brien [31m Bcc: x@evil.example: Le site de l'épicerie <b>solidaire</b> & co",
        "You are on board: Le site de l'épicerie <b>solidaire</b> & co",
    ]


def test_the_html_part_links_only_what_we_wrote(client, open_mission, django_capture_on_commit_callbacks):
    from wagtail_skilldonation import applications

    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_mission, message='Voir http://evil.example/x <img src="http://evil.example/p.gif">')
    team = next(m for m in mail.outbox if m.to == ["contact@jardins.example"])
    html, _mimetype = team.alternatives[0]
    assert "<img" not in html
    assert "&lt;img" in html
    assert 'href="http://evil.example' not in html  # their link is not clickable
    assert '<a href="http://testserver/admin/wagtail_skilldonation/application/inspect/' in html  # ours is
    application = Application.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        applications.change_status(application, "accepted")
    (accepted,) = mail.outbox
    html, _mimetype = accepted.alternatives[0]
    assert '<a href="http://testserver/portal/hours/' in html
    assert 'lang="en"' in html
