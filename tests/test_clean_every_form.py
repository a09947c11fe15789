"""Every public and volunteer form cleans what is typed through one function
(``validators.clean_texts``): no control character, no bidirectional override
anywhere; no line break in a one-line field (a name would carry it into an e-mail
header, a town into a CSV row); line breaks kept in a message."""

import pytest
from django import forms as django_forms
from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation.followup.feedback import FeedbackForm
from wagtail_skilldonation.followup.hours import HoursForm
from wagtail_skilldonation.validators import clean_texts
from wagtail_skilldonation.volunteers import access
from wagtail_skilldonation.volunteers.forms import MessageForm, ProfileForm, QuickApplyForm, WithdrawForm

pytestmark = pytest.mark.django_db

DIRTY = "Em\x1b[31mma\nBcc: x@evil.example\u202e\x07"
ONE_LINE = "Em[31mma Bcc: x@evil.example"
MULTI_LINE = "Em[31mma\nBcc: x@evil.example"


def test_one_function_cleans_each_kind_of_field():
    fields = {"name": django_forms.CharField(), "message": django_forms.CharField(widget=django_forms.Textarea)}
    assert clean_texts({"name": DIRTY, "message": DIRTY + "\r\nfin"}, fields) == {
        "name": ONE_LINE,
        "message": MULTI_LINE + "\nfin",
    }
    assert clean_texts({"city": "Pa\u2066ris\u2069"}) == {"city": "Paris"}


def forms_to_try(application):
    """(form, {field: expected}) for every form a visitor or a volunteer fills in."""
    return [
        (MessageForm({"body": DIRTY}), {"body": MULTI_LINE}),
        (WithdrawForm({"body": DIRTY}), {"body": MULTI_LINE}),
        (QuickApplyForm({"message": DIRTY}), {"message": MULTI_LINE}),
        (
            ProfileForm(
                {
                    "first_name": DIRTY,
                    "last_name": "Ma\u202eRTIN",
                    "phone": "06\n12",
                    "postcode": "75003",
                    "city": "Pa\x07ris",
                    "format": "remote",
                    "availability_hours": "4",
                    "bio": DIRTY,
                },
                instance=application.volunteer,
            ),
            {"first_name": ONE_LINE, "last_name": "MaRTIN", "phone": "06 12", "city": "Paris", "bio": MULTI_LINE},
        ),
        (
            FeedbackForm({"rating": "5", "worked": DIRTY, "improve": "ok\u202e"}, objectives=[]),
            {"worked": MULTI_LINE, "improve": "ok"},
        ),
        (
            HoursForm(
                {"date": timezone.localdate(application.created_at).isoformat(), "hours": "2", "description": DIRTY},
                application=application,
            ),
            {
                "description": ONE_LINE
                if not isinstance(HoursForm.base_fields["description"].widget, django_forms.Textarea)
                else MULTI_LINE
            },
        ),
    ]


def test_every_volunteer_form_cleans_what_is_typed(application):
    tried = forms_to_try(application)
    assert {type(form) for form, _expected in tried} >= {
        MessageForm,
        WithdrawForm,
        ProfileForm,
        FeedbackForm,
        HoursForm,
    }
    for form, expected in tried:
        assert form.is_valid(), (type(form).__name__, form.errors)
        for name, value in expected.items():
            assert form.cleaned_data[name] == value, (type(form).__name__, name)


def test_the_public_form_cleans_names_and_towns_the_same_way(client, open_mission):
    from tests.conftest import form_data
    from wagtail_skilldonation.models import Volunteer

    data = form_data(open_mission, first_name=DIRTY, last_name="Ma\u202eRTIN", city="Pa\nris", email="em@example.org")
    assert client.post(open_mission.url, data).status_code == 302
    volunteer = Volunteer.objects.get(email="em@example.org")
    assert (volunteer.first_name, volunteer.last_name, volunteer.city) == (ONE_LINE, "MaRTIN", "Pa ris")


def test_the_profile_saved_from_the_space_keeps_no_header_injection(client, application):
    session = access.VolunteerAccess.objects.create(volunteer=application.volunteer)
    access.use(session)
    client.cookies[access.COOKIE_NAME] = access.cookie_value(session)
    response = client.post(
        reverse("wagtail_skilldonation:space_profile"),
        {
            "first_name": DIRTY,
            "last_name": "Martin",
            "postcode": "75003",
            "city": "Pa\x07ris",
            "format": "remote",
            "availability_hours": "4",
        },
    )
    assert response.status_code in (200, 302)
    volunteer = application.volunteer
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.city) == (ONE_LINE, "Paris")
