"""#34: the matching's rarity counts live in the database, exact in the transaction
that moves them, so a restart or another process reads them instead of counting."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail_skilldonation.matching import rank_volunteers
from wagtail_skilldonation.matching.copy import drift, rebuild
from wagtail_skilldonation.matching.statistics import fold, required_skills, stored_counts, true_counts, with_holders
from wagtail_skilldonation.models import RarityCount, Volunteer, VolunteerSkill

pytestmark = pytest.mark.django_db


def person(name, skills=(), **fields):
    fields.setdefault("consent_at", timezone.now())
    volunteer = Volunteer.objects.create(first_name=name, last_name="X", email=f"{name}@example.org", **fields)
    volunteer.skills.add(*skills)
    return volunteer


def stored():
    return stored_counts(true_counts())


def test_a_new_process_reads_the_counts_and_counts_nothing(make_mission, skills):
    g, r = skills["Graphisme"], skills["Rédaction"]
    mission = make_mission(skills=[g, r])
    for i in range(4):
        person(f"G{i}", [g])
    person("R", [r])
    person("Away", [g], consent_at=None)  # not proposed missions: not counted
    cache.clear()  # a restart, a new process: nothing cached
    with CaptureQueriesContext(connection) as cold:
        skills_found, n = required_skills(mission)
    assert {s.name: s.df for s in skills_found} == {"Graphisme": 4, "Rédaction": 1}
    assert n == 5
    assert len(cold.captured_queries) == 1  # the mission's skills with their stored counts
    counted = [q["sql"] for q in cold.captured_queries if "volunteerskill" in q["sql"].lower()]
    assert counted == []  # no volunteer or skill row read
    assert rank_volunteers(mission)[0].volunteer.first_name == "R"  # the rarer skill weighs more
    # What that query read is cached as the counts themselves: another mission's ranking
    # with the same skills reads them from the cache, and they follow the next step.
    with CaptureQueriesContext(connection) as again:
        assert {s.name: s.df for s in with_holders([g, r])[0]} == {"Graphisme": 4, "Rédaction": 1}
    assert again.captured_queries == []
    person("G4", [g])
    assert {s.name: s.df for s in required_skills(mission)[0]} == {"Graphisme": 5, "Rédaction": 1}
    assert required_skills(mission)[1] == 6


def test_a_mission_without_skills_reads_the_eligible_count_cold(make_mission, skills):
    mission = make_mission(skills=[])
    person("A", [skills["Graphisme"]])
    person("B", [])
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert required_skills(mission) == ([], 2)
    assert len(cold.captured_queries) == 2  # no skills; then the stored eligible count


def test_every_change_moves_the_counts_in_its_own_transaction(skills):
    g, r, w = skills["Graphisme"], skills["Rédaction"], skills["Développement web"]
    a = person("A", [g, r])
    b = person("B", [g])
    b.is_active = False  # leaves: each of their skills counts one fewer
    b.save()
    a.skills.remove(r)
    a.skills.add(w)
    with pytest.raises(RuntimeError), transaction.atomic():
        person("Rolled back", [g, r, w])
        raise RuntimeError  # the change is undone, and its steps with it
    person("Later", [w], consent_at=None).delete()
    c = person("C", [r])
    c.delete()
    assert stored_counts([0, g.pk, r.pk, w.pk]) == {0: 1, g.pk: 1, r.pk: 0, w.pk: 1}
    assert true_counts() == {0: 1, g.pk: 1, w.pk: 1}
    assert drift()["rarity_counts"] == 0


def test_fold_sums_rows_up_and_rebuild_recounts_after_bulk_writes(skills):
    g = skills["Graphisme"]
    for i in range(6):
        person(f"P{i}", [g])
    before = stored()
    rows = RarityCount.objects.count()
    assert fold(at=2) == rows - RarityCount.objects.count() > 0
    assert RarityCount.objects.filter(key=g.pk).count() == 1
    assert stored() == before
    # A bulk write behind the steps' back: the drift check sees it, the rebuild recounts.
    VolunteerSkill.objects.filter(tag=g).update(eligible=False)
    Volunteer.objects.update(is_active=False)
    assert drift()["rarity_counts"] == 2
    rebuild()
    assert drift()["rarity_counts"] == 0
    assert stored_counts([0, g.pk]) == {0: 0, g.pk: 0}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_people_applying_at_once_leave_the_counts_exact(skills):
    g, r = skills["Graphisme"], skills["Rédaction"]
    barrier = threading.Barrier(8)
    errors = []

    def apply(i):
        try:
            barrier.wait()
            with transaction.atomic():
                person(f"T{i}", [g, r] if i % 2 else [r])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored_counts([0, g.pk, r.pk]) == {0: 8, g.pk: 4, r.pk: 8} == true_counts()
