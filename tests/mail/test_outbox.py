"""The outbox (#13): every e-mail is a row written with the change that causes it; a
failure is recorded, retried with back-off and shown to the editor, who can resend it."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from tests.conftest import form_data
from wagtail_skilldonation.applications.emails import notify
from wagtail_skilldonation.mail import outbox
from wagtail_skilldonation.models import Application, OutgoingMail, PortalSettings, Volunteer

BROKEN = "tests.broken_mail.BrokenBackend"
INSPECT = "wagtail_skilldonation_application_modeladmin_inspect"
TRANSITION = "wagtail_skilldonation_application_modeladmin_transition"


def sent_to():
    return sorted(m.to[0] for m in mail.outbox)


@override_settings(EMAIL_BACKEND=BROKEN)
def test_mail_server_down_the_person_is_kept_and_the_failure_recorded(
    client, open_mission, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_mission.url, form_data(open_mission), follow=True)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert Application.objects.count() == 1
    rows = list(OutgoingMail.objects.order_by("pk"))
    assert [(r.kind, r.status, r.attempts) for r in rows] == [("received", "failed", 1), ("new", "failed", 1)]
    for row in rows:
        assert row.last_error == "ConnectionRefusedError: SMTP server unreachable"
        # The first retry comes after the first delay (5 minutes by default).
        assert (
            before + datetime.timedelta(seconds=299)
            < row.next_attempt_at
            < timezone.now() + datetime.timedelta(seconds=301)
        )
    assert rows[0].recipient == "camille.martin@example.org"


def test_a_rollback_takes_the_mail_with_it(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify(application, "accepted")
                raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists()
    assert mail.outbox == []


def test_back_off_then_give_up_then_resend(application, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND=BROKEN), django_capture_on_commit_callbacks(execute=True):
        row = notify(application, "declined")
    row.refresh_from_db()
    delays = [5 * 60, 30 * 60, 2 * 3600, 12 * 3600]
    # Not due before its time: the command sends nothing.
    assert outbox.retry_due(now=row.next_attempt_at - datetime.timedelta(seconds=1)) == 0
    for attempt, delay in enumerate(delays[1:] + [None], start=2):
        with override_settings(EMAIL_BACKEND=BROKEN):
            assert outbox.retry_due(now=row.next_attempt_at) == 1
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("failed", attempt)
        if delay is None:
            assert row.next_attempt_at is None  # given up: only an editor resends it
        else:
            assert row.claimed_at + datetime.timedelta(seconds=delay - 1) < row.next_attempt_at
    assert outbox.retry_due(now=timezone.now() + datetime.timedelta(days=30)) == 0
    assert list(outbox.failures()) == [row]
    # The server is back; an editor resends: it goes, once.
    assert outbox.resend(row) is True
    row.refresh_from_db()
    assert row.status == "pending"
    outbox.send_mail.call(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    assert row.sent_at
    assert sent_to() == ["ines@example.org"]
    assert outbox.resend(row) is False
    assert outbox.send_mail.call(row.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_row_the_queue_never_took_is_sent_by_the_command(application, django_capture_on_commit_callbacks):
    queue_down = {"default": {"BACKEND": "tests.broken_mail.BrokenQueueBackend"}}
    with override_settings(TASKS=queue_down), django_capture_on_commit_callbacks(execute=True):
        row = notify(application, "accepted")
    row.refresh_from_db()
    assert row.status == "pending"
    assert mail.outbox == []
    assert outbox.retry_due() == 0  # a moment ago: the queue may still take it
    OutgoingMail.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    assert list(outbox.failures()) == [row]  # editors see it waiting
    out = StringIO()
    call_command("skilldonation_send_mail", stdout=out)
    assert "1 e-mail handed to the task backend." in out.getvalue()
    row.refresh_from_db()
    assert row.status == "sent"
    assert sent_to() == ["ines@example.org"]


def test_a_worker_lost_while_sending_is_picked_up_and_a_mail_goes_once(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = notify(application, "accepted")
    # Two workers got the same row: one claims it, the other finds it taken.
    assert outbox.send_mail.call(row.pk) == "sent"
    assert outbox.send_mail.call(row.pk) == "skipped"
    assert len(mail.outbox) == 1
    # A worker died mid-send: after a while the row is claimable again.
    OutgoingMail.objects.filter(pk=row.pk).update(
        status="sending", claimed_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert outbox.retry_due() == 1
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mail.outbox) == 2


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_backend_that_defers_gets_the_retry_scheduled(application, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        row = notify(application, "accepted")
    (first,) = default_task_backend.results
    with override_settings(EMAIL_BACKEND=BROKEN):
        first.task.call(*first.args)
    row.refresh_from_db()
    retry = default_task_backend.results[-1]
    assert row.status == "failed"
    assert retry.args == [row.pk]
    assert retry.task.run_after == row.next_attempt_at


def test_a_mail_with_nothing_left_to_say_is_not_sent(
    client, open_mission, volunteer, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.applications import lifecycle

    Application.objects.create(mission=open_mission, volunteer=volunteer)
    with django_capture_on_commit_callbacks(execute=False):
        submission = lifecycle.submit(
            open_mission, volunteer_data={"email": volunteer.email, "first_name": "Autre"}, skills=[]
        )
    lifecycle.confirm(submission)  # used before the mail left
    row = OutgoingMail.objects.get(kind="confirm")
    assert outbox.send_mail.call(row.pk) == "cancelled"
    row.refresh_from_db()
    assert "link was used" in row.reason
    assert mail.outbox == []
    assert row not in outbox.failures()


def test_the_sender_comes_from_the_portal_settings(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(application, "accepted")
    assert mail.outbox[-1].from_email == settings.DEFAULT_FROM_EMAIL  # nothing set in the portal
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name, portal.from_email = "Savoir partagé", "missions@savoir-partage.example"
    portal.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(application, "declined")
    assert mail.outbox[-1].from_email == '"Savoir partagé" <missions@savoir-partage.example>'
    assert "missions@savoir-partage.example" in mail.outbox[-1].message()["From"]


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # commits for real: the mail is tried before the message
@override_settings(EMAIL_BACKEND=BROKEN)
def test_the_editor_is_told_sees_it_and_resends(admin_client, application):
    response = admin_client.post(
        reverse(TRANSITION, args=[application.pk]), {"to_status": "declined", "confirmed": "1"}, follow=True
    )
    html = response.content.decode()
    # The decision is kept, and the editor reads that the volunteer was not told.
    assert "application now “Declined”" in html
    assert (
        "The e-mail “Declined” to ines@example.org could not be sent: ConnectionRefusedError: SMTP server unreachable"
        in html
    )
    assert "It will be tried again by itself" in html
    # On the application's page: the mail, its reason and a Resend button.
    page = admin_client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    row = OutgoingMail.objects.get()
    assert "Could not be sent" in page
    assert reverse("wagtail_skilldonation_mail:resend", args=[row.pk]) in page
    # The admin home says it, and the list of e-mails not sent shows it.
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 e-mail could not be sent" in home
    listing = admin_client.get(reverse("wagtail_skilldonation_mail:failures")).content.decode()
    assert "ines@example.org" in listing
    assert "Inès Martin → Campagne" in listing
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        response = admin_client.post(
            reverse("wagtail_skilldonation_mail:resend", args=[row.pk]),
            {"next": reverse(INSPECT, args=[application.pk])},
            follow=True,
        )
    assert "E-mail sent to ines@example.org." in response.content.decode()
    assert sent_to() == ["ines@example.org"]
    assert "could not be sent" not in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_no_address_for_the_team_tells_what_to_set(
    admin_client, make_mission, volunteer, django_capture_on_commit_callbacks
):
    mission = make_mission(contact_email="")
    application = Application.objects.create(mission=mission, volunteer=volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        notify(application, "new")
    listing = admin_client.get(reverse("wagtail_skilldonation_mail:failures")).content.decode()
    assert "set the notification address in the portal settings" in listing
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.notification_email = "equipe@savoir-partage.example"
    portal.save()
    row = OutgoingMail.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.resend(row)
    row.refresh_from_db()
    assert (row.status, row.recipient) == ("sent", "equipe@savoir-partage.example")


def test_only_who_may_see_applications_sees_failures_and_only_who_may_change_them_resends(
    client, application, editor_factory, django_capture_on_commit_callbacks
):
    with override_settings(EMAIL_BACKEND=BROKEN), django_capture_on_commit_callbacks(execute=True):
        row = notify(application, "accepted")
    resend_url = reverse("wagtail_skilldonation_mail:resend", args=[row.pk])
    for codenames, can_see, can_resend in [
        ((), False, False),
        (("view_application",), True, False),
        (("change_application",), True, True),
    ]:
        client.force_login(editor_factory(*codenames))
        assert (client.get(reverse("wagtail_skilldonation_mail:failures")).status_code == 200) == can_see
        response = client.post(resend_url)
        row.refresh_from_db()
        assert (row.status == "pending") == can_resend, codenames
        if not can_resend:
            assert response.status_code in (302, 403)


def test_an_invitation_that_failed_is_listed_with_its_mission(
    admin_client, open_mission, volunteer, superuser, django_capture_on_commit_callbacks
):
    from wagtail_skilldonation.matching.invitations import invite

    Volunteer.objects.filter(pk=volunteer.pk).update(consent_at=timezone.now())
    with override_settings(EMAIL_BACKEND=BROKEN), django_capture_on_commit_callbacks(execute=True):
        invite(open_mission, volunteer, superuser, message="Bonjour")
    row = OutgoingMail.objects.get()
    assert (row.kind, row.status, row.invitation.volunteer_id) == ("invitation", "failed", volunteer.pk)
    listing = admin_client.get(reverse("wagtail_skilldonation_mail:failures")).content.decode()
    assert f"{volunteer} → {open_mission.title}" in listing
    assert "Invitation" in listing
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("wagtail_skilldonation_mail:resend", args=[row.pk]))
    assert sent_to() == [volunteer.email]
    assert "Bonjour" in mail.outbox[0].body


def test_a_row_being_sent_right_now_is_left_to_its_worker(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = notify(application, "accepted")
    OutgoingMail.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now())
    other = notify(application, "declined")
    OutgoingMail.objects.filter(pk=other.pk).update(status="failed", next_attempt_at=timezone.now())
    assert outbox.retry_due() == 1  # the failure that is due, not the row in a worker's hands
    row.refresh_from_db()
    assert (row.status, row.last_error) == ("sending", "")
    assert [m.to for m in mail.outbox] == [["ines@example.org"]]


def test_a_row_taken_up_while_the_sweep_looks_is_not_sent_twice(
    application, django_capture_on_commit_callbacks, monkeypatch
):
    """The worker's sweep finds a failure due; at that moment a task claims it and
    starts sending. The sweep must not take it for an interrupted send (it was claimed
    just now) nor send it again: seen in a real worker, the mail went out twice."""
    with django_capture_on_commit_callbacks(execute=False):
        row = notify(application, "accepted")
    OutgoingMail.objects.filter(pk=row.pk).update(status="failed", next_attempt_at=timezone.now())
    real_due = outbox.due

    def due_then_claimed(now=None):
        ids = list(real_due(now).values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now())  # a live task
        return OutgoingMail.objects.filter(pk__in=ids)

    monkeypatch.setattr(outbox, "due", due_then_claimed)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.retry_due()
    row.refresh_from_db()
    assert row.status == "sending"  # still the live task's
    assert mail.outbox == []  # the sweep's own task found it taken and sent nothing


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_after_the_last_attempt_nothing_is_scheduled_again(application, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        row = notify(application, "accepted")
    OutgoingMail.objects.filter(pk=row.pk).update(attempts=4)  # the fifth is the last
    default_task_backend.clear()
    with override_settings(EMAIL_BACKEND=BROKEN):
        outbox.send_mail.call(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 5, None)
    assert default_task_backend.results == []  # waits for an editor's Resend


def test_a_redelivered_task_leaves_a_row_being_sent_to_its_worker(application, django_capture_on_commit_callbacks):
    """A queue may deliver a task twice: the second finds the row in another worker's
    hands ("sending") and sends nothing."""
    with django_capture_on_commit_callbacks(execute=False):
        row = notify(application, "accepted")
    OutgoingMail.objects.filter(pk=row.pk).update(status="sending", attempts=1, claimed_at=timezone.now())
    assert outbox.send_mail.call(row.pk) == "skipped"
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sending", 1)
    assert mail.outbox == []


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_row_left_sending_by_a_dead_worker_says_it_was_interrupted(application, django_capture_on_commit_callbacks):
    """Taken back from a dead worker, the row reads "interrupted" until a worker sends
    it; a row another worker holds right now is left alone."""
    with django_capture_on_commit_callbacks(execute=False):
        dead = notify(application, "accepted")
        busy = notify(application, "declined")
    OutgoingMail.objects.filter(pk=dead.pk).update(
        status="sending", claimed_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    OutgoingMail.objects.filter(pk=busy.pk).update(status="sending", claimed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=False):
        stale = notify(application, "waiting_list")  # the queue never took it
        failed = notify(application, "accepted")
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    OutgoingMail.objects.filter(pk=stale.pk).update(created_at=long_ago)
    OutgoingMail.objects.filter(pk=failed.pk).update(status="failed", next_attempt_at=long_ago, last_error="550")
    assert outbox.retry_due() == 3
    for row in (dead, busy, stale, failed):
        row.refresh_from_db()
    assert (dead.status, dead.last_error) == ("failed", "interrupted")
    assert (busy.status, busy.last_error) == ("sending", "")
    assert (stale.status, stale.last_error) == ("pending", "")  # handed to the queue again, as it was
    assert (failed.status, failed.last_error) == ("failed", "550")


def test_a_cancelled_row_is_never_due_again(application, django_capture_on_commit_callbacks):
    """A failure cancelled since (its person forgotten) keeps its old next attempt: it
    is neither due nor shown as a failure."""
    with django_capture_on_commit_callbacks(execute=False):
        row = notify(application, "accepted")
    past = timezone.now() - datetime.timedelta(hours=1)
    OutgoingMail.objects.filter(pk=row.pk).update(status="cancelled", next_attempt_at=past, created_at=past)
    assert not outbox.due().exists()
    assert outbox.retry_due() == 0
    assert not outbox.failures().exists()
    assert mail.outbox == []


def test_failures_list_what_failed_and_what_waits_too_long_nothing_else(
    application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        fresh = notify(application, "accepted")  # pending a moment ago: the queue has it
        stuck = notify(application, "declined")
        sent = notify(application, "waiting_list")
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    OutgoingMail.objects.filter(pk=stuck.pk).update(created_at=long_ago)
    OutgoingMail.objects.filter(pk=sent.pk).update(status="sent", created_at=long_ago)
    assert list(outbox.failures()) == [stuck]
    OutgoingMail.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=9))
    assert list(outbox.failures()) == [stuck]


def test_resending_one_failure_leaves_the_others(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        one = notify(application, "accepted")
        other = notify(application, "declined")
    later = timezone.now() + datetime.timedelta(hours=1)
    OutgoingMail.objects.filter(pk__in=[one.pk, other.pk]).update(status="failed", attempts=5, next_attempt_at=later)
    with django_capture_on_commit_callbacks(execute=False):
        assert outbox.resend(one) is True
    one.refresh_from_db()
    other.refresh_from_db()
    assert (one.status, one.attempts, one.next_attempt_at) == ("pending", 0, None)
    assert (other.status, other.attempts, other.next_attempt_at) == ("failed", 5, later)


def test_what_the_editor_reads_of_an_error():
    assert outbox.message_of(ConnectionRefusedError()) == "ConnectionRefusedError"
    assert outbox.message_of(ValueError("bad address")) == "ValueError: bad address"
    assert outbox.message_of(outbox.NoRecipient("x")) == "no-recipient"
    assert len(outbox.message_of(ValueError("x" * 600))) == 500


def test_a_queue_that_refuses_is_logged_with_the_mail_s_id(application, caplog):
    with override_settings(TASKS={"default": {"BACKEND": "tests.broken_mail.BrokenQueueBackend"}}):
        outbox.enqueue(4242)
    (record,) = [r for r in caplog.records if r.name == outbox.logger.name]
    assert record.getMessage() == "Could not enqueue e-mail 4242; it waits for skilldonation_send_mail"
    assert record.exc_info is not None


def test_builders_register_for_each_kind_they_name():
    def build(mail):
        return None

    try:
        assert outbox.builds("test-kind-a", "test-kind-b")(build) is build
        assert outbox.BUILDERS["test-kind-a"] is outbox.BUILDERS["test-kind-b"] is build
    finally:
        outbox.BUILDERS.pop("test-kind-a", None)
        outbox.BUILDERS.pop("test-kind-b", None)


def test_queueing_checks_the_kind_and_leaves_the_address_to_the_builder(application):
    with pytest.raises(ValueError, match="Unknown kind of e-mail: nope"):
        outbox.queue("nope")
    row = outbox.queue("new", application=application)  # the team's: the builder finds the address
    assert (row.recipient, row.language, row.status) == ("", "", "pending")


def test_a_failure_is_logged_and_a_later_success_clears_it(application, caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = notify(application, "accepted")
    with override_settings(EMAIL_BACKEND=BROKEN):
        assert outbox.deliver(row.pk) == "failed"
    (record,) = [r for r in caplog.records if r.name == outbox.logger.name]
    assert record.getMessage() == (f"E-mail {row.pk} (accepted) failed: SMTP server unreachable")
    assert record.exc_info[0] is ConnectionRefusedError  # the traceback goes to the log
    row.refresh_from_db()
    assert row.next_attempt_at is not None
    assert row.last_error == "ConnectionRefusedError: SMTP server unreachable"
    assert outbox.deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert (row.status, row.last_error, row.next_attempt_at) == ("sent", "", None)


def test_no_address_is_not_retried(application, monkeypatch):
    """A mail with nobody to send to waits for a setting, not for the next attempt."""
    from django.core.mail import EmailMessage

    row = outbox.queue("new", application=application)
    monkeypatch.setitem(outbox.BUILDERS, "new", lambda mail: EmailMessage("s", "b", to=[]))
    assert outbox.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert (row.last_error, row.next_attempt_at) == ("no-recipient", None)


def test_only_the_worker_holding_the_claim_writes_the_outcome(application, monkeypatch):
    """While a mail was being built and sent, the row was cancelled (its person
    forgotten): the worker's "sent" does not overwrite that."""
    from django.core.mail import EmailMessage

    row = outbox.queue("new", application=application)

    def build(mail):
        OutgoingMail.objects.filter(pk=mail.pk).update(status="cancelled")
        return EmailMessage("s", "b", to=["equipe@example.org"])

    monkeypatch.setitem(outbox.BUILDERS, "new", build)
    outbox.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == "cancelled"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_mails_one_transaction_queues_go_in_one_task(application, django_capture_on_commit_callbacks):
    """#34: one row in the task queue for an application's two mails, not two; a
    rolled-back mail takes its task with it, and a later block starts afresh."""
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                outbox.queue("declined", "ines@example.org", application=application)
                raise RuntimeError("the change that caused it failed")
        except RuntimeError:
            pass
        with transaction.atomic():
            first = outbox.queue("received", "ines@example.org", application=application)
            second = outbox.queue("new", "equipe@example.org", application=application)
    assert [(r.task.name, r.args) for r in default_task_backend.results] == [("send_mails", [[first.pk, second.pk]])]
    assert default_task_backend.results[0].task.call(*default_task_backend.results[0].args) == ["sent", "sent"]
    assert len(mail.outbox) == 2
    assert set(OutgoingMail.objects.values_list("kind", "status")) == {("received", "sent"), ("new", "sent")}
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alone = outbox.queue("declined", "ines@example.org", application=application)
    assert [(r.task.name, r.args) for r in default_task_backend.results] == [("send_mail", [alone.pk])]
