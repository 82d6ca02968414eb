# Two commands matter: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# `make run` installs only what the site needs (requirements.lock); `make test` adds the
# dev tools (requirements-dev.lock, a superset pinned to the same versions).
RUNTIME_LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
HOST ?= 127.0.0.1
PORT ?= 8000

# The dev server runs with debug on; tests run against production-like settings
# with a throwaway key (never used outside the test process).
RUN_ENV := DJANGO_DEBUG=1
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-key-$$(date +%s)-not-for-production-use-0123456789abcdef

.PHONY: run test check suite setup venv venv-runtime migrate seed static lint format lock clean audit audit-deps browser-test

$(VENV)/.installed-runtime: $(RUNTIME_LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(RUNTIME_LOCK)
	touch $@

$(VENV)/.installed-dev: $(DEV_LOCK) $(VENV)/.installed-runtime
	$(PY) -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	touch $@

venv-runtime: $(VENV)/.installed-runtime

venv: $(VENV)/.installed-dev

migrate: venv-runtime
	$(RUN_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(RUN_ENV) $(PY) manage.py load_seed_data
	$(RUN_ENV) $(PY) manage.py create_demo_editor

static: venv-runtime
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

setup: seed

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist; each worker has its own test database);
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: check suite

# What reads the code without running it: lint, import contracts, types.
check: venv
	$(TEST_ENV) $(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo --cache-dir $(VENV)/.import_linter_cache
	$(BIN)/mypy

# The pytest suite alone (CI's second database runs only this: the code is the same).
suite: venv static
	$(TEST_ENV) $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Browser tests alone (they also run in `make test`, skipped without /usr/bin/chromium).
browser-test: venv static
	$(TEST_ENV) $(BIN)/pytest tests/browser $(PYTEST_ARGS)

# External judges (Lighthouse, axe-core, Nu HTML checker) against gunicorn serving the
# seed data; fails below the public site's bars. Needs node, java and /usr/bin/chromium.
AUDIT_NODE := tests/audit/node_modules/.installed
$(AUDIT_NODE): tests/audit/package-lock.json
	npm ci --prefix tests/audit --ignore-scripts --no-audit --no-fund
	touch $@

audit-deps: $(AUDIT_NODE)

audit: venv audit-deps
	$(PY) tests/audit/run_audit.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --python-version 3.12 --generate-hashes -o requirements.lock
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes -o requirements-dev.lock

# The whole site (database + uploaded media) in one archive under backups/ (or BACKUP_DIR):
# pg_dump on PostgreSQL (needs pg_dump/pg_restore at least as new as the server; PG_BIN_DIR
# picks their folder), a JSON fixture on SQLite. `make restore ARCHIVE=backups/reviews-....tar.gz`
# puts it into an empty database, all or nothing (FORCE=1 to restore over existing data).
# Both use the environment's DATABASE_URL and media settings. BACKUP= is ARCHIVE's old name.
BACKUP_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}
ARCHIVE ?= $(BACKUP)

.PHONY: backup restore
backup: venv-runtime
	$(BACKUP_ENV) $(PY) manage.py backup_site $(if $(BACKUP_DIR),--output-dir "$(BACKUP_DIR)")

restore: venv-runtime
	@test -n "$(ARCHIVE)" || { echo "Say which archive: make restore ARCHIVE=backups/reviews-....tar.gz"; exit 2; }
	$(BACKUP_ENV) $(PY) manage.py restore_site "$(ARCHIVE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache tests/audit/node_modules test-artifacts
