# Dialog: `make run` serves the site with the seed content; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
# Every environment first takes the locked pip (requirements/pip.in says why).
LOCKED_PIP = $(1)/bin/python -m pip --disable-pip-version-check install --quiet --require-hashes \
	-r requirements/pip.txt
CHECK_INSTALLED := problems=$$($(PIP) check) || { echo "$$problems"; \
	  echo "The lock does not satisfy pyproject.toml: run 'make lock'."; exit 1; }
# pip-compile lives in its own environment so that it never changes the app's.
TOOLS := $(VENV)/tools
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: install html-checker run serve worker test test-sqlite test-postgresql lint translations \
	extract-messages browser nginx wrk cluster bench clean lock lock-upgrade lock-tools \
	release-migrations mutate audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Dependencies come only from the hashed locks in requirements/ (`make lock` writes them); the
# project itself is installed on top without dependencies, built by the locked setuptools.
# `pip check` fails when pyproject.toml asks for something the lock does not hold.
$(VENV)/.installed-main: requirements/main.txt requirements/pip.txt pyproject.toml | $(BIN)/python
	$(call LOCKED_PIP,$(VENV))
	$(PIP) install --quiet --require-hashes -r requirements/main.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@$(CHECK_INSTALLED)
	touch $@

# The test lock holds the runtime lock's pins plus the test extras.
$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed-main
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	@$(CHECK_INSTALLED)
	touch $@

$(TOOLS)/.installed: requirements/tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(call LOCKED_PIP,$(TOOLS))
	$(TOOLS)/bin/python -m pip --disable-pip-version-check install --quiet --require-hashes \
	  -r requirements/tools.txt
	touch $@

# Locks are compiled against PyPI alone, whatever pip configuration this machine has; existing
# pins are kept unless pyproject.toml excludes them (`make lock-upgrade` takes the newest).
# One package: make lock LOCK_FLAGS='--upgrade-package sqlalchemy'.
LOCK_ENV ?= env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND='make $@'
COMPILE = $(LOCK_ENV) $(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links

lock: $(TOOLS)/.installed
	$(COMPILE) $(LOCK_FLAGS) --build-deps-for editable -o requirements/main.txt pyproject.toml
	$(COMPILE) $(LOCK_FLAGS) --build-deps-for editable --extra test -c requirements/main.txt \
	  -o requirements/test.txt pyproject.toml
	$(COMPILE) $(LOCK_FLAGS) -c requirements/test.txt -o requirements/mutate.txt requirements/mutate.in
	$(COMPILE) $(LOCK_FLAGS) -o requirements/audit.txt requirements/audit.in

lock-upgrade: LOCK_FLAGS = --upgrade
lock-upgrade: lock

# pip-tools' own lock (requirements/tools.in): refreshed rarely, by hand.
lock-tools: $(TOOLS)/.installed
	cd requirements && $(COMPILE) $(LOCK_FLAGS) -o tools.txt tools.in
	cd requirements && $(COMPILE) -c tools.txt -o pip.txt pip.in

# Run by the lead when migrations land on main: from then on they must never change.
release-migrations:
	@cd migrations && for file in versions/*.py; do \
	  grep -q "  $$file$$" released.sha256 2>/dev/null || sha256sum "$$file" >> released.sha256; \
	done; cat released.sha256

install: $(VENV)/.installed-test translations html-checker

# The Nu Html Checker (tests/html) from npm, pinned by tools/htmlcheck/package-lock.json. Its
# install script would download a Java runtime; the machine's own Java runs it instead.
VNU_JAR := tools/htmlcheck/node_modules/vnu-jar/build/dist/vnu.jar
html-checker: $(VNU_JAR)
$(VNU_JAR): tools/htmlcheck/package.json tools/htmlcheck/package-lock.json
	@command -v java >/dev/null || { echo "Java is needed for the HTML checker (apt-get install default-jre-headless)"; exit 1; }
	cd tools/htmlcheck && npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

translations: $(VENV)/.installed-main
	$(BIN)/pybabel compile -d dialog/translations 2>&1 | grep -v '^compiling' || true
	@test -f dialog/translations/sv/LC_MESSAGES/messages.mo

extract-messages: $(VENV)/.installed-main
	$(BIN)/pybabel extract -F babel.cfg -k _l -o dialog/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i dialog/translations/messages.pot -d dialog/translations --no-fuzzy-matching

# Links in mail must lead to the port this serves on. DEMO=1 adds a small demo dialogue
# (`flask dialog demo`) when there are no comments yet.
run: export DIALOG_BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed-main translations
	$(BIN)/flask db upgrade
	$(BIN)/flask dialog seed --if-empty
	@if [ -n "$(DEMO)" ]; then $(BIN)/flask dialog demo --if-empty --residents 400 --comments 3000 --ratings 12000; fi
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# A production-like server (tests/server.py): gunicorn.conf.py with several workers on a fresh
# database, seeded, removed on Ctrl-C. DATABASE=postgresql (with Redis) or sqlite; WORKERS=n;
# CELERY=1 adds a Celery worker.
DATABASE ?= postgresql
serve: install
	$(BIN)/python -m tests.server --database $(DATABASE) $(if $(WORKERS),--workers $(WORKERS)) \
	  $(if $(CELERY),--celery)

# Celery worker with beat (periodic jobs such as the mail outbox sweep). The app sends jobs to it
# when REDIS_URL (or CELERY_BROKER_URL) is set; here REDIS_URL defaults to the local Redis.
WORKER_CONCURRENCY ?= 2
worker: export DIALOG_BASE_URL ?= http://127.0.0.1:$(PORT)
worker: install
	@mkdir -p instance
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(BIN)/celery -A dialog.worker worker -B \
	  --concurrency $(WORKER_CONCURRENCY) --loglevel INFO --schedule instance/celerybeat-schedule

# The system Chromium drives the browser tests; install it when it is missing.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

# Debian's nginx (and openssl, for the cluster's certificate) runs `make cluster` and its test;
# wrk loads the servers in `make bench`. Install them when they are missing.
nginx:
	@{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null && command -v openssl >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx openssl; }

wrk:
	@command -v wrk >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk; }

# Scale-out on this machine (deploy/cluster.py, docs/deployment.md): nginx with TLS on CLUSTER_PORT
# in front of two gunicorn servers, a Celery worker, a PostgreSQL database of its own (dropped at
# Ctrl-C) and Redis, at CLUSTER_POSTGRESQL_URL and CLUSTER_REDIS_URL.
CLUSTER_PORT ?= 8443
cluster: install nginx
	$(BIN)/python -m deploy.cluster --port $(CLUSTER_PORT)

# mypy reads its settings (and the files to check, dialog/) from [tool.mypy] in pyproject.toml.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test-sqlite: install browser nginx
	DIALOG_TEST_DATABASE=sqlite $(BIN)/pytest -n auto

# Runs when PostgreSQL answers; REQUIRE_POSTGRESQL=1 (set by CI) turns a skip into a failure.
test-postgresql: install browser nginx
	@if $(BIN)/python -m tests.postgresql_available; then \
	  DIALOG_TEST_DATABASE=postgresql $(BIN)/pytest -n auto; \
	elif [ -n "$$REQUIRE_POSTGRESQL" ]; then \
	  echo "PostgreSQL run: FAILED (server not reachable and REQUIRE_POSTGRESQL is set)"; exit 1; \
	else echo "PostgreSQL run: skipped (server not reachable)"; fi

test: lint test-sqlite test-postgresql

# Mutation testing (docs/testing.md): mutmut mutates the permission rules and the participation
# services, as [tool.mutmut] in pyproject.toml lists them, and runs the fast tests that cover them on
# SQLite. mutmut comes from its own lock (requirements/mutate.txt, pinned like the test lock), so
# neither the app nor `make test` carries it. The copy it mutates lives in mutants/.
MUTATE_CHILDREN ?= 2
$(VENV)/.installed-mutate: requirements/mutate.txt $(VENV)/.installed-test
	$(PIP) install --quiet --require-hashes -r requirements/mutate.txt
	@$(CHECK_INSTALLED)
	touch $@

mutate: export DIALOG_TEST_DATABASE = sqlite
mutate: $(VENV)/.installed-mutate translations
	$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN)
	$(BIN)/mutmut results

# Web vulnerability scan (docs/security.md): wapiti, from its own lock in its own environment
# (its dependencies are not the app's), against gunicorn on 127.0.0.1 with the seed content on a
# fresh SQLite database; nothing else is ever a target. Bounded: AUDIT_MINUTES for the scan.
AUDIT := $(VENV)/audit
AUDIT_MINUTES ?= 8
$(AUDIT)/.installed: requirements/audit.txt
	$(PYTHON) -m venv $(AUDIT)
	$(call LOCKED_PIP,$(AUDIT))
	$(AUDIT)/bin/python -m pip --disable-pip-version-check install --quiet --require-hashes \
	  -r requirements/audit.txt
	touch $@

audit: install $(AUDIT)/.installed
	$(BIN)/python -m tests.security.audit --wapiti $(AUDIT)/bin/wapiti --minutes $(AUDIT_MINUTES)

# Benchmarks (bench/run.py, bench/summaries.py, bench/groups.py), appended to bench/results.md;
# `make bench QUICK=1` is a short run with less demo data. They run niced, since this machine is shared.
BENCH_QUICK_DEMO := --residents 2000 --comments 5000 --ratings 20000
bench: install wrk
	nice -n 10 $(BIN)/python -m bench.run $(if $(QUICK),--quick) --output bench/results.md
	nice -n 10 $(BIN)/python -m bench.summaries $(if $(QUICK),$(BENCH_QUICK_DEMO)) \
	  --output bench/results.md
	nice -n 10 $(BIN)/python -m bench.themes
	nice -n 10 $(BIN)/python -m bench.groups --output bench/results.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache mutants tools/htmlcheck/node_modules
