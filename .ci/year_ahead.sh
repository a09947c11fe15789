#!/usr/bin/env bash
# Runs a command with the clock moved a year ahead for the whole process (libfaketime:
# Python, SQLite and every pytest worker alike), so a test that reads today without
# building its dates from it fails at once. The clock lands at 23:05 UTC, when it is
# already tomorrow in Paris (the sites' time zone, winter and summer): a test that takes
# the server's date (a UTC datetime's .date()) for the site's fails too. Without a
# command: the suite's fast part (no browser, none of the slow properties, no server:
# Python's subprocess waits get EINVAL under libfaketime) in .venv. CI runs its Wagtail 7.4 pass
# this way (.ci/wagtail74.sh with YEAR_AHEAD=1).
# Usage: bash .ci/year_ahead.sh [COMMAND ARGS...]   (SHIFT: an offset for faketime, in
# seconds by default: a year ahead at 23:05 UTC; every process started under it, workers
# and subprocesses, shares the one offset)
set -euo pipefail
if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@"; }
    apt_get install -y -qq --no-install-recommends faketime >/dev/null \
      || { apt_get update -qq >/dev/null && apt_get install -y -qq --no-install-recommends faketime >/dev/null; }
  else
    echo "faketime is missing: sudo apt-get install faketime" >&2
    exit 1
  fi
fi
[ "${1:-}" = "--install" ] && exit 0
if [ -z "${SHIFT:-}" ]; then
  SHIFT=+$(( $(date -u -d "$(date -u -d '+365 days' +%F) 23:05:00" +%s) - $(date -u +%s) ))
fi
echo "clock: $(faketime -f "$SHIFT" date -u '+%F %H:%M UTC') instead of $(date -u '+%F %H:%M UTC')"
if [ $# -eq 0 ]; then
  cd "$(dirname "$0")/.."
  set -- .venv/bin/python -m pytest --ds=tests.settings -n "${TEST_WORKERS:-auto}" -q -p no:cacheprovider \
    -m "not browser and not slow and not server" ${PYTEST_ARGS:-}
fi
# Monotonic clocks stay real: timeouts and thread waits keep their length.
FAKETIME_DONT_FAKE_MONOTONIC=1 exec faketime -f "$SHIFT" "$@"
