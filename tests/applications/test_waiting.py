"""What is waiting for the team: the admin home's counts and the inbox filter they
link to read one definition (applications.waiting)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import applications
from wagtail_skilldonation.models import (
    Application,
    Feedback,
    HoursDeclaration,
    OutgoingMail,
    Volunteer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(open_mission):
    open_mission.places_available = 10
    open_mission.save_revision().publish()
    people = {}
    for name in ("fresh", "old", "hours", "feedback", "certificate", "mail"):
        volunteer = Volunteer.objects.create(first_name=name, last_name="X", email=f"{name}@example.org")
        people[name] = Application.objects.create(mission=open_mission, volunteer=volunteer)
    # Created in an order the code must not rely on: the oldest last.
    Application.objects.filter(pk=people["old"].pk).update(created_at=timezone.now() - datetime.timedelta(days=6))
    for name in ("hours", "feedback", "certificate"):
        applications.change_status(people[name], "accepted", notify=False)
    applications.change_status(people["certificate"], "completed", hours=5, notify=False)
    HoursDeclaration.objects.create(
        application=people["hours"],
        date=timezone.localdate(),
        hours=3,
        description="Atelier",
    )
    Feedback.objects.create(application=people["feedback"], role="volunteer", rating=4)
    OutgoingMail.objects.create(
        kind="received", recipient="mail@example.org", application=people["mail"], status="failed"
    )
    return people


def listed(admin_client, query):
    response = admin_client.get(reverse("wagtail_skilldonation_application_modeladmin_index") + "?" + query)
    assert response.status_code == 200
    return sorted(a.volunteer.first_name for a in response.context["object_list"])


def test_the_admin_home_counts_what_is_waiting_and_links_to_it(admin_client, work):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "What is waiting" in html
    links = dict(
        (label.strip(), (int(count), url.replace("&amp;", "&")))
        for url, count, label in re.findall(
            r'<a href="([^"]+waiting=[^"]+)"><strong>(\d+)</strong> · ([^<]+)</a>', html
        )
    )
    assert set(links) == {
        "Applications without an answer for more than 5 days",
        "Hours to approve",
        "Feedback to read",
        "Certificates to issue",
        "E-mails that could not be sent",
    }
    expected = {
        "Applications without an answer for more than 5 days": ["old"],
        "Hours to approve": ["hours"],
        "Feedback to read": ["feedback"],
        "Certificates to issue": ["certificate"],
        "E-mails that could not be sent": ["mail"],
    }
    for label, (count, url) in links.items():
        assert listed(admin_client, url.split("?", 1)[1]) == expected[label]
        assert count == len(expected[label])


def test_done_work_leaves_the_list(admin_client, work, settings):
    work["old"].status = "declined"
    work["old"].save()
    HoursDeclaration.objects.update(status="approved")
    Feedback.objects.update(reviewed_at=timezone.now())
    OutgoingMail.objects.update(status="sent")
    from wagtail_skilldonation import certificates

    certificates.issue(work["certificate"], notify=False)
    for key in ("unanswered", "hours", "feedback", "certificates", "mails"):
        assert listed(admin_client, f"waiting={key}") == []
    assert "What is waiting" not in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    # The delay is a setting: with 0 days, every application still unanswered.
    settings.WAGTAIL_SKILLDONATION = {"ANSWER_WITHIN_DAYS": 0}
    assert listed(admin_client, "waiting=unanswered") == ["fresh", "mail"]
