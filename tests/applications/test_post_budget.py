"""#34: an application is the busiest write of the portal (50 people at once when a
mission is shared): its queries are pinned, as the production profile runs it — each
task it leaves (e-mails, Wagtail's reference index) one row in the queue, done by the
worker after the answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import form_data
from wagtail_skilldonation.matching.copy import drift
from wagtail_skilldonation.models import Application, Volunteer

pytestmark = pytest.mark.django_db

# Was 36 (31 queries, 5 tasks): 18 queries and 2 tasks now (the volunteer's rarity
# rows in one INSERT, one task for the application's two e-mails and one for what it
# adds to Wagtail's reference index, the view restrictions read in one query).
BUDGET = 20


def post_cost(client, mission, email, run_on_commit):
    """Queries of one POST (transaction control aside) and the tasks it queued."""
    from django_tasks import default_task_backend

    default_task_backend.results.clear()
    data = form_data(mission, email=email, skills=[s.pk for s in mission.skills.all()])
    with CaptureQueriesContext(connection) as captured, run_on_commit(execute=True):
        response = client.post(mission.url, data)
    assert response.status_code == 302, response.status_code
    assert Application.objects.filter(volunteer__email=email).count() == 1
    queries = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    return queries, [result.task.name for result in default_task_backend.results]


def test_an_application_from_a_new_volunteer_fits_its_query_budget(
    client, open_mission, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.get(open_mission.url)  # the visitor saw the page first
    # The first form after a publish reads the mission's questions; the others, the cache.
    post_cost(client, open_mission, "premiere@example.org", django_capture_on_commit_callbacks)
    queries, tasks = post_cost(client, open_mission, "nouvelle@example.org", django_capture_on_commit_callbacks)
    assert sorted(tasks) == ["send_mails", "update_reference_index"]
    # Two skills chosen cost what one does: the volunteer's skills go in at once.
    assert open_mission.skills.count() == 2
    assert len(queries) + len(tasks) <= BUDGET, "\n".join(queries)
    # Cheaper, not different: the matching's copy and rarity counts are exact.
    volunteer = Volunteer.objects.get(email="nouvelle@example.org")
    assert set(volunteer.skills.all()) == set(open_mission.skills.all())
    assert drift() == {"volunteers": 0, "skill_rows": 0, "rarity_counts": 0}


def test_the_one_index_task_indexes_the_volunteer_and_the_application(
    client, open_mission, settings, django_capture_on_commit_callbacks
):
    """What Wagtail's two tasks did, the one does: a skill's *Used by* counts the new
    volunteer, the mission's counts their application."""
    from django_tasks import default_task_backend
    from wagtail.models import ReferenceIndex

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    post_cost(client, open_mission, "indexee@example.org", django_capture_on_commit_callbacks)
    volunteer = Volunteer.objects.get(email="indexee@example.org")
    application = Application.objects.get(volunteer=volunteer)
    skill = open_mission.skills.first()
    assert not ReferenceIndex.get_references_to(skill).filter(object_id=str(volunteer.pk)).exists()
    for result in list(default_task_backend.results):  # what a worker does
        result.task.call(*result.args, **result.kwargs)
    assert ReferenceIndex.get_references_to(skill).filter(object_id=str(volunteer.pk)).exists()
    assert ReferenceIndex.get_references_to(open_mission.page_ptr).filter(object_id=str(application.pk)).exists()
