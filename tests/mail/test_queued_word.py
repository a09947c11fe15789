"""With a task worker, an editor's decision says its e-mail is queued, not sent (#31):
the editor saw only success while the mail server hung."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.server]


def test_a_decision_whose_mail_waits_for_the_worker_says_queued(admin_client, application, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    url = reverse("wagtail_skilldonation_application_modeladmin_transition", args=[application.pk])
    response = admin_client.post(url, {"to_status": "declined", "confirmed": "1"}, follow=True)
    said = [str(m) for m in get_messages(response.wsgi_request)] or response.content.decode()
    text = " ".join(said) if isinstance(said, list) else said
    assert "1 e-mail is queued" in text
    assert application.mails.get().status == "pending"
