"""Print the mutation score of the last `make mutation`: killed (or timed out) over
every mutant that was run, in all and per module, then the survivors."""

import collections
import json
import subprocess
import sys

lines = subprocess.run(
    [sys.executable, "-m", "mutmut", "results", "--all", "true"], check=True, capture_output=True, text=True
).stdout.splitlines()
by_module = collections.defaultdict(collections.Counter)
survivors = []
for line in lines:
    name, _, status = line.strip().rpartition(": ")
    if not name or status == "not checked":
        continue
    module = name.split(".x_")[0].split(".xǁ")[0]
    by_module[module][status] += 1
    if status == "survived":
        survivors.append(name)


def score(counts):
    run = sum(counts.values())
    return round(100 * (counts["killed"] + counts["timeout"]) / run, 1) if run else None


total = sum(by_module.values(), collections.Counter())
print(json.dumps({"mutants": sum(total.values()), **total, "score": score(total)}))
for module, counts in sorted(by_module.items()):
    print(f"{module}: {score(counts)} % of {sum(counts.values())}")
print("survivors:" if survivors else "no survivors")
for name in survivors:
    print(" ", name)
