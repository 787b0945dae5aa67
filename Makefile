# The command surface. `make run` and `make test` work on a fresh machine with
# only Python 3.11: everything else is installed here.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Every package, transitive ones included, pinned with hashes; `make lock`
# regenerates it from pyproject.toml.
LOCK := requirements/lock.txt
PIP_TOOLS_VERSION := 7.7.0
# The PostgreSQL the second test run uses (CI has one here, trust auth).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/tracker

.PHONY: run test test-fast test-sqlite test-postgres lint mypy format lock bench bench-scale clean browser validators

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python venv module missing: installing python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(VENV); }
	@$(PY) -m pip install --quiet --upgrade pip

$(INSTALLED): $(LOCK) pyproject.toml | $(PY)
	@$(PY) requirements/check_lock.py
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Re-resolve the lock after changing pyproject.toml (pins already in the lock
# stay unless they must move; `make lock UPGRADE=1` takes the newest allowed).
# pip-tools runs from a throwaway venv, never from .venv. A few minutes: it
# downloads every file of every pinned release to hash it.
lock:
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/pip" install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION) && \
	CUSTOM_COMPILE_COMMAND="make lock" "$$tmp/bin/pip-compile" --quiet \
	  --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --extra test --output-file $(LOCK) pyproject.toml

# Where the web server listens: `make run PORT=8001`, `make run HOST=0.0.0.0`
# (a name other than 127.0.0.1 or localhost also needs ALLOWED_HOSTS).
# SITE_URL, the address in absolute links, follows unless it is set. HOST is
# read from the command line only: some shells export HOST as the machine's
# name. Procfile.dev reads WEB_HOST and WEB_PORT (honcho rewrites PORT).
run: HOST = 127.0.0.1
run: PORT ?= 8000
run: export WEB_HOST = $(HOST)
run: export WEB_PORT = $(PORT)
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export DEBUG ?= 1
run: $(INSTALLED)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	@echo "Demo accounts for http://$(HOST):$(PORT)/admin/ :"
	@$(PY) manage.py create_demo_users
	@echo "Starting web (http://$(HOST):$(PORT)/), worker and beat; Ctrl-C stops all three."
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

# The validators tests/standards runs over the pages, pinned in
# package-lock.json: the W3C Nu HTML checker (vnu-jar, on the machine's Java)
# and axe-core. Java and npm from Debian when missing; `npm ci` installs the
# lock exactly and again only when the lock changes. --ignore-scripts: the
# jar's optional install step would download a Java of its own.
NODE_PACKAGES := node_modules/.package-lock.json

validators: $(NODE_PACKAGES)

$(NODE_PACKAGES): package.json package-lock.json
	@command -v java >/dev/null 2>&1 || { \
	  echo "installing Debian's Java for the HTML checker"; \
	  (apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null) || \
	  echo "could not install Java: the HTML checker test will report it"; }
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian's npm for the validators"; \
	  (apt-get update -qq && apt-get install -y -qq npm >/dev/null) || \
	  echo "could not install npm: the validator tests will report it"; }
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; fi

lint: $(INSTALLED)
	$(PY) requirements/check_lock.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Type checks of the domain code (files and settings in pyproject.toml).
mypy: $(INSTALLED)
	$(VENV)/bin/mypy

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint mypy browser validators
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py spectacular --validate --fail-on-warn --lang en --file /dev/null
	DJANGO_SETTINGS_MODULE=tracker.settings DEBUG=0 SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=claims.example.org CSRF_TRUSTED_ORIGINS=https://claims.example.org VAR_DIR="$$(mktemp -d)" $(PY) manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# Coverage of the SQLite run (packages in [tool.coverage.run]); below the
# floor the run fails, unless PYTEST_ARGS picks a part of the suite.
COVERAGE_FLOOR := 90

test-sqlite: $(INSTALLED)
	@echo "== test suite on SQLite, with coverage =="
	DATABASE_URL=sqlite:///:memory: $(PY) -m pytest --cov --cov-report=term:skip-covered $(if $(PYTEST_ARGS),,--cov-fail-under=$(COVERAGE_FLOOR)) $(PYTEST_ARGS)

# The quick loop while working: lint, then the suite on SQLite without the
# tests marked slow (browser, worker and the few others tests/conftest.py
# names). Under two minutes; `make test` before pushing.
test-fast: lint
	@echo "== fast test suite on SQLite (no slow tests) =="
	DATABASE_URL=sqlite:///:memory: $(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

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
ifdef SCALE
	$(MAKE) --no-print-directory bench-scale SCALE=$(SCALE)
else
	$(PY) -m bench
	$(PY) -m bench.search_bench
endif

# The tracker at consortium scale (bench/README.md, "At a million claims"):
# SCALE claims (default 1,000,000) built in PostgreSQL by set-based SQL, and
# the seed's 43 claims in the same run; needs PostgreSQL, Redis and wrk.
# `make bench SCALE=1000000` runs the same.
bench-scale: $(INSTALLED)
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian's wrk for the web benchmark"; \
	  (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || \
	  echo "could not install wrk: the throughput figures will say so"; }
	SCALE=$(or $(SCALE),1000000) $(PY) -m bench.scale

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache .coverage test-artifacts node_modules
