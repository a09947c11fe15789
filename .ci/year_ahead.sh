#!/usr/bin/env bash
# The suite's fast part (no browser, none of the slow properties) with the clock moved a
# year ahead for the whole process (libfaketime: Python, SQLite and every worker alike).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends faketime >/dev/null \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends faketime >/dev/null; }
  else
    echo "faketime is missing: sudo apt-get install faketime" >&2
    exit 1
  fi
fi
SHIFT=${SHIFT:-+365d}
echo "clock: $(faketime -f "$SHIFT" date -u +%F) instead of $(date -u +%F)"
# Monotonic clocks stay real: timeouts and thread waits keep their length.
FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$SHIFT" \
  .venv/bin/python -m pytest --ds=tests.settings -n "${TEST_WORKERS:-auto}" -q -p no:cacheprovider \
  -m "not browser and not slow" ${PYTEST_ARGS:-}
