"""Every library the app imports is a declared dependency (#15): `django_tasks` was
imported but came only through Wagtail."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import wagtail_skilldonation

ROOT = Path(wagtail_skilldonation.__file__).parent
PYPROJECT = ROOT.parent / "pyproject.toml"


def imported_top_level_modules():
    names = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"wagtail_skilldonation"}


def declared():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    extras = project["optional-dependencies"]
    # Optional integrations, imported only when installed: their extras declare them.
    requirements = project["dependencies"] + extras["signing"] + extras["localize"]
    # The production profile's access-log filter (management/gunicorn.py) is imported by
    # gunicorn only, which the "serve" extra brings.
    requirements += [r for r in extras["serve"] if r.startswith("gunicorn")]
    # The task worker (``skilldonation_worker``) is django-tasks-db's, which the same extra
    # brings; elsewhere (``mail/workers.py``) the queue is read only when it is installed.
    requirements += [r for r in extras["serve"] if r.startswith("django-tasks-db")]
    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_imported_library_is_declared():
    distributions = importlib.metadata.packages_distributions()
    missing = {
        module: distributions.get(module)
        for module in imported_top_level_modules()
        if not {d.lower().replace("_", "-") for d in distributions.get(module, [module])} & declared()
    }
    assert missing == {}
    assert "django-tasks" in declared()
