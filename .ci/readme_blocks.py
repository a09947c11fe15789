"""Apply the README's install blocks to a site, exactly as written.

Each block under "## Add to your Wagtail site" is preceded by a marker:
``<!-- dropin:shell -->`` (run it, in the site's folder) or
``<!-- dropin:append PATH -->`` (append it to that file). The README cannot drift
from what CI runs. Usage: python readme_blocks.py README.md SITE_DIR REPO_DIR [PROJECT]
(PROJECT: the site's project name, which the README calls ``mysite``).
"""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

MARKER = re.compile(r"<!-- dropin:(shell|append) ?([^ ]*) -->\s*\n\s*```[a-z]*\n(.*?)\n\s*```", re.S)


def blocks(readme):
    section = readme.split("## Add to your Wagtail site", 1)[1].split("\n## ", 1)[0]
    for kind, target, body in MARKER.findall(section):
        yield kind, target, textwrap.dedent(body)


def main(readme_path, site, repo, project="mysite"):
    site, found = Path(site), list(blocks(Path(readme_path).read_text()))
    assert found, "no dropin blocks in the README"
    for kind, target, body in found:
        body = body.replace("/path/to/wagtail-skilldonation", repo)
        print(f"== README block: {kind} {target}".rstrip(), flush=True)
        print(body, flush=True)
        if kind == "append":
            path = site / re.sub(r"^mysite/", f"{project}/", target)
            assert path.exists(), f"{target} is not where the README says"
            path.write_text(path.read_text() + "\n\n# Added by the README of wagtail-skilldonation\n" + body + "\n")
        else:
            subprocess.run(["bash", "-euo", "pipefail", "-c", body], cwd=site, check=True)
    print(f"== {len(found)} README blocks applied", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
