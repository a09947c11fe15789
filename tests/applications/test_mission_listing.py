"""Missions at a glance (a Wagtail page listing): status visitors read, places taken /
total, applications waiting for an answer and the deadline."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import applications
from wagtail_skilldonation.models import Application, Volunteer

pytestmark = pytest.mark.django_db


def row(html, title):
    match = re.search(r"<tr[^>]*>(?:(?!</tr>).)*?" + re.escape(title) + r"(?:(?!</tr>).)*</tr>", html, re.S)
    assert match, title
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_missions_at_a_glance(admin_client, open_mission, make_mission, django_assert_max_num_queries):
    full = make_mission(title="Mentorat", places_available=1)
    for name, mission, status in [
        ("lea", open_mission, "submitted"),
        ("noe", open_mission, "submitted"),
        ("ana", full, "accepted"),
    ]:
        volunteer = Volunteer.objects.create(first_name=name, last_name="X", email=f"{name}@example.org")
        application = Application.objects.create(mission=mission, volunteer=volunteer)
        if status == "accepted":
            applications.change_status(application, "accepted", notify=False)
    url = reverse("skilldonation_missions:index")
    html = admin_client.get(url).content.decode()
    campaign = row(html, "Campagne")
    from django.utils.formats import date_format

    deadline = date_format(timezone.localdate() + datetime.timedelta(days=10), "DATE_FORMAT")
    assert "Open" in campaign
    assert "0 / 2" in campaign
    assert " 2 " in f" {campaign} "
    assert deadline in campaign
    mentoring = row(html, "Mentorat")
    assert "Full" in mentoring
    assert "1 / 1" in mentoring

    # The same queries for 2 missions and for 12 (but the translation buttons' check of
    # wagtail.contrib.simple_translation, one per row, as in Wagtail's explorer).
    def ours(captured):
        return [q for q in captured.captured_queries if "wagtailcore_locale" not in q["sql"]]

    with django_assert_max_num_queries(60) as few:
        admin_client.get(url)
    for i in range(10):
        make_mission(title=f"Extra {i}")
    with django_assert_max_num_queries(80) as many:
        admin_client.get(url)
    assert len(ours(many)) == len(ours(few))


def test_the_explorer_of_a_mission_index_leads_to_the_missions_at_a_glance(admin_client, mission_index, home):
    html = admin_client.get(reverse("wagtailadmin_explore", args=[mission_index.pk])).content.decode()
    assert "Missions at a glance" in html
    assert reverse("skilldonation_missions:index") in html
    assert (
        "Missions at a glance" not in admin_client.get(reverse("wagtailadmin_explore", args=[home.pk])).content.decode()
    )
