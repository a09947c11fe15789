"""The planted bugs (``.ci/plants.py``) stay plantable: each names code that is in its
file once. Two had gone stale when the code they named moved (the outbox's batches),
and ``make plants`` stopped at them without planting anything after."""

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_every_plant_names_code_that_is_there_once():
    spec = importlib.util.spec_from_file_location("plants", ROOT / ".ci" / "plants.py")
    plants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plants)
    stale = [
        (number, path, old[:60])
        for number, (path, old, _new, _test) in enumerate(plants.PLANTS)
        if (ROOT / path).read_text().count(old) != 1
    ]
    assert stale == []
    tests = {test.split("::")[0] for *_rest, test in plants.PLANTS}
    assert all((ROOT / test).exists() for test in tests)
