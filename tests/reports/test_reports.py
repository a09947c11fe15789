"""Impact figures on a known dataset, their report, exports and the home panel."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from wagtail_skilldonation import applications, reports
from wagtail_skilldonation.followup import hours
from wagtail_skilldonation.models import (
    Application,
    Feedback,
    HoursDeclaration,
    PortalSettings,
    Volunteer,
)

TODAY = timezone.localdate()


def volunteer(name, skills=()):
    v = Volunteer.objects.create(first_name=name, last_name="X", email=f"{name}@example.org", consent_at=timezone.now())
    v.skills.add(*skills)
    return v


@pytest.fixture
def dataset(make_mission, skills, superuser):
    """Two missions, three volunteers; rates: technical 50 €/h, communication 45 €/h."""
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.rate_technical, portal.rate_communication = Decimal(50), Decimal(45)
    portal.save()
    web = make_mission(title="Site", skills=[skills["Développement web"]], places_available=5, status="completed")
    com = make_mission(title="Campagne", skills=[skills["Graphisme"], skills["Rédaction"]], places_available=5)
    make_mission(title="Ouverte", skills=[skills["Graphisme"], skills["Stratégie"]])
    a, b, c = volunteer("a", [skills["Développement web"]]), volunteer("b", [skills["Graphisme"]]), volunteer("c")
    done = Application.objects.create(mission=web, volunteer=a)
    applications.change_status(done, "accepted", notify=False)
    applications.change_status(done, "completed", hours=10, notify=False)  # 10 h × 50 €
    busy = Application.objects.create(mission=com, volunteer=b)
    applications.change_status(busy, "accepted", notify=False)
    for amount, approve in [(3, True), (1.5, True), (4, False)]:
        d = HoursDeclaration.objects.create(application=busy, date=TODAY, hours=amount, description="x")
        if approve:
            hours.approve(d, superuser)  # 4.5 h × 45 €
    Application.objects.create(mission=com, volunteer=c)  # submitted: not engaged
    Feedback.objects.create(
        application=done,
        role="volunteer",
        rating=5,
        objectives={"1": {"title": "A", "result": "reached"}, "2": {"title": "B", "result": "partly"}},
    )
    Feedback.objects.create(
        application=done,
        role="beneficiary",
        rating=3,
        objectives={"1": {"title": "A", "result": "not_reached"}, "2": {"title": "B", "result": "reached"}},
    )
    return {"web": web, "com": com}


def test_figures_on_a_known_dataset(dataset, skills):
    figures = reports.impact()
    assert figures.missions_completed == 1
    assert figures.volunteers_engaged == 2
    assert figures.hours == Decimal("14.5")
    assert figures.hours_by_category == {"technical": Decimal(10), "communication": Decimal("4.5")}
    assert figures.valuation == Decimal("702.50")  # 10 × 50 + 4.5 × 45
    assert figures.objectives_reached == pytest.approx((1 + 0.5 + 0 + 1) / 4)
    assert (figures.rating_volunteers, figures.rating_beneficiaries) == (5, 3)
    rows = {r["skill"].name: (r["demand"], r["supply"]) for r in figures.skills}
    # Open missions: Campagne (Graphisme, Rédaction) and Ouverte (Graphisme, Stratégie).
    assert rows["Graphisme"] == (2, 1)
    assert rows["Stratégie"] == (1, 0)
    assert rows["Développement web"] == (0, 1)
    assert figures.skills[0]["skill"].name == "Graphisme"  # most needed first


def test_completed_application_with_declarations_counts_its_hours_once(dataset, superuser):
    # "Campagne" (communication, 45 €/h): 4.5 h approved, 4 h pending; now completed.
    busy = Application.objects.get(mission=dataset["com"], status="accepted")
    applications.change_status(busy, "completed", notify=False)
    assert busy.approved_hours == Decimal("4.5")
    figures = reports.impact()
    assert figures.hours_by_category == {"technical": Decimal(10), "communication": Decimal("4.5")}
    assert figures.hours == Decimal("14.50")
    assert figures.valuation == Decimal("702.50")


def test_filters(dataset, skills, organisation):
    assert reports.impact(category="technical").hours == Decimal(10)
    assert reports.impact(category="communication").valuation == Decimal("202.50")
    future = TODAY + datetime.timedelta(days=10)
    assert reports.impact(start=future, end=future + datetime.timedelta(days=1)).hours == 0
    assert reports.impact(organisation=organisation).volunteers_engaged == 2
    from wagtail_skilldonation.models import Organisation

    other = Organisation.objects.create(name="Autre")
    assert reports.impact(organisation=other).hours == 0


def _queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_count_does_not_grow(dataset, make_mission, skills, superuser):
    small = _queries(reports.impact)
    for i in range(6):
        mission = make_mission(skills=[skills["Mentorat"]], places_available=5)
        for j in range(3):
            app = Application.objects.create(mission=mission, volunteer=volunteer(f"n{i}{j}", [skills["Mentorat"]]))
            applications.change_status(app, "accepted", notify=False)
            applications.change_status(app, "completed", hours=2, notify=False)
            Feedback.objects.create(application=app, role="volunteer", rating=4, objectives={})
    assert _queries(reports.impact) == small


def test_report_view_and_exports(admin_client, dataset):
    from openpyxl import load_workbook

    url = reverse("wagtail_skilldonation_reports:impact")
    html = admin_client.get(url).content.decode()
    for text in ["Missions completed", "702.50", "14.5", "Skills supply and demand", "Graphisme"]:
        assert text in html, text
    filtered = admin_client.get(url, {"category": "technical"}).content.decode()
    assert "500.00" in filtered
    xlsx = admin_client.get(url, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert rows[0] == ("Section", "Figure or skill", "Value", "Volunteers offering it", "Open missions needing it")
    values = {row[1]: row[2] for row in rows[1:] if row[0] == "Figures"}
    assert float(values["Valuation (€)"]) == 702.5
    assert values["Volunteers engaged"] == 2
    content = b"".join(admin_client.get(url, {"export": "csv"}).streaming_content).decode()
    assert ["Figures", "Hours given (approved)", "14.50", "", ""] in list(csv.reader(io.StringIO(content)))


def test_report_permissions(client, dataset, django_user_model):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user("nobody", password="x")
    group = Group.objects.create(name="Editors without inbox")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert client.get(reverse("wagtail_skilldonation_reports:impact")).status_code in (302, 403)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Skill donation impact" not in home
    assert "hours given this year" not in home


def test_home_panel(admin_client, dataset):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "<strong>1</strong> application waiting" in html
    assert "<strong>14.5</strong> hours given this year" in html
    assert "Skill donation impact" in html  # in the Reports menu
    summary = reports.home_summary()
    assert summary["waiting"] == 1
    assert summary["hours"] == Decimal("14.5")


def test_partnership_on_the_organisation(admin_client, dataset, organisation):
    url = reverse("wagtailsnippets_wagtail_skilldonation_organisation:edit", args=[organisation.pk])
    html = admin_client.get(url).content.decode()
    assert "Partnership" in html
    assert "Site" in html
    assert "Campagne" in html
    assert "702.50" in html  # this year's valuation
