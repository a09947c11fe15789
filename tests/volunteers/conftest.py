"""What the volunteers' tests share: a volunteer long inactive, with every kind of
record a person leaves."""

import datetime

import pytest
from django.utils import timezone

from wagtail_skilldonation import applications, certificates
from wagtail_skilldonation.applications.emails import notify
from wagtail_skilldonation.models import (
    Application,
    ApplicationMessage,
    Feedback,
    HoursDeclaration,
    Invitation,
    Submission,
    Volunteer,
)

LONG_AGO = timezone.now() - datetime.timedelta(days=4 * 365)


def aged(volunteer, *applications):
    Volunteer.objects.filter(pk=volunteer.pk).update(updated_at=LONG_AGO)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(updated_at=LONG_AGO)


@pytest.fixture
def old_volunteer(make_mission, skills, admin_user):
    volunteer = Volunteer.objects.create(
        first_name="Ancien",
        last_name="Bénévole",
        email="ancien@example.org",
        phone="0600000000",
        city="Paris",
        postcode="75011",
        bio="Expert-comptable",
        consent_at=LONG_AGO,
    )
    volunteer.skills.add(skills["Graphisme"])
    mission = make_mission(places_available=3)
    done = Application.objects.create(
        mission=mission,
        volunteer=volunteer,
        message="Je suis disponible le mardi",
        answers={"phone": {"label": "Tel", "value": "0611"}},
    )
    Submission.objects.create(
        application=done,
        details={"first_name": "Ancien", "email": "ancien@example.org"},
        message="Je suis disponible le mardi",
    )
    applications.change_status(done, "accepted", note="Appeler Ancien au 0600000000", notify=False)
    HoursDeclaration.objects.create(
        application=done,
        date=LONG_AGO.date(),
        hours=2,
        description="Réunion chez Ancien Bénévole",
        status="approved",
    )
    applications.change_status(done, "completed", hours=12, notify=False)
    Feedback.objects.create(
        application=done,
        role="volunteer",
        author_name="Ancien Bénévole",
        rating=5,
        worked="Moi, Ancien, j'ai aimé",
        improve="Rien",
        consent_publish=True,
        show_name=True,
    )
    Feedback.objects.create(
        application=done,
        role="beneficiary",
        author_name="Mme Jardin",
        rating=4,
        worked="Ancien a été précieux",
        objectives={"1": {"title": "A", "result": "reached"}},
    )
    certificates.issue(done, notify=False)
    # A conversation both ways, each naming them.
    ApplicationMessage.objects.create(application=done, author="volunteer", body="Ancien ici, je serai en retard")
    ApplicationMessage.objects.create(
        application=done, author="team", author_user=admin_user, body="Merci Ancien, à mardi"
    )
    notify(done, "declined")  # a mail not sent yet (the server is down, say)
    Invitation.objects.create(
        mission=make_mission(), volunteer=volunteer, invited_by=admin_user, message="Bonjour Ancien"
    )
    aged(volunteer, done)
    return volunteer
