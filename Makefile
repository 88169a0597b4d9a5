# Lotse – `make demo` serves the demo, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every dependency, direct or not, comes from the hashed lock files in requirements/ (pip-tools):
# dev.txt for development and CI, main.txt for servers, load.txt for the load test.
LOCK := requirements/dev.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | md5sum | cut -c1-8)
COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
MANAGE := $(BIN)/python manage.py
# The demo logs in with the password alone (no authenticator app); `check --deploy` refuses
# LOTSE_REQUIRE_2FA=0 outside debug mode. It publishes the report figures without the
# suppression audit (seconds instead of about ten minutes on the demo's data); the report page
# says so, and `check --deploy` warns about it outside debug mode.
DEMO_ENV := DEBUG=1 LOTSE_REQUIRE_2FA=0 LOTSE_REPORT_AUDIT=0
TEST_ENV := LOTSE_TESTING=1

.PHONY: install lock upgrade-deps demo demo-data serve test test-fast test-browser lint format messages check-messages clean

$(STAMP): pyproject.toml $(LOCK)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Recompile the lock files after a change of pyproject.toml (keeps the other pins) …
lock: install
	$(COMPILE) -o requirements/main.txt pyproject.toml
	$(COMPILE) --extra dev --all-build-deps -o requirements/dev.txt pyproject.toml
	$(COMPILE) --extra load -o requirements/load.txt pyproject.toml

# … or move every indirect dependency to its newest release allowed by pyproject.toml.
upgrade-deps: install
	$(COMPILE) --upgrade -o requirements/main.txt pyproject.toml
	$(COMPILE) --upgrade --extra dev --all-build-deps -o requirements/dev.txt pyproject.toml
	$(COMPILE) --upgrade --extra load -o requirements/load.txt pyproject.toml

messages: install
	cd lotse && ../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

demo-data: install messages
	$(DEMO_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEMO_ENV) $(MANAGE) import_reference
	$(DEMO_ENV) $(MANAGE) import_sectors
	$(DEMO_ENV) $(MANAGE) load_demo
	$(DEMO_ENV) LOTSE_BA_JOBSUCHE_URL=stub: $(MANAGE) import_ba_vacancies
	# What the scheduled jobs would have done by this morning (lotse/ops/schedule.py).
	$(DEMO_ENV) $(MANAGE) create_reminders
	$(DEMO_ENV) $(MANAGE) ensure_followups
	$(DEMO_ENV) $(MANAGE) publish_report

demo: demo-data
	@$(DEMO_ENV) $(MANAGE) demo_logins
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000

# One pytest-xdist worker per core; PYTEST_WORKERS=0 runs in this process (for --pdb).
PYTEST_WORKERS ?= auto

test: install messages
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-fast: install messages
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-messages: install
	$(BIN)/python scripts/check_messages.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
