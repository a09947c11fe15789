"""Status changes, their history, and mission capacity (including under concurrency)."""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from wagtail_skilldonation import applications
from wagtail_skilldonation.applications import CapacityError, TransitionError
from wagtail_skilldonation.models import (
    Application,
    ApplicationStatus,
    MissionCapacity,
    Volunteer,
)


def make_applications(mission, n, start=0):
    apps = []
    for i in range(start, start + n):
        volunteer = Volunteer.objects.create(first_name="V", last_name=str(i), email=f"v{i}@example.org")
        apps.append(Application.objects.create(mission=mission, volunteer=volunteer))
    return apps


def test_every_change_is_logged_with_who_and_note(open_mission, superuser):
    (app,) = make_applications(open_mission, 1)
    applications.change_status(app, "accepted", actor=superuser, note="Profil idéal")
    applications.change_status(app, "completed", actor=superuser, hours=12.5)
    app.refresh_from_db()
    assert app.status == "completed"
    assert app.approved_hours == Decimal("12.50")
    events = list(app.events.values_list("from_status", "to_status", "actor__username", "note"))
    assert events == [
        ("submitted", "accepted", "admin", "Profil idéal"),
        ("accepted", "completed", "admin", ""),
    ]


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["completed"], "completed"),  # must be accepted first
        (["accepted", "completed"], "accepted"),  # completed is final
        (["withdrawn"], "accepted"),  # only the volunteer brings it back
    ],
)
def test_forbidden_transitions_change_nothing(open_mission, path, refused):
    (app,) = make_applications(open_mission, 1)
    for status in path[:-1] if path[-1] == refused else path:
        applications.change_status(app, status)
    before = (app.status, app.events.count(), applications.places_taken(open_mission))
    with pytest.raises(TransitionError) as excinfo:
        applications.change_status(app, refused)
    assert "cannot go from" in excinfo.value.messages[0]
    app.refresh_from_db()
    assert (app.status, app.events.count(), applications.places_taken(open_mission)) == before


def test_capacity_is_enforced_and_freed(open_mission):
    a, b, c = make_applications(open_mission, 3)  # 2 places
    applications.change_status(a, "accepted")
    applications.change_status(b, "accepted")
    assert open_mission.__class__.objects.get(pk=open_mission.pk).is_full
    with pytest.raises(CapacityError) as excinfo:
        applications.change_status(c, "accepted")
    assert "All 2 places" in excinfo.value.messages[0]
    c.refresh_from_db()
    assert c.status == "submitted"
    assert c.events.count() == 0
    applications.change_status(c, "waiting_list")
    # A withdrawal frees a place, which the waiting list can take.
    applications.change_status(a, "withdrawn")
    assert applications.places_taken(open_mission) == 1
    applications.change_status(c, "accepted")
    # A decline of an accepted volunteer frees one too; completing keeps it.
    applications.change_status(b, "declined")
    applications.change_status(c, "completed", hours=3)
    assert applications.places_taken(open_mission) == 1


def test_reducing_places_below_taken_blocks_new_accepts(open_mission):
    a, b, c = make_applications(open_mission, 3)
    applications.change_status(a, "accepted")
    applications.change_status(b, "accepted")
    open_mission.places_available = 1
    open_mission.save_revision().publish()
    applications.change_status(a, "withdrawn")
    with pytest.raises(CapacityError):
        applications.change_status(c, "accepted")


def test_publishing_the_page_does_not_rewind_the_counter(open_mission):
    (a,) = make_applications(open_mission, 1)
    applications.change_status(a, "accepted")
    open_mission.title = "Campagne (mise à jour)"
    open_mission.save_revision().publish()
    assert MissionCapacity.objects.get(mission=open_mission).accepted == 1


def test_status_notifications_are_sent_after_commit(open_mission, django_capture_on_commit_callbacks):
    a, b, c = make_applications(open_mission, 3)
    with django_capture_on_commit_callbacks(execute=True):
        applications.change_status(a, "accepted")
        applications.change_status(b, "declined")
        applications.change_status(c, "waiting_list")
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        ("v0@example.org", "You are on board: Campagne"),
        ("v1@example.org", "About your application: Campagne"),
        ("v2@example.org", "You are on the waiting list: Campagne"),
    ]


def test_failed_transaction_sends_nothing(open_mission, django_capture_on_commit_callbacks):
    (a,) = make_applications(open_mission, 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            from django.db import transaction

            with transaction.atomic():
                applications.change_status(a, "accepted")
                raise RuntimeError("boom")
    assert callbacks == []
    assert mail.outbox == []
    a.refresh_from_db()
    assert a.status == "submitted"
    assert applications.places_taken(open_mission) == 0


def _race(targets):
    """Run every target at once in its own thread (own DB connection)."""
    barrier = threading.Barrier(len(targets))
    outcomes = []
    lock = threading.Lock()

    def run(target):
        try:
            barrier.wait()
            target()
            result = "ok"
        except CapacityError:
            result = "full"
        except Exception as error:  # pragma: no cover - reported by the assertion
            result = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_accepts_never_overbook(home, mission_index, make_mission):
    places, racers = 10, 40
    mission = make_mission(places_available=places)
    apps = make_applications(mission, racers)
    outcomes = _race([lambda a=a: applications.change_status(a, "accepted") for a in apps])
    accepted = Application.objects.filter(mission=mission, status=ApplicationStatus.ACCEPTED).count()
    print(f"{connection.vendor}: {racers} concurrent accepts, {places} places -> {accepted} accepted")
    assert sorted(set(outcomes)) == ["full", "ok"], outcomes
    assert outcomes.count("ok") == places
    assert accepted == places
    assert MissionCapacity.objects.get(mission=mission).accepted == places


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_changes_of_one_application_apply_once(home, mission_index, make_mission):
    mission = make_mission(places_available=5)
    (app,) = make_applications(mission, 1)
    outcomes = _race([lambda: applications.change_status(Application.objects.get(pk=app.pk), "accepted")] * 8)
    assert outcomes.count("ok") == 1
    assert MissionCapacity.objects.get(mission=mission).accepted == 1
    assert app.events.count() == 1
