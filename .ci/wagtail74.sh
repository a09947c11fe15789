#!/usr/bin/env bash
# The suite (all but the browser tests) on Wagtail 7.4 LTS, in a virtualenv of its own:
# what differs between the releases goes through wagtail_skilldonation/compat.py.
# With an sdist as argument (CI), it runs from the unpacked sdist: the tests as shipped.
# --prepare only fills the virtualenv (Wagtail 7.4 and what the tests need), so that CI
# can do it beside another step; YEAR_AHEAD=1 runs the suite with the clock a year ahead
# (.ci/year_ahead.sh), which makes this run also CI's calendar check.
# Usage: bash .ci/wagtail74.sh [--prepare | dist/wagtail_skilldonation-X.Y.Z.tar.gz]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
venv=$repo/.venv-wagtail74
test -x "$venv/bin/python" || python3 -m venv "$venv"
pip() { "$venv/bin/python" -m pip -q --disable-pip-version-check "$@"; }
if [ "${1:-}" = "--prepare" ]; then
  pip install --upgrade pip
  pip install "wagtail~=7.4.0" -e '.[test,localize]'
  exit 0
fi
src=.
if [ -n "${1:-}" ]; then
  src=$(mktemp -d /tmp/sd-sdist.XXXXXX)
  tar -xzf "$1" -C "$src" --strip-components=1
  # Not editable: the package installed from the sdist, as a site would.
  pip install --force-reinstall --no-deps "$1"
  pip install "wagtail~=7.4.0" "$1[test,localize]"
  echo "== running the sdist's own tests from $src"
else
  pip install "wagtail~=7.4.0" -e '.[test,localize]'
fi
cd "$src"
"$venv/bin/python" -c "import wagtail, wagtail_skilldonation as w; assert wagtail.VERSION[:2] == (7, 4), wagtail.VERSION; print('Wagtail', wagtail.__version__, 'with', w.__file__)"
DEBUG=1 DJANGO_SETTINGS_MODULE=example_site.settings "$venv/bin/python" -m django makemigrations --check --dry-run
clock=()
if [ "${YEAR_AHEAD:-0}" = 1 ]; then clock=(bash "$repo/.ci/year_ahead.sh"); fi
# Left out here: the browser and gunicorn tests, the matching's properties and the records' state
# machine — pure domain logic Wagtail's release does not touch, run twice on 8.0 (SQLite
# and PostgreSQL) — and the data migrations' tests (each takes the chain back to 0001 and
# forward again; what they check is our migrations' logic, run on both databases above,
# while here every test database is built by the whole chain on 7.4, and `make demo`'s
# install migrates on it) and the static checks of our own files (catalogue, layout,
# dependencies). The multilingual site and every admin screen run.
"${clock[@]}" "$venv/bin/python" -m pytest --ds=tests.settings -n "${TEST_WORKERS:-auto}" --dist worksteal -m "not browser and not server" -p no:cacheprovider \
  --ignore=tests/matching/test_properties.py --ignore=tests/test_records_state_machine.py --ignore=tests/test_migrations.py \
  --ignore=tests/test_locale.py --ignore=tests/test_layout.py --ignore=tests/test_dependencies.py
