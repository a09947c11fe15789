#!/usr/bin/env bash
# The example site as it runs in production on one machine (`make serve`): gunicorn
# with a worker per core and one more (static files through WhiteNoise), and a task
# worker so e-mails, alerts, certificate batches and index updates leave the request.
# DATABASE_URL picks PostgreSQL (SQLite otherwise), REDIS_URL the shared cache.
# Stops both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=example_site.settings SKILLDONATION_QUEUE=db
export DEBUG=${DEBUG:-0} CONN_MAX_AGE=${CONN_MAX_AGE:-60}
if [ "$DEBUG" = 0 ] && [ -z "${SECRET_KEY:-}" ]; then
  # One key per machine, kept out of the repository (links signed with it stay valid
  # across restarts).
  key_file=example_site/.secret_key
  [ -s "$key_file" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$key_file"
  SECRET_KEY=$(cat "$key_file"); export SECRET_KEY
fi
if [ -z "${WAGTAILADMIN_BASE_URL:-}" ]; then
  echo "Set WAGTAILADMIN_BASE_URL to the site's public address (the links of e-mails and the"
  echo "certificates' QR codes lead there), e.g. WAGTAILADMIN_BASE_URL=https://benevolat.example.org make serve"
  exit 2
fi
host=${WAGTAILADMIN_BASE_URL#*://}; host=${host%%[:/]*}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-"$host localhost 127.0.0.1"}
[ -n "${REDIS_URL:-}" ] || export CACHE_DIR=${CACHE_DIR:-${TMPDIR:-/tmp}/skilldonation-cache}
BIND=${BIND:-127.0.0.1:8000}
WORKERS=${WORKERS:-$(( $(nproc) * 2 + 1 ))}

"$PY" -m django migrate --noinput -v0
"$PY" -m django collectstatic --noinput -v0

# Each process is supervised: whenever it stops (killed, out of memory, its database
# restarted before it could reconnect), it starts again two seconds later. The worker
# (skilldonation_worker: db_worker that survives a database restart and takes back what
# a killed worker left running) is niced: on a shared machine a mail may wait a moment,
# a visitor should not. (On a server, systemd does this: see docs/production.md.)
supervise() {  # supervise NAME COMMAND...
  local name=$1 child status
  shift
  trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT
  while :; do
    "$@" &
    child=$!
    wait $child && status=0 || status=$?
    echo "$(date '+%F %T') $name stopped (exit $status): starting it again in 2 s" >&2
    sleep 2
  done
}
supervise "the task worker" nice -n 10 "$PY" -m django skilldonation_worker --interval 0.2 &
worker=$!
echo "Serving on http://$BIND/ with $WORKERS gunicorn workers and a task worker, both supervised"
supervise gunicorn "$PY" -m gunicorn example_site.wsgi --bind "$BIND" --workers "$WORKERS" \
  --access-logfile - --logger-class wagtail_skilldonation.management.gunicorn.Logger \
  --graceful-timeout 10 --timeout 30 &
server=$!
# Ctrl-C or a TERM to this script stops both (waited for in the background, so the
# signal is not held until they exit).
trap 'kill $server $worker 2>/dev/null; wait $server $worker 2>/dev/null' EXIT INT TERM
wait $server
