"""Fixtures shared by the inbox's tests."""

import datetime

import pytest
from django.utils import timezone

from wagtail_skilldonation.models import Application, Volunteer


@pytest.fixture
def three(open_mission):
    """Three applications to a 2-place mission, created newest first: the code must
    take them oldest first."""
    apps = []
    for i, name in enumerate(["Chloé", "Bruno", "Alice"]):
        volunteer = Volunteer.objects.create(first_name=name, last_name="X", email=f"{name.lower()}@example.org")
        app = Application.objects.create(mission=open_mission, volunteer=volunteer)
        Application.objects.filter(pk=app.pk).update(created_at=timezone.now() - datetime.timedelta(hours=i))
        apps.append(app)
    return {app.volunteer.first_name: app for app in apps}
