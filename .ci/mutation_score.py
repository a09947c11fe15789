"""Print the mutation score of the last `make mutation`, in all, per module and per
function: killed (or timed out) over the mutants that were run, then the same once the
equivalent mutants listed in `.ci/mutation_equivalent.txt` (each with why no behaviour
can tell it from the original) are set aside; then the survivors that are not listed,
and, per module, the functions no mutant reached because mutmut skips decorated ones.

    python .ci/mutation_score.py [--run-from DIR] [--json]
"""

import argparse
import ast
import collections
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAME = re.compile(r"^(?P<module>[\w.]+?)\.(?P<function>x_\w+?|xǁ\w+ǁ\w+?)__mutmut_\d+$")


def results(run_from):
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        check=True,
        capture_output=True,
        text=True,
        cwd=run_from,
    ).stdout
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name and status != "not checked":
            yield name, status


def equivalents():
    listed = {}
    path = ROOT / ".ci" / "mutation_equivalent.txt"
    for line in path.read_text().splitlines() if path.exists() else []:
        name, _, why = line.partition("#")
        if name.strip():
            listed[name.strip()] = why.strip()
    return listed


def decorated_functions(module):
    """Functions of ``module`` mutmut leaves alone: decorated by anything but
    staticmethod or classmethod (a property, a task, a view decorator)."""
    path = ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = ROOT / module.replace(".", "/") / "__init__.py"
    if not path.exists():
        return []
    skipped = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.decorator_list:
            names = {getattr(d, "id", None) for d in node.decorator_list}
            if not (len(node.decorator_list) == 1 and names & {"staticmethod", "classmethod"}):
                skipped.append(node.name)
    return sorted(skipped)


def score(counts, equivalent=0):
    run = sum(counts.values()) - equivalent
    return round(100 * (counts["killed"] + counts["timeout"]) / run, 1) if run > 0 else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run-from", default=str(ROOT), help="where `mutmut run` ran (its mutants/ folder)")
    parser.add_argument("--json", action="store_true", help="one JSON line per module and function")
    args = parser.parse_args()
    listed = equivalents()
    by_module, by_function = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
    equivalent_in = collections.Counter()
    survivors = []
    for name, status in results(args.run_from):
        match = NAME.match(name)
        module, function = (match["module"], match["function"]) if match else (name, "?")
        by_module[module][status] += 1
        by_function[(module, function)][status] += 1
        if status == "survived":
            if name in listed:
                equivalent_in[module] += 1
                equivalent_in[(module, function)] += 1
            else:
                survivors.append(name)
    total = sum(by_module.values(), collections.Counter())
    equivalent_total = sum(v for k, v in equivalent_in.items() if isinstance(k, str))
    print(
        json.dumps(
            {
                "mutants": sum(total.values()),
                **total,
                "equivalent": equivalent_total,
                "score": score(total),
                "score_without_equivalent": score(total, equivalent_total),
            }
        )
    )
    for module, counts in sorted(by_module.items()):
        row = {
            "module": module,
            "mutants": sum(counts.values()),
            "killed": counts["killed"] + counts["timeout"],
            "survived": counts["survived"],
            "no_tests": counts["no tests"],
            "equivalent": equivalent_in[module],
            "score": score(counts),
            "score_without_equivalent": score(counts, equivalent_in[module]),
            "not_mutated_decorated": decorated_functions(module),
        }
        print(json.dumps(row, ensure_ascii=False) if args.json else _line(row))
        for (mod, function), fcounts in sorted(by_function.items()):
            if mod == module:
                frow = {
                    "function": function.removeprefix("x_").replace("xǁ", "").replace("ǁ", "."),
                    "mutants": sum(fcounts.values()),
                    "killed": fcounts["killed"] + fcounts["timeout"],
                    "equivalent": equivalent_in[(mod, function)],
                    "score_without_equivalent": score(fcounts, equivalent_in[(mod, function)]),
                }
                print("    " + (json.dumps(frow, ensure_ascii=False) if args.json else _line(frow)))
    print("survivors not listed as equivalent:" if survivors else "every survivor is listed as equivalent")
    for name in survivors:
        print(" ", name)


def _line(row):
    head = row.get("module") or row.get("function")
    rest = ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("module", "function") and v not in ([], None))
    return f"{head}: {rest}"


if __name__ == "__main__":
    main()
