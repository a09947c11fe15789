"""Asking for a sign-in link: the time of the answer for a known address against an
unknown one, interleaved. Nothing in it may tell them apart (#30): the request writes
one outbox row whatever the address; the task worker finds out later."""

from django.test.utils import override_settings

from . import interleaved, local_hosts


def bench_signin_impl(repeat):
    """Median ms of ``POST /portal/me/`` for a known and an unknown address, taking
    turns, with the production profile's task queue (the database backend: the mail
    is built and sent by the worker, not in the request) and throttles out of the way."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from wagtail_skilldonation.conf import get_setting
    from wagtail_skilldonation.models import Volunteer

    Volunteer.objects.create(first_name="Inès", last_name="Connue", email="known@bench.example")
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    loose = {**getattr(settings, "WAGTAIL_SKILLDONATION", {})}
    loose.update({"SIGN_IN_RATE_LIMIT": (10**6, 60), "SIGN_IN_RATE_LIMIT_PER_ADDRESS": (10**6, 60)})
    url = reverse("wagtail_skilldonation:space")
    client = Client()
    counter = iter(range(10**9))

    def ask(email):
        response = client.post(url, {"email": email})
        assert response.status_code == 302, response.status_code

    with override_settings(TASKS=queue, WAGTAIL_SKILLDONATION=loose, ALLOWED_HOSTS=local_hosts()):
        assert get_setting("SIGN_IN_RATE_LIMIT")[0] == 10**6
        times = interleaved(
            {
                "known": (lambda: None, lambda: ask("known@bench.example")),
                "unknown": (lambda: None, lambda: ask(f"nobody{next(counter)}@bench.example")),
            },
            repeat,
        )
    return {
        "bench": "signin",
        "requests_each": repeat,
        "known_ms": times["known"],
        "unknown_ms": times["unknown"],
        "known_vs_unknown": round(times["known"]["median"] / times["unknown"]["median"], 2),
    }
