#!/usr/bin/env bash
# 1. `make demo`'s install: its recipe installs the package alone, and what pip resolves
#    for it holds none of the test tools (pytest, playwright, mutmut, ruff, hypothesis, mkdocs).
# 2. A site on Wagtail 7.4 LTS (CI's 7.4 virtualenv, else a new one with
#    `pip install "wagtail~=7.4.0"`): the wheel .ci/release.sh built installs without
#    upgrading Wagtail; the example site migrates, loads the demo and serves the portal.
# Usage (repository root, after .ci/release.sh): bash .ci/demo_install.sh
set -euo pipefail
REPO=$(pwd)
T=$(mktemp -d /tmp/sd-demo.XXXXXX)
PORT=${DEMO_PORT:-8775}
trap 'kill $(cat "$T/server.pid" 2>/dev/null) 2>/dev/null || true' EXIT

# What `make demo` runs to fill its virtualenv, and what pip resolves for it (a dry run:
# the same resolution, without unpacking 58 packages again).
recipe=$(make -n VENV="$T/demo-venv" "$T/demo-venv/.installed-demo" | grep "pip install")
grep -qE "pip install -q -e \.$" <<<"$recipe" || { echo "make demo installs more than the package: $recipe"; exit 1; }
python3 -m venv "$T/demo-venv"
"$T/demo-venv/bin/python" -m pip install -q --dry-run --ignore-installed --report "$T/demo.json" -e "$REPO"
installed=$(python3 -c "import json,sys; print('\n'.join(i['metadata']['name'].lower() for i in json.load(open(sys.argv[1]))['install']))" "$T/demo.json")
for tool in pytest pytest-django playwright mutmut ruff hypothesis mkdocs factory-boy axe-playwright-python gunicorn; do
  if grep -qx "$tool" <<<"$installed"; then echo "make demo would install a tool it does not need: $tool"; exit 1; fi
done
echo "== make demo's virtualenv: $(wc -l <<<"$installed") packages, no test tool"

# CI's Wagtail 7.4 virtualenv (.ci/wagtail74.sh made it, fresh, in this clone) when it
# is there, else a new one; either way the wheel goes in beside Wagtail 7.4.
LTS=${LTS_VENV:-$REPO/.venv-wagtail74}
if [ ! -x "$LTS/bin/python" ]; then
  LTS=$T/lts
  python3 -m venv "$LTS"
  "$LTS/bin/python" -m pip install -q --disable-pip-version-check "wagtail~=7.4.0"
fi
"$LTS/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$REPO"/dist/wagtail_skilldonation-*.whl
"$LTS/bin/python" -m pip install -q --disable-pip-version-check "$REPO"/dist/wagtail_skilldonation-*.whl
"$LTS/bin/python" -c "import wagtail; assert wagtail.VERSION[:2] == (7, 4), wagtail.__version__; print('== still Wagtail', wagtail.__version__)"
# The installed wheel, not the checkout, is what runs: the example site alone is copied.
mkdir "$T/site" && cp -r "$REPO/example_site" "$T/site/"
export DEBUG=1 DJANGO_SETTINGS_MODULE=example_site.settings SQLITE_PATH="$T/demo.sqlite3" \
  MEDIA_ROOT="$T/media" SKILLDONATION_PRIVATE_ROOT="$T/private" PYTHONPATH="$T/site"
cd "$T"
"$LTS/bin/python" -c "import wagtail_skilldonation as w; assert '/site-packages/' in w.__file__, w.__file__"
"$LTS/bin/python" -m django migrate --noinput -v 0
"$LTS/bin/python" -m django skilldonation_demo >/dev/null
"$LTS/bin/python" -m django runserver "127.0.0.1:$PORT" --noreload >"$T/server.log" 2>&1 &
echo $! >"$T/server.pid"
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.5; done
page=$(curl -fs "http://127.0.0.1:$PORT/missions/")
grep -q "Mentorat pour les entrepreneurs sociaux" <<<"$page" || { echo "the demo's missions are not served"; tail -20 "$T/server.log"; exit 1; }
echo "== Wagtail 7.4 site: the wheel installed, migrated, the demo loaded and its missions served"
