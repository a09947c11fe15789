"""Clean inputs and exports (issue #13): control characters never get in, every free
text has a limit, and an export survives whatever text is stored."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import form_data
from wagtail_skilldonation.models import Application, MissionFormField, Volunteer


@pytest.fixture
def with_question(open_mission):
    MissionFormField.objects.create(page=open_mission, label="Votre expérience", field_type="multiline", required=False)
    return open_mission


def test_control_characters_are_stripped_from_what_is_typed(client, with_question):
    response = client.post(
        with_question.url,
        form_data(
            with_question,
            first_name="A\x01\x1b[31mB",
            city="Pa\x1fris",
            message="Ligne 1\r\nLigne 2\x07",
            q_votre_experience="Dix ans\x1b[0m\tde graphisme",
        ),
        follow=True,
    )
    assert "Thank you" in response.content.decode(), response.content.decode()[-3000:]
    application = Application.objects.get()
    volunteer = application.volunteer
    assert (volunteer.first_name, volunteer.city) == ("A[31mB", "Paris")
    assert application.message == "Ligne 1\nLigne 2"  # newlines kept, CR and BEL gone
    assert application.answers["votre_experience"]["value"] == "Dix ans[0m\tde graphisme"


def test_long_answers_are_refused_with_a_message(client, with_question):
    response = client.post(with_question.url, form_data(with_question, q_votre_experience="x" * 3001), follow=True)
    assert response.status_code == 200
    assert "Ensure this value has at most 3000 characters" in response.content.decode()
    assert not Application.objects.exists()


def test_the_inbox_exports_survive_text_stored_before_cleaning(admin_client, open_mission):
    volunteer = Volunteer.objects.create(first_name="A\x01\x1b[31mB", last_name="=HYPERLINK()", email="a@example.org")
    Application.objects.create(mission=open_mission, volunteer=volunteer, message="Bonjour\x0b")
    url = reverse("wagtail_skilldonation_application_modeladmin_index")
    xlsx = admin_client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert rows[1][0] == "A[31mB =HYPERLINK()"
    assert rows[1][7] == "Bonjour"
    csv = b"".join(admin_client.get(url, {"export": "csv"}).streaming_content).decode()
    import csv as csv_module

    _heading, cells = list(csv_module.reader(io.StringIO(csv)))
    # Empty is empty, zero is zero: no "-" (which the CSV then showed as "'-").
    assert cells[5] == ""
    assert cells[6] == "0.00"
    assert "'-" not in csv
