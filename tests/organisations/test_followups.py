"""Lasting impact (#32): 3 and 6 months after a mission is completed its organisation
is asked what lasted, once per step (the clock moved); the answer, given from its
space, reaches the impact report; partnerships without contact for a year are shown."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.organisations.test_space import SPACE, html_link, sign_in, text_of
from tests.organisations.test_space import team as team  # noqa: F401 (fixtures)
from tests.organisations.test_space import two as two  # noqa: F401
from wagtail_skilldonation.models import ImpactFollowUp, MissionStatus
from wagtail_skilldonation.organisations.followups import add_months, send_due
from wagtail_skilldonation.reports.figures import quiet_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(two):
    mission = two["ours"]
    mission.status, mission.end_date = MissionStatus.COMPLETED, datetime.date(2026, 3, 31)
    mission.save_revision().publish()
    two["theirs"].status = MissionStatus.COMPLETED  # its contact has an address too, no end date:
    two["theirs"].save_revision().publish()  # the day its last volunteer was marked completed counts
    return two


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC), tick=False)


def test_add_months_keeps_the_end_of_month():
    assert add_months(datetime.date(2026, 3, 31), 3) == datetime.date(2026, 6, 30)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)


def test_each_step_goes_once_and_its_answer_reaches_the_report(
    client, admin_client, done, django_capture_on_commit_callbacks
):
    ImpactFollowUp.objects.filter(mission=done["theirs"]).delete()
    with at(datetime.date(2026, 6, 29)):
        assert [m for m, _ in _due_for(done["ours"])] == []  # not yet: completed 31 March
    mail.outbox.clear()
    with at(datetime.date(2026, 6, 30)), django_capture_on_commit_callbacks(execute=True):
        assert send_due() >= 1
        assert send_due() == 0  # the next day's run, or a second cron at once
    ours = [m for m in mail.outbox if m.to == ["amel@jardins.example"]]
    assert len(ours) == 1
    assert "Refonte du site" in ours[0].subject
    followup = ImpactFollowUp.objects.get(mission=done["ours"])
    assert followup.months == 3
    link = html_link(ours[0], f"/portal/organisation/follow-up/{followup.pk}/")
    # Signed out, the link leads to the sign-in, then back to the question.
    assert client.get(link).url == SPACE + "?next=" + link.replace("/", "%2F")
    sign_in(client, "amel@jardins.example", django_capture_on_commit_callbacks)
    assert client.post(link, {"still_used": "maybe"}).status_code == 400
    response = client.post(link, {"still_used": "yes", "what_changed": "Nous publions nos ateliers chaque semaine."})
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.still_used == "yes"
    assert followup.answered_at
    report = admin_client.get(reverse("wagtail_skilldonation_reports:impact"))
    assert "Nous publions nos ateliers chaque semaine." in text_of(report)
    # Six months on: the second step, once; years later, nothing out of the blue.
    with at(datetime.date(2026, 9, 30)), django_capture_on_commit_callbacks(execute=True):
        assert send_due() >= 1
    assert ImpactFollowUp.objects.filter(mission=done["ours"]).count() == 2
    with at(datetime.date(2028, 1, 1)), django_capture_on_commit_callbacks(execute=True):
        assert send_due() == 0


def _due_for(mission):
    from wagtail_skilldonation.organisations.followups import due

    return [(m, months) for m, months in due() if m.pk == mission.pk]


def test_a_late_step_is_skipped_and_the_daily_command_sends_them(done, django_capture_on_commit_callbacks):
    # Cron was down for the 3-month step (more than 60 days late): only the 6-month one goes.
    with at(datetime.date(2026, 10, 1)), django_capture_on_commit_callbacks(execute=True):
        call_command("skilldonation_alerts", stdout=None)
    assert list(ImpactFollowUp.objects.filter(mission=done["ours"]).values_list("months", flat=True)) == [6]


def test_a_quiet_partnership_is_shown(done, django_capture_on_commit_callbacks):
    organisation = done["organisation"]
    today = timezone.localdate()
    done["ours"].end_date = today - datetime.timedelta(days=30)  # by the clock of the run (CI's a year ahead too)
    done["ours"].save_revision().publish()
    assert organisation not in [o for o, _ in quiet_partnerships(today)]  # a mission ended this year
    later = today + datetime.timedelta(days=800)
    assert organisation in [o for o, _ in quiet_partnerships(later)]
    ImpactFollowUp.objects.create(mission=done["ours"], organisation=organisation, months=3)
    with at(later):
        ImpactFollowUp.objects.filter(mission=done["ours"]).update(answered_at=timezone.now(), still_used="partly")
    assert organisation not in [o for o, _ in quiet_partnerships(later)]


def test_the_space_lists_follow_ups_to_answer(client, done, django_capture_on_commit_callbacks):
    followup = ImpactFollowUp.objects.create(mission=done["ours"], organisation=done["organisation"], months=3)
    sign_in(client, "amel@jardins.example", django_capture_on_commit_callbacks)
    page = BeautifulSoup(client.get(SPACE).content, "html.parser")
    assert page.find("a", href=reverse("wagtail_skilldonation:organisation_followup", args=[followup.pk]))
