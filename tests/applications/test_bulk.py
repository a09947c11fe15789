"""Bulk actions on the inbox's ticked rows: one decision, taken application by
application (each its own e-mail, places kept exact), and what could not be done said
with what can be done instead."""

import pytest
from django.core import mail
from django.urls import reverse

from wagtail_skilldonation.models import Application, ApplicationMessage

pytestmark = pytest.mark.django_db

INDEX = "wagtail_skilldonation_application_modeladmin_index"
BULK = "wagtail_skilldonation_application_modeladmin_bulk"


def statuses(apps):
    return {name: Application.objects.get(pk=app.pk).status for name, app in apps.items()}


def test_the_list_has_a_labelled_box_per_row_tied_to_the_bulk_form(admin_client, three):
    html = admin_client.get(reverse(INDEX)).content.decode()
    assert '<form id="sd-bulk"' in html
    assert html.count('name="selected"') == 3
    # Each box is labelled by the volunteer's name (a label around both).
    assert (
        f'<label class="sd-select"><input type="checkbox" name="selected" value="{three["Alice"].pk}" '
        'form="sd-bulk"> Alice X</label>' in html
    )


def test_bulk_accept_fills_the_places_oldest_first_and_offers_the_waiting_list_for_the_rest(
    admin_client, three, django_capture_on_commit_callbacks
):
    ids = [app.pk for app in three.values()]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse(BULK), {"selected": ids, "action": "accepted", "confirmed": "1"})
    assert response.status_code == 200
    assert statuses(three) == {"Alice": "accepted", "Bruno": "accepted", "Chloé": "submitted"}
    html = response.content.decode()
    assert "1 application could not be accepted" in html
    assert "Chloé X" in html
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    # The offer: the rest go on the waiting list once the editor has seen their e-mail.
    offer = {"selected": [three["Chloé"].pk], "action": "waiting_list", "next": reverse(INDEX)}
    shown = admin_client.post(reverse(BULK), offer)
    assert shown.status_code == 200
    assert statuses(three)["Chloé"] == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse(BULK), {**offer, "confirmed": "1"})
    assert response.status_code == 302
    assert response.url == reverse(INDEX)
    assert statuses(three)["Chloé"] == "waiting_list"
    assert [m.to[0] for m in mail.outbox][-1] == "chloé@example.org"


def test_bulk_decline_sends_one_message_to_each(admin_client, three, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(BULK),
            {
                "selected": [three["Alice"].pk, three["Bruno"].pk],
                "action": "declined",
                "message": "Le projet est reporté à l'automne.",
                "confirmed": "1",
            },
        )
    assert statuses(three) == {"Alice": "declined", "Bruno": "declined", "Chloé": "submitted"}
    sent = {m.to[0]: m.body for m in mail.outbox}
    assert set(sent) == {"alice@example.org", "bruno@example.org"}
    assert all("Le projet est reporté à l'automne." in body for body in sent.values())
    assert ApplicationMessage.objects.filter(body="Le projet est reporté à l'automne.").count() == 2


def test_export_of_the_selection_only(admin_client, three):
    response = admin_client.post(reverse(BULK), {"selected": [three["Bruno"].pk], "action": "export"})
    assert response.status_code == 302
    csv_text = b"".join(admin_client.get(response.url).streaming_content).decode("utf-8-sig")
    assert "Bruno" in csv_text
    assert "Alice" not in csv_text
    assert "Chloé" not in csv_text


def test_view_only_editors_export_but_do_not_decide(client, three, editor_factory):
    client.force_login(editor_factory("view_application"))
    assert client.post(reverse(BULK), {"selected": [three["Alice"].pk], "action": "export"}).status_code == 302
    refused = client.post(reverse(BULK), {"selected": [three["Alice"].pk], "action": "accepted"})
    # Wagtail's admin answers a permission refusal by sending to its home with a message.
    assert refused.status_code == 403 or refused.url == reverse("wagtailadmin_home")
    assert statuses(three)["Alice"] == "submitted"


def test_nothing_ticked_or_a_foreign_next_changes_nothing(admin_client, three):
    response = admin_client.post(reverse(BULK), {"action": "accepted", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.url == reverse(INDEX)
    assert set(statuses(three).values()) == {"submitted"}


def test_a_too_long_message_is_refused_not_cut(admin_client, three):
    response = admin_client.post(
        reverse(BULK),
        {
            "selected": [three["Alice"].pk],
            "action": "declined",
            "message": "x" * 2001,
            "next": reverse(INDEX),
        },
        follow=True,
    )
    assert "The message is too long (2001 characters; at most 2000)." in response.content.decode()
    assert statuses(three)["Alice"] == "submitted"
    assert not mail.outbox
