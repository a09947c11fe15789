"""What a worker killed mid-send leaves behind is taken back by the next send, not by
cron; and the admin home says when mail has stopped moving (#31)."""

import datetime

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from wagtail_skilldonation.mail import outbox
from wagtail_skilldonation.models import OutgoingMail

pytestmark = [pytest.mark.django_db, pytest.mark.server]


@pytest.mark.parametrize("send", ["one", "batch"])
def test_a_row_left_sending_by_a_killed_worker_goes_with_the_next_mail(application, settings, send):
    """Whether the next mail goes alone (``send_mail``) or with the others its
    transaction queued (``send_mails``, as an application's mails do)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ago = timezone.now() - datetime.timedelta(minutes=20)
    left = OutgoingMail.objects.create(kind="declined", recipient="ines@example.org", application=application)
    OutgoingMail.objects.filter(pk=left.pk).update(status="sending", claimed_at=ago, created_at=ago, attempts=1)
    new = OutgoingMail.objects.create(kind="declined", recipient="ines@example.org", application=application)
    from django_tasks_db.models import DBTaskResult

    queued_before = DBTaskResult.objects.count()
    if send == "one":
        assert outbox.send_mail.call(new.pk) == "sent"
    else:
        assert outbox.send_mails.call([new.pk]) == ["sent"]
    assert DBTaskResult.objects.count() == queued_before + 1  # the stuck row, queued again
    outbox.deliver(left.pk)  # what the worker does with that task
    assert OutgoingMail.objects.get(pk=left.pk).status == "sent"
    assert len(django_mail.outbox) == 2  # each once


def test_the_admin_home_says_when_mail_stopped_moving(admin_client, application):
    ago = timezone.now() - datetime.timedelta(minutes=30)
    row = OutgoingMail.objects.create(kind="declined", recipient="ines@example.org", application=application)
    OutgoingMail.objects.filter(pk=row.pk).update(created_at=ago)
    html = admin_client.get("/admin/").content.decode()
    assert "1 e-mail has been waiting more than 10 minutes: the task worker seems stopped" in html
