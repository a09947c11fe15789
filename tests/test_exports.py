"""Every export opens safely: no live formula in a CSV, no 500 on stored text in an XLSX,
empty cells empty (#13)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wagtail_skilldonation.models import Organisation, Skill, Volunteer

EVIL = ['=HYPERLINK("http://evil.example")', "+33 1 23", "-2+3", "@SUM(A1)"]


def _csv(client, url):
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _xlsx(client, url):
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)


def _live_formulas(rows):
    return [cell for row in rows[1:] for cell in row if cell and cell[0] in "=+-@"]


@pytest.mark.django_db
def test_volunteer_exports(admin_client):
    for i, text in enumerate(EVIL):
        Volunteer.objects.create(first_name=text, last_name="B\x01\x1b[31m", email=f"v{i}@example.org", city="")
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:list")
    rows = _csv(admin_client, url)
    assert len(rows) == 1 + len(EVIL)
    assert _live_formulas(rows) == []
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + text for text in EVIL)
    assert all(row[5] == "" for row in rows[1:])  # no city: an empty cell
    sheet = _xlsx(admin_client, url)  # the control characters no longer answer 500
    assert sorted(row[1] for row in sheet[1:]) == ["B[31m"] * len(EVIL)
    assert sorted(row[0] for row in sheet[1:]) == sorted(EVIL)  # text, kept as typed


@pytest.mark.django_db
def test_organisation_and_skill_exports(admin_client):
    Organisation.objects.create(name="=1+1", contact_name="@me\x07", city="Paris")
    Skill.objects.create(name="-Excel", slug="excel", description="+ tableur")
    for model, expected in [("organisation", "'=1+1"), ("skill", "'-Excel")]:
        url = reverse(f"wagtailsnippets_wagtail_skilldonation_{model}:list")
        rows = _csv(admin_client, url)
        assert _live_formulas(rows) == []
        assert rows[1][0] == expected
        assert _xlsx(admin_client, url)[1][0] == expected[1:]


@pytest.mark.django_db
def test_impact_export_neutralises_skill_names(admin_client, make_mission):
    skill = Skill.objects.create(name="=cmd|' /C calc'!A0", slug="calc", category="other")
    make_mission(skills=[skill])  # an open mission asks for it
    rows = _csv(admin_client, reverse("wagtail_skilldonation_reports:impact"))
    names = [row[1] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names
    assert _live_formulas(rows) == []


def test_a_french_spreadsheet_opens_the_csv_well(admin_client, superuser, open_mission):
    """#19: UTF-8 with a BOM, ``;`` and decimal commas for a French editor; times in the
    site's time zone, in CSV and XLSX."""
    import csv as csv_module
    import datetime
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from wagtail_skilldonation import applications
    from wagtail_skilldonation.models import Application, Volunteer

    volunteer = Volunteer.objects.create(first_name="Élodie", last_name="Noël", email="e@example.org")
    application = Application.objects.create(mission=open_mission, volunteer=volunteer)
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=12.5, notify=False)
    at = datetime.datetime(2026, 7, 1, 8, 30, tzinfo=datetime.UTC)  # 10:30 in Paris (summer)
    Application.objects.filter(pk=application.pk).update(created_at=at)
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "fr"
    profile.save()
    url = reverse("wagtail_skilldonation_application_modeladmin_index")
    response = admin_client.get(url, {"export": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv_module.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if "Élodie Noël" in r)
    assert "2026-07-01 10:30" in row
    assert "12,50" in row
    assert "" in row  # an empty cell stays empty
    # XLSX: the same local time, as a date-time.
    xlsx = admin_client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [cell for line in sheet.iter_rows(values_only=True) for cell in line]
    assert datetime.datetime(2026, 7, 1, 10, 30) in values
    # In English, commas and points.
    profile.preferred_language = "en"
    profile.save()
    english = b"".join(admin_client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert "12.50" in english
    assert ";" not in english.splitlines()[0]


def test_the_impact_export_states_its_period_and_filters(admin_client):
    import csv as csv_module
    import io

    from django.urls import reverse

    url = reverse("wagtail_skilldonation_reports:impact")
    content = b"".join(
        admin_client.get(
            url, {"export": "csv", "start": "2026-01-01", "end": "2026-06-30", "category": "technical"}
        ).streaming_content
    )
    rows = list(csv_module.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["Report", "Period", "01/01/2026 to 06/30/2026"]
    assert rows[2][:3] == ["Report", "Filters", "Skill category: Technical services (IT, web, data)"]
    unfiltered = list(
        csv_module.reader(
            io.StringIO(b"".join(admin_client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig"))
        )
    )
    assert unfiltered[1][2].startswith("From the first records to")
    assert unfiltered[2][2] == "none"
    page = admin_client.get(url, {"start": "2026-01-01", "end": "2026-06-30"}).content.decode()
    assert "Period: 01/01/2026 to 06/30/2026" in page
