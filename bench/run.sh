#!/usr/bin/env bash
# Runs every benchmark on SQLite, then on PostgreSQL; each prints one JSON line.
# Data is built in a throw-away database (never the one in settings). Needs .venv (make test).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=example_site.settings
# DEBUG off, as a site is served (with it on, Django keeps every query in memory): a
# throw-away key instead. The example site turns DEBUG on unless told.
export DEBUG=0 SECRET_KEY=${SECRET_KEY:-bench-$RANDOM-$RANDOM-$RANDOM} ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1 localhost}
PY=.venv/bin/python
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/skilldonation}
for n in ${VOLUNTEERS:-10000 100000}; do
  args=(matching --volunteers "$n" --skills 500 --per-volunteer 5 --required 5)
  $PY -m django skilldonation_bench "${args[@]}"
  DATABASE_URL=$PG_URL $PY -m django skilldonation_bench "${args[@]}"
done
$PY -m django skilldonation_bench certificates --count "${CERTIFICATES:-200}"
$PY -m django skilldonation_bench pages --missions "${MISSIONS:-1000}"
# The production profile under load: PostgreSQL, Redis, gunicorn and the task worker.
DEBUG=1 DATABASE_URL=$PG_URL REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0} \
  $PY -m django skilldonation_bench load --seconds "${LOAD_SECONDS:-30}"
