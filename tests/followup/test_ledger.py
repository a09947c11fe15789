"""One hours ledger: the application page, the certificate, the verification page and
the impact report all read the approved lines (issue #12, item 3)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation import applications, certificates, reports
from wagtail_skilldonation.followup import hours as ledger
from wagtail_skilldonation.models import HoursDeclaration

TODAY = timezone.localdate()
TRANSITION = "wagtail_skilldonation_application_modeladmin_transition"
INSPECT = "wagtail_skilldonation_application_modeladmin_inspect"


def declare(application, amount, status="pending"):
    return HoursDeclaration.objects.create(
        application=application, date=TODAY, hours=Decimal(amount), description="Atelier", status=status
    )


def every_total(client, admin_client, application):
    """What the application page, the verification page and the report say."""
    page = admin_client.get(reverse(INSPECT, args=[application.pk])).content.decode()
    certificate = certificates.issue(application, notify=False)
    verify = client.get(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])).content.decode()
    return page, certificate, verify, reports.impact().hours


def test_hours_done_at_completion_become_a_signed_line_and_every_figure_agrees(
    client, admin_client, accepted, superuser
):
    # The scenario seen: 6 h approved, then "hours done: 18" at completion.
    ledger.approve(declare(accepted, 6), superuser)
    admin_client.post(
        reverse(TRANSITION, args=[accepted.pk]), {"to_status": "completed", "hours": "18", "confirmed": "1"}
    )
    accepted.refresh_from_db()
    assert accepted.status == "completed"
    lines = list(
        accepted.hours_declarations.order_by("pk").values_list("hours", "source", "status", "author__username")
    )
    assert lines == [(Decimal("6"), "volunteer", "approved", None), (Decimal("12"), "completion", "approved", "admin")]
    page, certificate, verify, report = every_total(client, admin_client, accepted)
    assert "18.00 approved hours." in page
    assert "Entered at completion" in page
    assert certificate.hours == 18
    assert "18 h" in verify
    assert report == Decimal("18.00")


def test_hours_done_below_the_approved_lines_are_refused(admin_client, accepted, superuser):
    ledger.approve(declare(accepted, 6), superuser)
    response = admin_client.post(
        reverse(TRANSITION, args=[accepted.pk]), {"to_status": "completed", "hours": "4"}, follow=True
    )
    assert "6.00 hours are already approved for this application" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert accepted.approved_hours == 6
    assert accepted.hours_declarations.count() == 1


def test_pending_declarations_are_reviewed_before_hours_are_added(client, admin_client, accepted, superuser):
    pending = declare(accepted, 4)
    refused = admin_client.post(
        reverse(TRANSITION, args=[accepted.pk]), {"to_status": "completed", "hours": "10"}, follow=True
    )
    assert "1 declaration of hours is waiting for review" in refused.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    ledger.reject(pending, superuser)
    admin_client.post(
        reverse(TRANSITION, args=[accepted.pk]), {"to_status": "completed", "hours": "10", "confirmed": "1"}
    )
    # 10 h completed: the report says 10, not 0.
    assert reports.impact().hours == Decimal("10.00")
    assert accepted.approved_hours == Decimal("10.00")


def test_completing_without_changing_the_total_adds_no_line(accepted, superuser):
    ledger.approve(declare(accepted, "2.25"), superuser)
    applications.change_status(accepted, "completed", hours=Decimal("2.25"), notify=False)
    assert accepted.hours_declarations.count() == 1
    # Two decimals everywhere: the line, the total, the certificate.
    assert accepted.approved_hours == Decimal("2.25")
    assert certificates.issue(accepted, notify=False).hours == Decimal("2.25")


def test_a_pending_line_counts_nowhere_until_approved(accepted, superuser):
    line = declare(accepted, 3)
    applications.change_status(accepted, "completed", notify=False)
    assert accepted.approved_hours == 0
    assert reports.impact().hours == 0
    ledger.approve(line, superuser)
    assert accepted.approved_hours == 3
    assert reports.impact().hours == 3


def test_the_completion_form_starts_from_the_ledger(admin_client, accepted, superuser):
    ledger.approve(declare(accepted, "6.5"), superuser)
    html = admin_client.get(reverse(INSPECT, args=[accepted.pk])).content.decode()
    assert 'name="hours" value="6.50"' in html
    assert "6.50 approved hours." in html


@pytest.mark.parametrize("total", ["-1", "abc"])
def test_bad_totals_change_nothing(admin_client, accepted, total):
    admin_client.post(
        reverse(TRANSITION, args=[accepted.pk]), {"to_status": "completed", "hours": total, "confirmed": "1"}
    )
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert not accepted.hours_declarations.exists()


def test_the_report_dates_completion_lines_at_completion(accepted):
    applications.change_status(accepted, "completed", hours=7, notify=False)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert reports.impact(start=tomorrow, end=tomorrow).hours == 0
    assert reports.impact(start=TODAY, end=TODAY).hours == 7


def test_refusals_carry_their_codes(accepted, superuser):
    ledger.approve(declare(accepted, 6), superuser)
    with pytest.raises(applications.TransitionError) as fewer:
        applications.change_status(accepted, "completed", hours=5, notify=False)
    assert fewer.value.code == "hours_contradict"
    assert fewer.value.messages == [
        "6.00 hours are already approved for this application: the hours done cannot be "
        "fewer. Leave the field at 6.00, or correct the lines first."
    ]
    declare(accepted, 1)
    with pytest.raises(applications.TransitionError) as pending:
        applications.change_status(accepted, "completed", hours=8, notify=False)
    assert pending.value.code == "hours_pending"
    assert pending.value.messages == [
        "1 declaration of hours is waiting for review: approve or reject it before adding hours at completion."
    ]
    declare(accepted, 1)
    with pytest.raises(applications.TransitionError) as two:
        applications.change_status(accepted, "completed", hours=8, notify=False)
    assert two.value.messages == [
        "2 declarations of hours are waiting for review: approve or reject them before adding hours at completion."
    ]
    with pytest.raises(applications.TransitionError) as negative:
        applications.change_status(accepted, "completed", hours=-1, notify=False)
    assert negative.value.code == "hours"
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
