"""French is a first-class language: every string of the app has a French translation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.utils import translation

import wagtail_skilldonation

APP_DIR = Path(wagtail_skilldonation.__file__).parent
PO = APP_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _entries(po_text):
    """(msgid, msgstr-or-plural-forms) pairs from a .po file, without polib."""
    entries, current, key = [], {}, None
    for line in po_text.splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append(current)
            current, key = {}, None
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            current[key] += eval(line)  # noqa: S307 (a quoted .po string literal)
        else:
            key, _, value = line.partition(" ")
            current[key] = eval(value)  # noqa: S307
    return entries


def test_french_catalog_is_complete():
    entries = _entries(PO.read_text())
    assert len(entries) > 100
    untranslated = [
        e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]")) or "fuzzy" in e.get("flags", "")
    ]
    assert untranslated == []


def test_french_punctuation_keeps_its_no_break_spaces():
    """French puts a space before : ; ! ? and inside « », one that never breaks a line
    (so no line starts with "?"): a no-break space before the colon and inside the
    guillemets, a narrow one before ; ! ?."""
    wrong = []
    for entry in _entries(PO.read_text()):
        for key in ("msgstr", "msgstr[0]", "msgstr[1]"):
            text = entry.get(key, "")
            if re.search(r"(?: |\u202f):|(?: |\u00a0)[;!?]|« | »|«\w|\w»", text):
                wrong.append(text)
    assert wrong == []


def test_catalog_has_every_string_of_the_code(tmp_path):
    """Re-extract the strings from the code: none may be missing from the catalog."""
    assert shutil.which("xgettext"), "gettext is required (apt-get install gettext)"
    copy = tmp_path / "app"
    shutil.copytree(APP_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    fresh = {e["msgid"] for e in _entries((copy / PO.relative_to(APP_DIR)).read_text())}
    ours = {e["msgid"] for e in _entries(PO.read_text())}
    assert fresh - ours == set(), "run `make messages` and translate the new strings"


def test_compiled_catalog_is_used():
    with translation.override("fr"):
        assert translation.gettext("Skills sought") == "Compétences recherchées"
        assert translation.ngettext("%(counter)s mission", "%(counter)s missions", 2) % {"counter": 2} == "2 missions"
