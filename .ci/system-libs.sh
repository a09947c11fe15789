#!/usr/bin/env bash
# Checks the system libraries the app needs (WeasyPrint: pango; the translation tests:
# gettext; the browser tests: chromium, java, npm). On Debian/Ubuntu as root it installs
# what is missing, waiting for a busy apt lock; elsewhere it says what to install and
# fails. harfbuzz-subset is optional: without it PDFs render about six times slower,
# which is said once and does not stop the demo.
set -u
missing=()
optional=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || optional+=(libharfbuzz-subset0)
if [ "${NEED_TEST_TOOLS:-0}" = 1 ]; then
  command -v xgettext >/dev/null && command -v msgfmt >/dev/null || missing+=(gettext)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # The Nu HTML checker (vnu-jar, from npm) runs on Java.
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing with apt-get: ${missing[*]} ${optional[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Another apt (unattended upgrades, a second make) may hold the lock: wait for it.
  apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
  if apt_get update -qq >/dev/null; then
    apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || true
    for pkg in "${optional[@]}"; do apt_get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 || true; done
  fi
  missing_now=()
  for pkg in "${missing[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing_now+=("$pkg"); done
  missing=("${missing_now[@]}")
  have_lib 'libharfbuzz-subset.so.0' && optional=()
fi
if [ ${#optional[@]} -gt 0 ]; then
  echo "Note: libharfbuzz-subset0 is not installed; certificates' PDFs will render about six times slower." >&2
fi
[ ${#missing[@]} -eq 0 ] && exit 0
cat >&2 <<MSG
Missing system packages: ${missing[*]}
Install them, then run make again:
  Debian/Ubuntu: sudo apt-get install ${missing[*]}
  Fedora:        sudo dnf install pango gettext
  macOS:         brew install pango gettext
MSG
exit 1
