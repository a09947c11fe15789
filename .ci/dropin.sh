#!/usr/bin/env bash
# The README's "Add to your Wagtail site", run as written on a fresh `wagtail start`
# site in its own virtualenv, then an editor and a visitor in real Chromium.
# Usage (repository root, after `make test` built .venv): bash .ci/dropin.sh
# DROPIN_SHOTS=docs saves the mission page's screenshots there.
set -euo pipefail
REPO=$(pwd)
WORK=$(mktemp -d /tmp/sd-dropin.XXXXXX)
PORT=${DROPIN_PORT:-8765}
started=$(date +%s)
trap 'kill $(cat "$WORK/server.pid" 2>/dev/null) 2>/dev/null || true' EXIT

python3 -m venv "$WORK/venv"
# shellcheck disable=SC1091
source "$WORK/venv/bin/activate"
pip install -q --disable-pip-version-check "wagtail>=8.0,<8.1"
cd "$WORK"
wagtail start mysite >/dev/null
cd mysite
python "$REPO/.ci/readme_blocks.py" "$REPO/README.md" "$WORK/mysite" "$REPO"

# Nothing to hide from `check`: errors fail the job (warnings are printed above).
python manage.py check --fail-level ERROR
DJANGO_SUPERUSER_PASSWORD=dropin-editor python manage.py createsuperuser --noinput --username editor --email editor@example.org
MISSIONS=$(python manage.py shell --verbosity 0 -c "from wagtail_skilldonation.models import MissionIndexPage; print(MissionIndexPage.objects.get().pk)")
python manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
echo $! >"$WORK/server.pid"
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.5; done
deactivate
"$REPO/.venv/bin/python" "$REPO/.ci/dropin_browser.py" "http://127.0.0.1:$PORT" "$MISSIONS" "${DROPIN_SHOTS:-$WORK}"
echo "== drop-in site: README applied, checked, migrated, set up, used in Chromium in $(( $(date +%s) - started ))s ($WORK)"
