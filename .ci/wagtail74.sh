#!/usr/bin/env bash
# The suite (all but the browser tests) on Wagtail 7.4 LTS, in a virtualenv of its own:
# what differs between the releases goes through wagtail_skilldonation/compat.py.
# With an sdist as argument (CI), it runs from the unpacked sdist: the tests as shipped.
# Usage: bash .ci/wagtail74.sh [dist/wagtail_skilldonation-X.Y.Z.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(pwd)/.venv-wagtail74
test -x "$venv/bin/python" || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
src=.
if [ -n "${1:-}" ]; then
  src=$(mktemp -d /tmp/sd-sdist.XXXXXX)
  tar -xzf "$1" -C "$src" --strip-components=1
  # Not editable: the package installed from the sdist, as a site would.
  "$venv/bin/python" -m pip install -q "wagtail~=7.4.0" "$1[test,localize]"
  echo "== running the sdist's own tests from $src"
else
  "$venv/bin/python" -m pip install -q "wagtail~=7.4.0" -e '.[test,localize]'
fi
cd "$src"
"$venv/bin/python" -c "import wagtail; assert wagtail.VERSION[:2] == (7, 4), wagtail.VERSION; print('Wagtail', wagtail.__version__)"
DEBUG=1 DJANGO_SETTINGS_MODULE=example_site.settings "$venv/bin/python" -m django makemigrations --check --dry-run
# Left out here: the browser tests, and the matching's properties and the records' state
# machine — pure domain logic Wagtail's release does not touch, run twice on 8.0 (SQLite
# and PostgreSQL). The migrations, the multilingual site and every admin screen run.
"$venv/bin/python" -m pytest --ds=tests.settings -n "${TEST_WORKERS:-auto}" -m "not browser" -p no:cacheprovider \
  --ignore=tests/matching/test_properties.py --ignore=tests/test_records_state_machine.py
