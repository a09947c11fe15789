"""A mail server that accepts connections and never answers, with the mail sent in the
request (Wagtail's immediate task backend, no worker): the visitor's request meets it
once, for EMAIL_TIMEOUT, not once per e-mail; the other mails of the moment are not
knocked for and kept failed, to be tried again; nothing is left *sending* (#31). With
a task worker no request waits at all (``skilldonation_bench faults``, "mail server
hanging")."""

import pytest

from tests.conftest import form_data
from wagtail_skilldonation.mail import outbox
from wagtail_skilldonation.management.faultkit import MailSink
from wagtail_skilldonation.models import OutgoingMail

# Real commits: the mails leave inside the request, as they do on a site without a worker.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def hanging(settings, monkeypatch):
    sink = MailSink()
    sink.hang = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 1
    monkeypatch.setattr(outbox, "_silent_until", 0.0)
    yield sink
    sink.shutdown()


def test_an_application_meets_a_silent_mail_server_once(client, open_mission, hanging):
    response = client.post(open_mission.url, form_data(open_mission))
    assert response.status_code == 302  # kept: the thank-you page follows
    rows = list(OutgoingMail.objects.order_by("pk"))
    assert len(rows) == 2  # the volunteer's acknowledgement and the team's notice
    assert hanging.connections == 1
    assert [row.status for row in rows] == ["failed", "failed"]
    assert all(row.next_attempt_at for row in rows)  # each tried again later
    assert "timed out" in rows[0].last_error
    assert rows[1].last_error == "server-silent"
    assert "did not answer a moment before" in str(rows[1].reason)

    # Once it answers again (the minute has passed), each goes, once.
    hanging.hang = False
    outbox._silent_until = 0.0
    assert [outbox.deliver(row.pk) for row in rows] == ["sent", "sent"]
    assert len(hanging.received()) == 2
