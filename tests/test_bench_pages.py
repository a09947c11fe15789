"""``skilldonation_bench pages`` keeps the median of its processes' ratios and shows
each one's: a single process's ratio moved by a fifth with the same code."""

from wagtail_skilldonation.management.bench.pages import _combined


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
