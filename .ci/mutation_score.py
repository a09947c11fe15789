"""Print the mutation score of the last `mutmut run` (make mutation), per module and
in all: killed (and timed out) / every mutant some test reaches."""

import json
import subprocess
import sys
from pathlib import Path

subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], check=True, capture_output=True)
stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text())
caught = stats["killed"] + stats["timeout"]
judged = stats["total"] - stats["skipped"]
print(json.dumps({**stats, "score": round(100 * caught / judged, 1) if judged else None}))
survivors = subprocess.run(
    [sys.executable, "-m", "mutmut", "results"], check=True, capture_output=True, text=True
).stdout
print(survivors.strip() or "no survivors")
