# The command surface. `make run` and `make test` work on a fresh machine with
# only Python 3.11: everything else is installed here.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# The PostgreSQL the second test run uses (CI has one here, trust auth).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/tracker

.PHONY: run test test-sqlite test-postgres lint format bench clean browser

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python venv module missing: installing python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	@$(PY) -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

run: export DEBUG ?= 1
run: $(INSTALLED)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	@echo "Demo accounts for http://127.0.0.1:8000/admin/ :"
	@$(PY) manage.py create_demo_users
	@echo "Starting web (http://127.0.0.1:8000/), worker and beat; Ctrl-C stops all three."
	$(VENV)/bin/honcho --procfile Procfile.dev start

# Debian's Chromium for the browser tests (Playwright drives it; no download),
# and CJK fonts so the screenshots in test-artifacts/ show the Chinese pages.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  echo "could not install chromium: browser tests will report it"; }
	@[ -d /usr/share/fonts/opentype/noto ] || { \
	  echo "installing CJK fonts for the browser screenshots"; \
	  apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || \
	  echo "could not install fonts-noto-cjk: Chinese shows as boxes in screenshots"; }

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint browser
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py spectacular --validate --fail-on-warn --lang en --file /dev/null
	DJANGO_SETTINGS_MODULE=tracker.settings DEBUG=0 SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=claims.example.org CSRF_TRUSTED_ORIGINS=https://claims.example.org VAR_DIR="$$(mktemp -d)" $(PY) manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(INSTALLED)
	@echo "== test suite on SQLite =="
	DATABASE_URL=sqlite:///:memory: $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(INSTALLED)
	@if $(PY) -c "import sys, psycopg, urllib.parse as u; url = u.urlsplit(sys.argv[1])._replace(path='/postgres'); psycopg.connect(url.geturl(), connect_timeout=3).close()" '$(TEST_POSTGRES_URL)' 2>/dev/null; then \
	  echo "== test suite on PostgreSQL =="; \
	  DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL); CI requires it."; exit 1; \
	else \
	  echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL): PostgreSQL run skipped."; \
	fi

# wrk from Debian loads the web app; without it the bench uses a Python load
# generator (slower, so only its ratios compare).
bench: $(INSTALLED)
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian's wrk for the web benchmark"; \
	  (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || \
	  echo "could not install wrk: the bench uses its Python load generator"; }
	$(PY) -m bench

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache test-artifacts
