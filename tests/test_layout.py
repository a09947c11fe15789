"""The package's layout keeps its promises: one folder per feature, domain code that
imports no view, panel or admin code, and no import circle (see README, "Code map")."""

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest
from django.urls import reverse

import wagtail_skilldonation

PACKAGE = "wagtail_skilldonation"
ROOT = Path(wagtail_skilldonation.__file__).parent
# Modules that answer HTTP or build admin screens; the domain never imports them.
INTERFACE_NAMES = {"views", "admin_views", "panels", "inbox", "snippets", "wagtail_hooks", "urls"}
# The import order (README, "Code map"; shared/DESIGN.md, "Import order"), lowest first:
# a module imports only from its own folder or from a layer below it, at module level
# or inside a function alike. Nothing is whitelisted.
LAYERS = [
    {"", "conf", "compat"},
    {"links", "validators", "throttle", "exports", "permissions", "cache"},
    {"models"},
    {"mail", "portal"},
    {"followup", "certificates"},
    {"applications"},
    {"matching"},
    {"volunteers", "organisations"},
    {"reports"},
    {"checks", "templatetags", "demo"},
    {"wagtail_hooks", "urls", "apps", "management"},
]


def _modules():
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _modules()


def _targets(module, is_package, node):
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target for alias in node.names]
    for name in names:
        while name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in MODULES:
            yield name


def _imports():
    """Every import of the package's own modules, at module level or in a function:
    ``(importer, imported, line, at_top)``."""
    found = []
    for module, (path, is_package) in MODULES.items():
        tree = ast.parse(path.read_text())
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, is_package, node):
                    if target != module:
                        found.append((module, target, node.lineno, id(node) in top))
    return found


IMPORTS = _imports()


def _is_interface(module):
    return module.rsplit(".", 1)[-1] in INTERFACE_NAMES


def _is_domain(module):
    short = module.removeprefix(PACKAGE + ".")
    return not (
        _is_interface(module) or short in {PACKAGE, "apps", "demo"} or short.startswith(("management", "models"))
    )


def _room(module):
    """The folder (or root module) a module belongs to: ``"matching"`` for
    ``wagtail_skilldonation.matching.engine``, ``""`` for the package itself."""
    short = module.removeprefix(PACKAGE).lstrip(".")
    return short.split(".", 1)[0]


def _layer(room):
    for number, rooms in enumerate(LAYERS):
        if room in rooms:
            return number
    raise AssertionError(f"{room!r} has no place in LAYERS: give it one (README, Code map)")


def against_the_order(imports):
    """The imports that run against ``LAYERS``: a room importing from a room of its own
    layer or above (its own folder is always allowed)."""
    wrong = []
    for importer, imported, line, _top in imports:
        room, other = _room(importer), _room(imported)
        if room != other and _layer(other) >= _layer(room):
            wrong.append(f"{importer}:{line} imports {imported}")
    return wrong


def test_the_package_root_holds_at_most_thirteen_modules():
    """Plumbing only (README, Code map); a feature gets a folder."""
    root_modules = sorted(p.name for p in ROOT.glob("*.py"))
    assert len(root_modules) <= 13, root_modules


@pytest.mark.parametrize(
    "folder",
    ["applications", "matching", "certificates", "followup", "reports", "portal", "volunteers"],
)
def test_each_feature_is_a_folder(folder):
    assert (ROOT / folder / "__init__.py").exists()


def test_domain_modules_import_no_view_panel_or_admin_module():
    wrong = [
        f"{importer}:{line} imports {imported}"
        for importer, imported, line, _top in IMPORTS
        if _is_domain(importer) and _is_interface(imported)
    ]
    assert not wrong


def _cycles(edges):
    graph = defaultdict(set)
    for importer, imported in edges:
        graph[importer].add(imported)
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return cycles


def test_every_room_has_a_place_in_the_order():
    assert sorted({_room(module) for module in MODULES} - set().union(*LAYERS)) == []


def test_every_import_follows_the_order():
    assert against_the_order(IMPORTS) == []


def test_the_models_import_no_feature():
    wrong = [
        f"{importer}:{line} imports {imported}"
        for importer, imported, line, _top in IMPORTS
        if _room(importer) == "models" and _layer(_room(imported)) > _layer("models")
    ]
    assert wrong == []


def test_no_import_circle():
    assert _cycles([(a, b) for a, b, _line, _top in IMPORTS]) == []


def test_the_checks_can_fail():
    # A circle and an import against the order, planted: both are found.
    planted = [
        (f"{PACKAGE}.models.pages.missions", f"{PACKAGE}.matching.panels", 1, False),
        (f"{PACKAGE}.matching.panels", f"{PACKAGE}.matching.engine", 2, True),
        (f"{PACKAGE}.matching.engine", f"{PACKAGE}.models.pages.missions", 3, True),
    ]
    assert _cycles([(a, b) for a, b, _line, _top in planted]) == [sorted({a for a, *_ in planted})]
    assert against_the_order(planted) == [f"{PACKAGE}.models.pages.missions:1 imports {PACKAGE}.matching.panels"]
    assert against_the_order([(f"{PACKAGE}.mail.outbox", f"{PACKAGE}.portal.search", 4, True)])  # same layer
    assert not against_the_order([(f"{PACKAGE}.portal.feeds", f"{PACKAGE}.portal.filters", 5, True)])


def test_no_module_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path, _is_package in MODULES.values()
        if (count := len(path.read_text().splitlines())) > 500
    }
    assert long == {}


def test_every_function_level_import_says_why():
    silent = []
    for importer, imported, line, top in IMPORTS:
        if top or importer.startswith(f"{PACKAGE}.management"):
            continue
        lines = MODULES[importer][0].read_text().splitlines()
        # A comment on the import's line or just above it (a few lines: the
        # comment may lead a group of imports).
        if not any("#" in text for text in lines[max(0, line - 4) : line]):
            silent.append(f"{importer}:{line} imports {imported}")
    assert not silent


def test_public_paths_still_import():
    from wagtail_skilldonation.certificates import render_certificate_pdf
    from wagtail_skilldonation.matching import rank_missions, rank_volunteers

    assert rank_volunteers is importlib.import_module(f"{PACKAGE}.matching.engine").rank_volunteers
    assert rank_missions is importlib.import_module(f"{PACKAGE}.matching.engine").rank_missions
    assert render_certificate_pdf is importlib.import_module(f"{PACKAGE}.certificates.rendering").render_certificate_pdf
    assert importlib.import_module(f"{PACKAGE}.urls").app_name == "wagtail_skilldonation"
    assert reverse("wagtail_skilldonation:certificate_lookup")
    assert reverse("wagtail_skilldonation_reports:impact")
    with pytest.raises(AttributeError):
        _ = importlib.import_module(f"{PACKAGE}.matching").no_such_name
