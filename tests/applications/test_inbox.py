"""The applications inbox (wagtail-modeladmin): listing, actions, export, permissions."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from wagtail_skilldonation import applications
from wagtail_skilldonation.exports import neutralise_cell
from wagtail_skilldonation.models import Application, Volunteer

INDEX = "wagtail_skilldonation_application_modeladmin_index"
INSPECT = "wagtail_skilldonation_application_modeladmin_inspect"
TRANSITION = "wagtail_skilldonation_application_modeladmin_transition"


@pytest.fixture
def inbox(open_mission, make_mission, skills):
    other = make_mission(title="Mentorat", skills=[skills["Mentorat"]])
    people = [
        ("Alice", "Durand", open_mission, "Graphisme", '=HYPERLINK("http://evil")'),
        ("Bruno", "Petit", open_mission, "Rédaction", "+33 6 12"),
        ("Chloé", "Roux", other, "Mentorat", "@SUM(A1)"),
    ]
    apps = []
    for first, last, mission, skill, message in people:
        volunteer = Volunteer.objects.create(first_name=first, last_name=last, email=f"{first.lower()}@example.org")
        app = Application.objects.create(
            mission=mission,
            volunteer=volunteer,
            message=message,
            answers={"langues": {"label": "Langues", "value": "-1+1"}},
        )
        app.skills_offered.add(skills[skill])
        apps.append(app)
    return apps


def listed(response):
    return sorted(a.volunteer.first_name for a in response.context["object_list"])


def test_list_filters_and_search(admin_client, inbox, open_mission, skills):
    url = reverse(INDEX)
    response = admin_client.get(url)
    assert response.status_code == 200
    assert listed(response) == ["Alice", "Bruno", "Chloé"]
    html = response.content.decode()
    assert "Campagne" in html
    assert "Graphisme" in html
    assert listed(admin_client.get(url, {"mission__page_ptr__exact": open_mission.pk})) == ["Alice", "Bruno"]
    assert listed(admin_client.get(url, {"skills_offered__id__exact": skills["Mentorat"].pk})) == ["Chloé"]
    applications.change_status(inbox[0], "accepted")
    assert listed(admin_client.get(url, {"status__exact": "accepted"})) == ["Alice"]
    assert listed(admin_client.get(url, {"q": "petit"})) == ["Bruno"]
    assert admin_client.get(url, {"created_at__gte": "2000-01-01 00:00:00+00:00"}).status_code == 200


def test_inspect_shows_answers_and_history(admin_client, inbox, superuser):
    app = inbox[0]
    applications.change_status(app, "accepted", actor=superuser, note="Bienvenue !")
    html = admin_client.get(reverse(INSPECT, args=[app.pk])).content.decode()
    for text in [
        "Alice Durand",
        "alice@example.org",
        "Langues",
        "-1+1",
        "Bienvenue !",
        "Graphisme",
        "Mark completed",
        "Put on the waiting list",
    ]:
        assert text in html, text
    assert 'value="accepted"' not in html  # only allowed moves are offered
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)  # one "hours" field was twice


def test_actions_from_the_inspect_view(admin_client, inbox):
    app = inbox[0]
    url = reverse(TRANSITION, args=[app.pk])
    response = admin_client.post(url, {"to_status": "accepted", "note": "OK", "confirmed": "1"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "accepted"
    admin_client.post(url, {"to_status": "completed", "hours": "14.5", "confirmed": "1"})
    app.refresh_from_db()
    assert app.status == "completed"
    assert app.approved_hours == Decimal("14.50")
    line = app.hours_declarations.get()  # the hours done became a signed ledger line
    assert (line.source, line.status, line.author.username) == ("completion", "approved", "admin")
    # A move that is not allowed any more: refused with a message, nothing changes.
    response = admin_client.post(url, {"to_status": "declined"}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "completed"
    response = admin_client.post(
        reverse(TRANSITION, args=[inbox[1].pk]), {"to_status": "completed", "hours": "-3"}, follow=True
    )
    assert "greater than or equal to 0" in response.content.decode()


def test_capacity_refusal_is_shown(admin_client, inbox, open_mission):
    open_mission.places_available = 1
    open_mission.save_revision().publish()
    admin_client.post(reverse(TRANSITION, args=[inbox[0].pk]), {"to_status": "accepted", "confirmed": "1"})
    response = admin_client.post(
        reverse(TRANSITION, args=[inbox[1].pk]), {"to_status": "accepted", "confirmed": "1"}, follow=True
    )
    assert "All 1 places of this mission are taken" in response.content.decode()
    inbox[1].refresh_from_db()
    assert inbox[1].status == "submitted"


def test_csv_export_neutralises_formulas(admin_client, inbox):
    response = admin_client.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Volunteer", "E-mail", "Mission"]
    messages = {row[0]: row[7] for row in rows[1:]}
    assert messages["Alice Durand"] == '\'=HYPERLINK("http://evil")'
    assert messages["Bruno Petit"] == "'+33 6 12"
    assert messages["Chloé Roux"] == "'@SUM(A1)"
    answers = {row[0]: row[8] for row in rows[1:]}
    assert answers["Alice Durand"] == "Langues: -1+1"


def test_xlsx_export_reads_back(admin_client, inbox):
    from openpyxl import load_workbook

    response = admin_client.get(reverse(INDEX), {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][:3] == ("Volunteer", "E-mail", "Mission")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Alice Durand"][2] == "Campagne"
    cell = workbook.active.cell(row=2, column=8)
    assert cell.data_type == "s"  # stored as text, never as a formula


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-2", "'-2"),
        ("+x", "'+x"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("=", "'="),
        ("a=b", "a=b"),
        (" =x", " =x"),
        ("normal", "normal"),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


# Permission matrix ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("perms", "can_list", "can_act"),
    [
        ((), False, False),
        (("view_application",), True, False),
        (("change_application",), True, True),
    ],
)
def test_permission_matrix(client, inbox, editor_factory, perms, can_list, can_act):
    user = editor_factory(*perms)
    client.force_login(user)
    app = inbox[0]
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse(INDEX) in home) == can_list
    for url in (reverse(INDEX), reverse(INSPECT, args=[app.pk]), reverse(INDEX) + "?export=csv"):
        response = client.get(url)
        assert (response.status_code == 200) == can_list, url
    response = client.post(reverse(TRANSITION, args=[app.pk]), {"to_status": "accepted", "confirmed": "1"})
    app.refresh_from_db()
    if can_act:
        assert response.status_code == 302
        assert app.status == "accepted"
    else:
        assert response.status_code in (302, 403)
        assert app.status == "submitted"
        assert app.events.count() == 0
    # Nobody creates or edits applications by hand.
    assert client.get("/admin/wagtail_skilldonation/application/create/").status_code in (302, 403, 404)


def test_anonymous_is_sent_to_login(client, inbox):
    for url in (reverse(INDEX), reverse(INSPECT, args=[inbox[0].pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    response = client.post(reverse(TRANSITION, args=[inbox[0].pk]), {"to_status": "accepted", "confirmed": "1"})
    assert response.status_code == 302
    inbox[0].refresh_from_db()
    assert inbox[0].status == "submitted"


# Panels --------------------------------------------------------------------------------


def test_mission_edit_view_shows_application_counts(admin_client, inbox, open_mission, django_assert_max_num_queries):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    applications.change_status(inbox[0], "accepted")
    url = reverse("wagtailadmin_pages:edit", args=[open_mission.pk])
    admin_client.get(url)  # Wagtail's own caches warm, as on a running site
    reset_queries()  # a full query log would make the capture below read nothing
    with CaptureQueriesContext(connection) as few:
        html = admin_client.get(url).content.decode()
    # Read now: the next request empties the query log the capture reads. One more
    # allowed: Wagtail now and then purges old editing sessions.
    budget = len(few.captured_queries) + 1
    assert budget > 10
    assert "2 applications" in html
    assert "Places taken: 1/2" in html
    assert "Visitors read: Open" in html
    assert "apply by" in html
    assert f"mission__page_ptr__exact={open_mission.pk}&amp;status__exact=accepted" in html
    for i in range(20):
        volunteer = Volunteer.objects.create(first_name="V", last_name=str(i), email=f"many{i}@example.org")
        Application.objects.create(mission=open_mission, volunteer=volunteer)
    admin_client.get(url)  # new volunteers: the matching tab's statistics are cached again
    # Twenty more applications cost the panel no query.
    with django_assert_max_num_queries(budget):
        html = admin_client.get(url).content.decode()
    assert "22 applications" in html


def test_volunteer_edit_view_lists_their_applications(admin_client, inbox):
    volunteer = inbox[2].volunteer
    html = admin_client.get(
        reverse("wagtailsnippets_wagtail_skilldonation_volunteer:edit", args=[volunteer.pk])
    ).content.decode()
    assert "Mentorat" in html
    assert reverse(INSPECT, args=[inbox[2].pk]) in html


def test_panels_hidden_on_unsaved_objects(admin_client, mission_index):
    add_mission = reverse("wagtailadmin_pages:add", args=["wagtail_skilldonation", "missionpage", mission_index.pk])
    assert "Places taken" not in admin_client.get(add_mission).content.decode()
    add_volunteer = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:add")
    assert admin_client.get(add_volunteer).status_code == 200


def test_the_status_note_says_it_stays_internal(admin_client, inbox):
    """#19: the editor knows the note is never sent (messages are, below it)."""
    app = Application.objects.first()
    html = admin_client.get(reverse(INSPECT, args=[app.pk])).content.decode()
    assert "Internal note (optional)" in html
    assert "never sent to the volunteer" in html


def test_the_inbox_tells_namesakes_apart_and_shows_the_places(admin_client, inbox, open_mission):
    namesake = Volunteer.objects.create(
        first_name="Alice", last_name="Durand", email="alice.d@example.net", city="Lyon"
    )
    Application.objects.create(mission=open_mission, volunteer=namesake)
    applications.change_status(inbox[0], "accepted", notify=False)
    response = admin_client.get(reverse(INDEX))
    html = response.content.decode()
    assert "alice@example.org" in html
    assert "alice.d@example.net" in html
    assert "Lyon" in html
    rows = re.findall(r'<td class="field-places_label[^"]*">(.*?)</td>', html, re.S)
    assert sorted(row.strip() for row in rows) == ["0 / 1", "1 / 2", "1 / 2", "1 / 2"]
    # Statuses and counts never wrap inside a word.
    assert "wagtail_skilldonation/css/admin.css" in html


def test_accept_is_disabled_with_the_reason_while_the_mission_is_full(admin_client, inbox, open_mission):
    open_mission.places_available = 1
    open_mission.save_revision().publish()
    html = admin_client.get(reverse(INSPECT, args=[inbox[1].pk])).content.decode()
    assert 'value="accepted" class="button">' in html  # a place is free: nothing disabled
    applications.change_status(inbox[0], "accepted", notify=False)
    html = admin_client.get(reverse(INSPECT, args=[inbox[1].pk])).content.decode()
    assert re.search(r'value="accepted" class="button" disabled aria-describedby="sd-accept-refusal"', html)
    assert 'id="sd-accept-refusal">All 1 places of this mission are taken' in html
    assert re.search(r'value="waiting_list" class="button button-secondary">', html)


def test_french_editors_read_no_generic_wording(admin_client, inbox, superuser):
    """Seen: "Inspecter ce/cette candidature" (wagtail-modeladmin's generic French)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "fr"
    profile.save()
    listing = admin_client.get(reverse(INDEX)).content.decode()
    page = admin_client.get(reverse(INSPECT, args=[inbox[0].pk])).content.decode()
    assert 'title="Ouvrir cette candidature"' in listing
    assert "Ouverte<" not in listing
    assert "Accepter" in page
    assert "<title>Candidature d&#x27;Alice Durand" in page  # elided (#29)
    for html in (listing, page):
        assert "ce/cette" not in html
        assert "ce(tte)" not in html
