"""``skilldonation_bench pages`` keeps the median of its processes' ratios and shows
each one's: a single process's ratio moved by a fifth with the same code. The benches
that go through the test client run as a site is served, DEBUG off."""

import pytest
from django.test import override_settings
from django.urls import reverse

from wagtail_skilldonation.management.bench.pages import _combined, _timed
from wagtail_skilldonation.management.bench.signin import bench_signin_impl


def _line(page, cold_ratio, cold_ms, warm_ratio=0.7):
    return {
        "bench": "pages",
        "db": "sqlite",
        "missions": 3,
        "page": page,
        "warm_ms": {"median": warm_ratio * 10, "min": warm_ratio * 9, "max": warm_ratio * 11},
        "warm_ratio": warm_ratio,
        "cold_ms": {"median": cold_ms, "min": cold_ms - 1, "max": cold_ms + 1},
        "cold_ratio": cold_ratio,
        "queries_warm": 6,
        "queries_cold": 15,
        "cold_calls_ratio": 1.89,
    }


def _run(index_ratio, index_ms, searched_warm):
    return [
        _line("home (bare page)", 1.0, 14.0, 1.0),
        _line("mission index", index_ratio, index_ms),
        _line("mission index, searched", 2.0, 30.0, searched_warm),
    ]


def test_the_median_process_is_kept_and_every_process_shown():
    lines = _combined([_run(2.16, 33.0, 0.7), _run(1.77, 25.0, 0.77), _run(1.92, 27.0, 0.84)])
    index = next(line for line in lines if line.get("page") == "mission index")
    assert index["cold_ratio"] == 1.92
    assert index["cold_ratios"] == [2.16, 1.77, 1.92]
    assert index["cold_ms"] == {"median": 27.0, "min": 24.0, "max": 34.0}
    assert index["warm_ratios"] == [0.7, 0.7, 0.7]
    assert (index["queries_cold"], index["cold_calls_ratio"]) == (15, 1.89)
    summary = lines[-1]
    assert summary["summary"] == "search vs plain listing"
    # The searched page's warm median (7.7 ms, the middle process's) over the index's 7 ms.
    assert summary["ratio"] == 1.1
    assert [line["page"] for line in lines[:-1]] == ["home (bare page)", "mission index", "mission index, searched"]


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["savoir-partage.example"])
def test_pages_are_timed_with_debug_off():
    """bench/run.sh runs the benches as a site is served, DEBUG off: ``ALLOWED_HOSTS``
    then names the site's hosts alone, and the test client's every request was 400."""
    lookup = reverse("wagtail_skilldonation:certificate_lookup")
    (line,) = _timed({"home (bare page)": lookup}, 0, 2)
    assert (line["page"], line["cold_ratio"], line["warm_ratio"]) == ("home (bare page)", 1.0, 1.0)
    assert line["queries_cold"] > 0


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["savoir-partage.example"])
def test_sign_in_is_timed_with_debug_off():
    line = bench_signin_impl(2)
    assert line["requests_each"] == 2
    # Every request was answered 302 (the bench checks each) and timed.
    assert line["known_ms"]["median"] > 0
    assert line["unknown_ms"]["median"] > 0
