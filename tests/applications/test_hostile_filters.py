"""The inbox answers what it cannot read with a 4xx and a message, never a 500: a
NUL in a filter or a search, an id that is not a number (#31)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INDEX = "wagtail_skilldonation_application_modeladmin_index"
HOSTILE = [
    {"q": "\x00"},
    {"status": "\x00"},
    {"status__exact": "\x00"},
    {"language": "\x00"},
    {"created_at__gte": "\x00"},
    {"mission__id__exact": "abc"},
    {"mission__id__exact": "\x00"},
    {"skills_offered__id__exact": "abc"},
    {"waiting": "\x00"},
    {"selected": "1,abc"},
    {"export": "csv", "q": "\x00"},
]


@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: "&".join(f"{k}={v!r}" for k, v in p.items()))
def test_a_hostile_filter_answers_4xx(admin_client, application, params):
    response = admin_client.get(reverse(INDEX), params)
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize("action", ["inspect", "history", "transition", "message", "confirm_again"])
def test_an_id_that_is_not_a_number_answers_404(admin_client, action):
    url = reverse(INDEX).rstrip("/") + f"/../{action}/abc/"
    url = f"/admin/wagtail_skilldonation/application/{action}/abc/"
    for method in (admin_client.get, admin_client.post):
        response = method(url)
        assert response.status_code in (404, 405), (method, response.status_code)


def test_text_with_nul_is_refused_with_a_message(admin_client, application):
    message = reverse("wagtail_skilldonation_application_modeladmin_message", args=[application.pk])
    response = admin_client.post(message, {"body": "Bonjour\x00"}, follow=True)
    assert response.status_code == 200
    assert not application.messages.exists()
    assert "Null characters are not allowed" in response.content.decode()
