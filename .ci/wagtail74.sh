#!/usr/bin/env bash
# The suite (all but the browser tests) on Wagtail 7.4 LTS, in a virtualenv of its own:
# what differs between the releases goes through wagtail_skilldonation/compat.py.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-wagtail74
test -x $venv/bin/python || python3 -m venv $venv
$venv/bin/python -m pip install -q --upgrade pip
$venv/bin/python -m pip install -q "wagtail~=7.4.0" -e '.[dev]'
$venv/bin/python -c "import wagtail; assert wagtail.VERSION[:2] == (7, 4), wagtail.VERSION; print('Wagtail', wagtail.__version__)"
DEBUG=1 DJANGO_SETTINGS_MODULE=example_site.settings $venv/bin/python -m django makemigrations --check --dry-run
$venv/bin/python -m pytest --ds=tests.settings -n "${TEST_WORKERS:-auto}" -m "not browser" -p no:cacheprovider
