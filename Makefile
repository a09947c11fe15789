# `make demo` serves the example portal; `make test` runs the suite. Both build .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The demo is a local try-out: DEBUG on unless told (DEBUG=0; `make serve` runs it off).
DJANGO := DEBUG=$${DEBUG:-1} DJANGO_SETTINGS_MODULE=example_site.settings $(PY) -m django
DEMO_ADMIN_USER ?= admin
DEMO_ADMIN_PASSWORD ?= admin
DEMO_ADDR ?= 127.0.0.1:8000

.PHONY: demo serve test lint format system-libs messages clean mutation plants docs

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# What the demo needs: the package alone (no test tools, no server extras).
$(VENV)/.installed-demo: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

# The production profile's extras (gunicorn, the task worker, Redis, PostgreSQL).
$(VENV)/.installed-serve: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[serve]'
	touch $@

# Everything the tests, lint, docs and mutation runs use.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

system-libs:
	@bash .ci/system-libs.sh

demo: system-libs $(VENV)/.installed-demo
	$(DJANGO) migrate --noinput
	$(DJANGO) skilldonation_demo
	@DEBUG=$${DEBUG:-1} DJANGO_SETTINGS_MODULE=example_site.settings DEMO_ADMIN_USER='$(DEMO_ADMIN_USER)' DEMO_ADMIN_PASSWORD='$(DEMO_ADMIN_PASSWORD)' $(PY) -c "import os, django; django.setup(); \
	from django.contrib.auth import get_user_model; U = get_user_model(); \
	u, _ = U.objects.get_or_create(username=os.environ['DEMO_ADMIN_USER'], defaults={'email': 'admin@example.org'}); \
	u.is_staff = u.is_superuser = True; u.set_password(os.environ['DEMO_ADMIN_PASSWORD']); u.save()"
	@echo "Admin: http://$(DEMO_ADDR)/admin/  user: $(DEMO_ADMIN_USER)  password: $(DEMO_ADMIN_PASSWORD)"
	$(DJANGO) runserver $(DEMO_ADDR)

# The example site as in production on one machine: gunicorn, the task worker, DEBUG off
# (README, "Running in production"). `make demo` first for the demo's content.
serve: system-libs $(VENV)/.installed-serve
	bash example_site/serve.sh

# The Nu HTML checker the browser tests run on every public page.
VNU := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar

# One pytest worker per core (pytest-xdist, one test database each; a worker that runs
# out of tests takes some from the other, so a long test at the end does not leave a
# core idle); TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

test: $(VENV)/.installed
	@NEED_TEST_TOOLS=1 bash .ci/system-libs.sh
	@$(MAKE) -s $(VNU)
	$(PY) -m pytest --ds=tests.settings -n $(TEST_WORKERS) $(if $(filter 0,$(TEST_WORKERS)),,--dist worksteal) $(PYTEST_ARGS)

# What CI checks before the tests: ruff's lint rules and its formatting.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The manual (docs/, MkDocs with Material), built strictly: a broken link fails.
docs: $(VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

MUTATION_DB := /tmp/skilldonation-mutation-template.sqlite3
# The functions that protect people and records (capacity and statuses, signed links,
# certificate codes, issue and revoke, permission checks, spam and consent checks,
# export cleaning, the hours ledger and the report's sums; the outbox's sender, erasure
# and Wagtail's copies it reaches, the certificate's status and pages, the cached parts
# of pages, feeds, the API, and the links made clickable in e-mails).
MUTANTS ?= $(addprefix wagtail_skilldonation.,\
  applications.lifecycle.x_change_status* applications.lifecycle.x__take_place* \
  applications.lifecycle.x__free_place* applications.lifecycle.x_allowed_transitions* \
  applications.lifecycle.x_places_taken* links.x_sign* links.x_unsign* certificates.links.* \
  certificates.codes.* certificates.issuing.* followup.hours.x_approve* followup.hours.x_reject* \
  followup.hours.x_application_for_token* followup.hours.x_link_token* followup.hours.xǁHoursFormǁclean* \
  followup.feedback.x_open_link* followup.feedback.x_link_url* applications.forms.xǁApplicationFormǁ_filled_slowly* \
  applications.forms.xǁApplicationFormǁclean* applications.forms.x_rate_limit_allows* throttle.x_allow* \
  exports.x_neutralise_cell* exports.xǁSafeExportMixinǁ* \
  applications.inbox.xǁApplicationPermissionHelperǁ* permissions.x_require_permission* \
  applications.inbox.views.xǁTransitionViewǁcheck_action_permitted* matching.invitations.x_can_invite* \
  reports.figures.x_impact* applications.lifecycle.x_submit* applications.lifecycle.x__volunteer_for* \
  applications.lifecycle.x__application_for* applications.lifecycle.x_confirm* \
  applications.lifecycle.x__hours_to_enter* applications.confirmation.* certificates.files.* \
  followup.hours.x_enter* volunteers.retention.* \
  mail.outbox.* certificates.tasks.x_issue_all* certificates.views.* volunteers.access.x_request_link* \
  applications.conversation.x_post* cache.* portal.feeds.* portal.api.* volunteers.copies.* \
  models.certificates.xǁCertificateǁrevoked* models.certificates.xǁCertificateǁwithheld* \
  models.certificates.x_certificate_storage* mail.x_text_to_html*)

# Mutation score of the code that protects people and records ([tool.mutmut] in
# pyproject.toml): each mutant runs only the tests that reach it. Not part of CI.
mutation: $(VENV)/.installed
	rm -rf mutants $(MUTATION_DB)
	DATABASE_URL=sqlite:///$(MUTATION_DB) $(PY) -m django migrate -v0 --settings=tests.settings
	SKILLDONATION_MUTATION=$(MUTATION_DB) HYPOTHESIS_PROFILE=mutation $(VENV)/bin/mutmut run --max-children 2 $(MUTANTS)
	$(PY) .ci/mutation_score.py

# Realistic bugs mutation tools do not make (a filter dropped, a statement deleted), each
# planted once against the test written for it (.ci/plants.py). Not part of CI.
plants: $(VENV)/.installed
	$(PY) .ci/plants.py

# Re-extract the app's strings after changing them, then translate locale/fr.
messages: $(VENV)/.installed
	cd wagtail_skilldonation && ../$(VENV)/bin/django-admin makemessages -l fr -l en --no-obsolete && ../$(VENV)/bin/django-admin compilemessages

clean:
	rm -rf $(VENV) build dist site *.egg-info example_site/db.sqlite3
