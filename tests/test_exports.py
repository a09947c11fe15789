"""Every export opens safely: no live formula in a CSV, no 500 on stored text in an XLSX,
empty cells empty (#13)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wagtail_skilldonation.models import Organisation, Skill, Volunteer

EVIL = ["=HYPERLINK(\"http://evil.example\")", "+33 1 23", "-2+3", "@SUM(A1)"]


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
        assert _live_formulas(rows) == [] and rows[1][0] == expected
        assert _xlsx(admin_client, url)[1][0] == expected[1:]


@pytest.mark.django_db
def test_impact_export_neutralises_skill_names(admin_client, make_mission):
    skill = Skill.objects.create(name="=cmd|' /C calc'!A0", slug="calc", category="other")
    make_mission(skills=[skill])  # an open mission asks for it
    rows = _csv(admin_client, reverse("wagtail_skilldonation_impact"))
    names = [row[1] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names and _live_formulas(rows) == []
