#!/usr/bin/env bash
# The README's "Add to your Wagtail site", run as written on two sites in one virtualenv:
# 1. a fresh `wagtail start` site, then an editor and a visitor in real Chromium;
# 2. a site unlike it (.ci/hosts/refuge.py: a string BASE_DIR, wagtail.contrib.settings
#    already installed, a dark base template without a head block, its own navigation
#    and test), then a visitor in Chromium, light and dark, through axe.
# Each site's own tests (`manage.py test`) must still pass with the portal installed.
# Usage (repository root, after `make test` built .venv): bash .ci/dropin.sh
# DROPIN_SHOTS=docs saves the mission page's screenshots there.
set -euo pipefail
REPO=$(pwd)
WORK=$(mktemp -d /tmp/sd-dropin.XXXXXX)
PORT=${DROPIN_PORT:-8765}
started=$(date +%s)
trap 'kill $(cat "$WORK"/*.pid 2>/dev/null) 2>/dev/null || true' EXIT

python3 -m venv "$WORK/venv"
# shellcheck disable=SC1091
source "$WORK/venv/bin/activate"
pip install -q --disable-pip-version-check "wagtail>=8.0,<8.1"

# new_site NAME [CUSTOMISE]: `wagtail start NAME`, optionally made unlike the starter,
# then the README's blocks as written, `check`, the site's own tests and an editor.
new_site() {
  cd "$WORK"
  wagtail start "$1" >/dev/null
  cd "$1"
  if [ -n "${2:-}" ]; then python "$2" "$WORK/$1" "$1"; fi
  python "$REPO/.ci/readme_blocks.py" "$REPO/README.md" "$WORK/$1" "$REPO" "$1"
  # Nothing to hide from `check`: errors fail the job (warnings are printed above).
  python manage.py check --fail-level ERROR
  echo "== $1: the site's own tests, with the portal installed"
  python manage.py test --noinput -v 1
  DJANGO_SUPERUSER_PASSWORD=dropin-editor python manage.py createsuperuser --noinput --username editor --email editor@example.org
}

serve() {  # serve NAME PORT
  python manage.py runserver "127.0.0.1:$2" --noreload >"$WORK/$1.log" 2>&1 &
  echo $! >"$WORK/$1.pid"
  for _ in $(seq 60); do curl -fs "http://127.0.0.1:$2/" >/dev/null && break; sleep 0.5; done
}

new_site mysite
MISSIONS=$(python manage.py shell --verbosity 0 -c "from wagtail_skilldonation.models import MissionIndexPage; print(MissionIndexPage.objects.get().pk)")
serve mysite "$PORT"
"$REPO/.venv/bin/python" "$REPO/.ci/dropin_browser.py" "http://127.0.0.1:$PORT" "$MISSIONS" "${DROPIN_SHOTS:-$WORK}"
kill "$(cat "$WORK/mysite.pid")"

new_site refuge "$REPO/.ci/hosts/refuge.py"
python manage.py shell --verbosity 0 -c "$(cat "$REPO/.ci/hosts/mission.py")"
serve refuge $((PORT + 1))
"$REPO/.venv/bin/python" "$REPO/.ci/hosts/refuge_browser.py" "http://127.0.0.1:$((PORT + 1))" "$WORK"
deactivate
echo "== drop-in: the README applied to two sites, checked, their own tests passed, used in Chromium in $(( $(date +%s) - started ))s ($WORK)"
