# Dialog: `make run` serves the site with the seed content; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: install run worker test test-sqlite test-postgresql lint translations extract-messages browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d dialog/translations 2>&1 | grep -v '^compiling' || true
	@test -f dialog/translations/sv/LC_MESSAGES/messages.mo

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o dialog/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i dialog/translations/messages.pot -d dialog/translations --no-fuzzy-matching

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask dialog seed --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Celery worker with beat (periodic jobs such as the mail outbox sweep). The app sends jobs to it
# when REDIS_URL (or CELERY_BROKER_URL) is set; here REDIS_URL defaults to the local Redis.
WORKER_CONCURRENCY ?= 2
worker: install
	@mkdir -p instance
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(BIN)/celery -A dialog.jobs worker -B \
	  --concurrency $(WORKER_CONCURRENCY) --loglevel INFO --schedule instance/celerybeat-schedule

# The system Chromium drives the browser tests; install it when it is missing.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: install browser
	DIALOG_TEST_DATABASE=sqlite $(BIN)/pytest -n auto

# Runs when PostgreSQL answers; REQUIRE_POSTGRESQL=1 (set by CI) turns a skip into a failure.
test-postgresql: install browser
	@if $(BIN)/python -m tests.postgresql_available; then \
	  DIALOG_TEST_DATABASE=postgresql $(BIN)/pytest -n auto; \
	elif [ -n "$$REQUIRE_POSTGRESQL" ]; then \
	  echo "PostgreSQL run: FAILED (server not reachable and REQUIRE_POSTGRESQL is set)"; exit 1; \
	else echo "PostgreSQL run: skipped (server not reachable)"; fi

test: lint test-sqlite test-postgresql

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
