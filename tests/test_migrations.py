"""Data migrations fill what they add from the rows already there."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from wagtail_skilldonation.models import Application, Volunteer, VolunteerSkill

APP = "wagtail_skilldonation"


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([(APP, target)])
    return executor.loader.project_state([(APP, target)]).apps


# Schema changes need real transactions; the rollback restores what migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_matching_copy_is_filled_for_existing_volunteers(make_mission, skills):
    volunteer = Volunteer.objects.create(
        first_name="Ancienne", last_name="X", email="a@example.org", consent_at=timezone.now(),
        postcode=" 42000", city="Saint-Étienne",
    )
    volunteer.skills.add(skills["Graphisme"])
    Application.objects.create(mission=make_mission(places_available=2), volunteer=volunteer, status="accepted")
    try:
        old = migrate("0001_initial")
        # As the copy was written before: the town as typed, no département, no count.
        old.get_model(APP, "VolunteerSkill").objects.update(city="  Saint-Étienne ", postcode=" 42000")
        migrate("0002_matching_copy")
    finally:
        migrate(max(name for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes() if app == APP))
    row = VolunteerSkill.objects.get(content_object=volunteer)
    assert (row.postcode, row.department, row.city, row.active_missions) == ("42000", "42", "saint-étienne", 1)
