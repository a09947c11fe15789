#!/usr/bin/env bash
# Checks the system libraries the app needs (WeasyPrint: pango, harfbuzz-subset; the
# translation tests: gettext). On Debian/Ubuntu as root it installs what is missing;
# elsewhere it says what to install and fails.
set -u
missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
# Without harfbuzz-subset WeasyPrint embeds whole fonts: PDFs render ~6x slower.
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
command -v xgettext >/dev/null && command -v msgfmt >/dev/null || missing+=(gettext)
if [ "${NEED_CHROMIUM:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
# The Nu HTML checker (vnu-jar, from npm) runs on Java.
if [ "${NEED_CHROMIUM:-0}" = 1 ] && ! command -v java >/dev/null; then missing+=(default-jre-headless); fi
if [ "${NEED_CHROMIUM:-0}" = 1 ] && ! command -v npm >/dev/null; then missing+=(npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Missing system packages: ${missing[*]}" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing them with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
  echo "apt-get failed." >&2
fi
cat >&2 <<MSG
Install them, then run make again:
  Debian/Ubuntu: sudo apt-get install ${missing[*]}
  Fedora:        sudo dnf install pango harfbuzz gettext
  macOS:         brew install pango harfbuzz gettext
MSG
exit 1
