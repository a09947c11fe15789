"""A decision that e-mails someone shows the e-mail first: a click on Decline (or a bulk
action) changes nothing and sends nothing until the editor confirms on the page that
shows the e-mail; the bulk form starts with no action chosen and can tick every row."""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from tests.applications.test_bulk import BULK, INDEX, statuses

pytestmark = pytest.mark.django_db

TRANSITION = "wagtail_skilldonation_application_modeladmin_transition"


class Form(HTMLParser):
    """The fields of the page's forms: hidden inputs, the bulk select and its options,
    the checkboxes."""

    def __init__(self):
        super().__init__()
        self.hidden, self.options, self.boxes, self._select = {}, [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden":
            self.hidden.setdefault(attrs["name"], []).append(attrs.get("value", ""))
        if tag == "input" and attrs.get("type") == "checkbox":
            self.boxes.append(attrs)
        if tag == "select":
            self._select = attrs
        if tag == "option" and self._select is not None and self._select.get("name") == "action":
            self.options.append(attrs)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parsed(response):
    form = Form()
    form.feed(response.content.decode())
    return form


def test_decline_shows_the_email_and_changes_nothing_until_confirmed(
    admin_client, three, django_capture_on_commit_callbacks
):
    alice = three["Alice"]
    url = reverse(TRANSITION, args=[alice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        shown = admin_client.post(url, {"to_status": "declined", "note": "Profil trop loin"})
    assert shown.status_code == 200
    assert statuses(three)["Alice"] == "submitted"
    assert mail.outbox == []
    assert alice.events.count() == 0
    html = shown.content.decode()
    assert "Alice X will receive this e-mail" in html
    assert "We cannot take your application this time" in html  # the e-mail itself
    form = parsed(shown)
    assert form.hidden["to_status"] == ["declined"]
    assert form.hidden["note"] == ["Profil trop loin"]  # the internal note goes along
    assert form.hidden["confirmed"] == ["1"]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(url, {"to_status": "declined", "note": "Profil trop loin", "confirmed": "1"})
    assert done.status_code == 302
    assert statuses(three)["Alice"] == "declined"
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_a_decision_that_mails_nobody_needs_no_confirmation(admin_client, three):
    """Only the decisions that write to the volunteer stop on the way."""
    alice = three["Alice"]
    shown = admin_client.post(reverse(TRANSITION, args=[alice.pk]), {"to_status": "withdrawn"})
    assert shown.status_code == 302
    assert statuses(three)["Alice"] == "withdrawn"


def test_a_bulk_decision_names_everyone_and_waits_for_the_confirmation(
    admin_client, three, django_capture_on_commit_callbacks
):
    ids = [three["Alice"].pk, three["Bruno"].pk]
    sent = {"selected": ids, "action": "declined", "message": "Reporté", "next": reverse(INDEX) + "?status=submitted"}
    with django_capture_on_commit_callbacks(execute=True):
        shown = admin_client.post(reverse(BULK), sent)
    assert shown.status_code == 200
    assert set(statuses(three).values()) == {"submitted"}
    assert mail.outbox == []
    html = shown.content.decode()
    assert "2 volunteers will receive this e-mail" in html
    assert "Alice X" in html
    assert "Bruno X" in html
    assert "Chloé X" not in html
    assert "Decline and send 2 e-mails" in html
    form = parsed(shown)
    assert sorted(form.hidden["selected"]) == sorted(str(pk) for pk in ids)
    assert form.hidden["next"] == [reverse(INDEX) + "?status=submitted"]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(reverse(BULK), {**sent, "confirmed": "1"})
    assert done.status_code == 302
    assert done.url == reverse(INDEX) + "?status=submitted"
    assert statuses(three) == {"Alice": "declined", "Bruno": "declined", "Chloé": "submitted"}
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    assert all("Reporté" in m.body for m in mail.outbox)


def test_the_bulk_form_starts_with_no_action_and_can_tick_every_row(admin_client, three):
    form = parsed(admin_client.get(reverse(INDEX)))
    assert form.options[0].get("value") == ""  # nothing chosen until the editor chooses
    assert "selected" not in form.options[0]
    assert not any("selected" in option for option in form.options)
    select_all = [box for box in form.boxes if box.get("id") == "sd-select-all"]
    assert len(select_all) == 1
    assert len([box for box in form.boxes if box.get("name") == "selected"]) == 3
    # With no action chosen, nothing happens, and the editor is told.
    response = admin_client.post(reverse(BULK), {"selected": [three["Alice"].pk], "action": ""}, follow=True)
    assert statuses(three)["Alice"] == "submitted"
    assert "choose what to do" in response.content.decode()


def test_completing_lists_the_emails_first_and_checks_the_hours_before(
    admin_client, three, organisation, django_capture_on_commit_callbacks
):
    """Completing asks both sides for feedback: who is written to, and the volunteer's
    e-mail (its signed link named, not given), before anything changes."""
    organisation.contact_email = "contact@jardins.example"
    organisation.save()
    alice = three["Alice"]
    url = reverse(TRANSITION, args=[alice.pk])
    admin_client.post(url, {"to_status": "accepted", "confirmed": "1"})
    mail.outbox.clear()
    refused = admin_client.post(url, {"to_status": "completed", "hours": "-1"}, follow=True)
    assert "greater than or equal to 0" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        shown = admin_client.post(url, {"to_status": "completed", "hours": "6", "note": "Bravo"})
    assert shown.status_code == 200
    assert statuses(three)["Alice"] == "accepted"
    assert mail.outbox == []
    assert not alice.hours_declarations.exists()
    html = shown.content.decode()
    assert "these 2 e-mails go" in html
    assert "alice@example.org" in html
    assert "contact@jardins.example" in html
    assert "/portal/feedback/" not in html  # the preview names the link, gives none
    assert "Mark completed and send 2 e-mails" in html
    form = parsed(shown)
    assert (form.hidden["to_status"], form.hidden["hours"], form.hidden["note"]) == (["completed"], ["6"], ["Bravo"])
    assert "message" not in form.hidden
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(url, {"to_status": "completed", "hours": "6", "note": "Bravo", "confirmed": "1"})
    assert done.status_code == 302
    assert statuses(three)["Alice"] == "completed"
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "contact@jardins.example"]
    assert alice.approved_hours == 6
