# Lotse – `make demo` serves the demo, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-8)
MANAGE := $(BIN)/python manage.py
# The demo logs in with the password alone (no authenticator app); `check --deploy` refuses
# LOTSE_REQUIRE_2FA=0 outside debug mode.
DEMO_ENV := DEBUG=1 LOTSE_REQUIRE_2FA=0
TEST_ENV := LOTSE_TESTING=1

.PHONY: install demo demo-data serve test test-fast test-browser lint format messages check-messages clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

messages: install
	cd lotse && ../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

demo-data: install messages
	$(DEMO_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEMO_ENV) $(MANAGE) import_reference
	$(DEMO_ENV) $(MANAGE) import_sectors
	$(DEMO_ENV) $(MANAGE) load_demo
	$(DEMO_ENV) $(MANAGE) publish_report

demo: demo-data
	@$(DEMO_ENV) $(MANAGE) demo_logins
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000

test: install messages
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-fast: install messages
	$(TEST_ENV) $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

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
