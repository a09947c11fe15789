#!/usr/bin/env bash
# The release as a package index would receive it: sdist and wheel built by `python -m
# build` (an isolated build environment), `twine check --strict` on both, and what each
# must carry (the licence, templates, static files, the compiled French catalogue,
# migrations; the sdist: the whole test suite and what it runs on).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
# The README is the package index's page: short, and no link or image relative to a checkout.
lines=$(wc -l <README.md)
[ "$lines" -le 300 ] || { echo "README.md has $lines lines (at most 300: the rest belongs in docs/)"; exit 1; }
if grep -nE '\]\((\.|[a-zA-Z_/-]+\.(md|png)|docs/)|src="(\.|docs/)' README.md; then
  echo "README.md links or images relative to the checkout (broken on a package index): use absolute URLs"; exit 1
fi
rm -rf dist build
$PY -m build -q --outdir dist . >/dev/null
$PY -m twine check --strict dist/*
version=$($PY -c "import wagtail_skilldonation as w; print(w.__version__)")
wheel=dist/wagtail_skilldonation-$version-py3-none-any.whl
sdist=dist/wagtail_skilldonation-$version.tar.gz
test -f "$wheel" && test -f "$sdist" || { echo "expected $wheel and $sdist (the version in one place)"; ls dist; exit 1; }
listing=$($PY -m zipfile -l "$wheel")
for f in wagtail_skilldonation/templates/wagtail_skilldonation/base.html \
         wagtail_skilldonation/static/wagtail_skilldonation/css/portal.css \
         wagtail_skilldonation/locale/fr/LC_MESSAGES/django.mo \
         wagtail_skilldonation/migrations/0001_initial.py \
         wagtail_skilldonation/certificates/contexts/ob-v3p0-context-3.0.3.json \
         "wagtail_skilldonation-$version.dist-info/licenses/LICENSE"; do
  grep -q "$f" <<<"$listing" || { echo "missing from the wheel: $f"; exit 1; }
done
# Every test file of the repository, and what the suite imports, are in the sdist.
inside=$(tar -tzf "$sdist" | sed "s|^wagtail_skilldonation-$version/||")
for f in $(git ls-files tests example_site) LICENSE CHANGELOG.md tests/conftest.py .ci/plants.py; do
  grep -qxF "$f" <<<"$inside" || { echo "missing from the sdist: $f"; exit 1; }
done
echo "== release $version: $(basename "$wheel") and $(basename "$sdist") pass twine check --strict;" \
  "the sdist carries $(grep -c '^tests/.*test_.*\.py$' <<<"$inside") test modules"
