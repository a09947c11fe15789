"""Data migrations fill what they add from the rows already there."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from wagtail_skilldonation.models import Application, Volunteer, VolunteerSkill

# Long (properties, migrations, the demo): left out of .ci/year_ahead.sh's quick run.
pytestmark = pytest.mark.slow

APP = "wagtail_skilldonation"


def migrate(target):
    executor = MigrationExecutor(connection)
    # The 28 first migrations themselves, not their squash (0001_squashed_0028, what a
    # new database is made with): each test goes back to one of them.
    loader = executor.loader = MigrationLoader(connection, replace_migrations=False)
    for key, squashed in loader.replacements.items():
        loader.graph.remove_replacement_node(key, squashed.replaces)
        loader.applied_migrations.pop(key, None)
    executor.migrate([(APP, target)])
    return executor.loader.project_state([(APP, target)]).apps


# Schema changes need real transactions; the rollback restores what migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_matching_copy_is_filled_for_existing_volunteers(make_mission, skills):
    volunteer = Volunteer.objects.create(
        first_name="Ancienne",
        last_name="X",
        email="a@example.org",
        consent_at=timezone.now(),
        postcode=" 42000",
        city="Saint-Étienne",
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_overwritten_hours_become_ledger_lines_and_certificates_get_their_facts(make_mission, skills, superuser):
    """The records of a portal that ran the code before #12: "hours done" set at
    completion over 6 approved hours, a certificate that stored nothing."""
    from wagtail_skilldonation import applications
    from wagtail_skilldonation.certificates.files import stored_pdf
    from wagtail_skilldonation.models import Certificate, HoursDeclaration

    volunteer = Volunteer.objects.create(
        first_name="Léa",
        last_name="Bernard",
        email="lea@example.org",
        consent_at=timezone.now(),
        consent_version="2025-01",
    )
    mission = make_mission(title="Site", places_available=2)
    application = Application.objects.create(mission=mission, volunteer=volunteer, message="Bonjour")
    application.skills_offered.add(skills["Graphisme"])
    applications.change_status(application, "accepted", notify=False)
    HoursDeclaration.objects.create(
        application=application, date=timezone.localdate(), hours=6, description="Atelier", status="approved"
    )
    applications.change_status(application, "completed", actor=superuser, notify=False)
    try:
        old = migrate("0004_records_are_protected")
        old.get_model(APP, "Application").objects.filter(pk=application.pk).update(hours_done=18)
        old.get_model(APP, "Certificate").objects.create(application_id=application.pk, code="AAAA-BBBB-CCCC-DDDD")
    finally:
        migrate(max(name for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes() if app == APP))
    application.refresh_from_db()
    lines = list(application.hours_declarations.order_by("pk").values_list("hours", "source", "author__username"))
    assert lines == [(6, "volunteer", None), (12, "completion", "admin")]
    assert application.approved_hours == 18
    assert (application.consent_version, application.submissions.get().details["first_name"]) == ("2025-01", "Léa")
    certificate = Certificate.objects.get()
    assert (certificate.holder_name, certificate.mission_title, certificate.hours) == ("Léa Bernard", "Site", 18)
    assert certificate.skills == ["Graphisme"]
    assert certificate.period_start == timezone.localdate()
    assert stored_pdf(certificate).startswith(b"%PDF")  # rendered from those facts, once
    certificate.refresh_from_db()
    assert len(certificate.sha256) == 64


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_objectives_without_a_place_get_one_in_creation_order(make_mission):
    from wagtail_skilldonation.models import MissionObjective

    mission = make_mission(title="Ordre")
    try:
        old = migrate("0010_portal_footer_and_skill_slugs")
        Objective = old.get_model(APP, "MissionObjective")
        # As the demo wrote them: no sort_order; one placed by an editor since.
        for title, order in [("B", None), ("C", None), ("A", 0)]:
            Objective.objects.create(mission_id=mission.pk, title=title, success_indicator="x", sort_order=order)
        migrate("0011_objectives_keep_their_order")
    finally:
        migrate(max(name for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes() if app == APP))
    assert list(MissionObjective.objects.filter(mission=mission).values_list("title", "sort_order")) == [
        ("A", 0),
        ("B", 1),
        ("C", 2),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_objectives_and_questions_get_a_translation_key_each_and_their_missions_locale(make_mission):
    from wagtail_skilldonation.models import MissionFormField, MissionObjective

    mission = make_mission(places_available=2)
    mission.objectives = [MissionObjective(title="Un"), MissionObjective(title="Deux")]
    mission.form_fields = [MissionFormField(label="Pourquoi ?", field_type="singleline")]
    mission.save()
    try:
        migrate("0013_skill_names_and_references")
        migrate("0014_translatable_objectives_and_questions")
    finally:
        migrate(max(name for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes() if app == APP))
    rows = list(MissionObjective.objects.filter(mission=mission)) + list(MissionFormField.objects.filter(page=mission))
    assert len(rows) == 3
    assert len({row.translation_key for row in rows}) == 3
    assert {row.locale_id for row in rows} == {mission.locale_id}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forms_sent_before_the_consent_split_keep_their_opt_in(open_mission):
    from wagtail_skilldonation.applications import lifecycle
    from wagtail_skilldonation.models import Submission

    submission = lifecycle.submit(
        open_mission,
        volunteer_data={"email": "avant@example.org", "first_name": "A", "last_name": "B"},
        skills=[],
        notify=False,
    )
    assert Submission.objects.get(pk=submission.pk).proposals is False  # no box ticked here
    try:
        migrate("0015_volunteer_space")
        migrate("0016_submission_proposals")
    finally:
        migrate(max(name for app, name in MigrationExecutor(connection).loader.graph.leaf_nodes() if app == APP))
    assert Submission.objects.get(pk=submission.pk).proposals is True  # one box covered both then
