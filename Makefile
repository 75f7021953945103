# Two commands a newcomer needs: `make run` and `make test`. Everything else is detail.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
HOST ?= 127.0.0.1:8000
# Links in e-mails (invitations, workflow notices) point at the server `make run` starts.
BASE_URL ?= http://$(HOST)
export BASE_URL

.PHONY: run test bench mutation mutation-access install lock messages lint format vendor screenshots

install: $(STAMP)

# The venv is (re)built only when requirements.lock changes; a second run is a no-op.
$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip sync -q --python $(BIN)/python requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

# The web server and, next to it, the task worker (large imports run there); Ctrl-C
# stops both.
run: $(STAMP)
	$(BIN)/python manage.py prepare_local_site --verbosity 0
	$(BIN)/python manage.py db_worker --backend imports --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

test: $(STAMP)
	bash scripts/test.sh $(ARGS)

# Search benchmark (minutes): reindex throughput, memory, API latency per engine.
bench: $(STAMP)
	bash scripts/bench.sh $(ARGS)

# Mutation testing (not in CI): mutmut breaks the modules named in pyproject.toml one small
# change at a time; every change a test does not notice is listed (docs/testing.md).
# `mutation`: search text analysis, a minute. `mutation-access`: what families see (scoping,
# audience rules, search filters), with a database, about 20 minutes.
MUTATION := DATABASE_URL=sqlite:///:memory: DJANGO_SETTINGS_MODULE=config.settings.test \
	$(BIN)/python scripts/mutation.py
mutation: $(STAMP)
	$(MUTATION) text run

mutation-access: $(STAMP)
	$(MUTATION) access run --max-children 2

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 -q -o requirements.lock

# German is the source of truth for UI text; English msgids live in the code.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l de -l tr -l ar -l uk --no-obsolete --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Leaflet and htmx from the npm registry into static/vendor/ (committed; needs npm).
vendor:
	bash scripts/vendor.sh

# Pictures of the family pages (demo data, German and Arabic, phone and desktop).
screenshots: $(STAMP)
	SCREENSHOTS_DIR=docs/screenshots DATABASE_URL=sqlite:// $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser/test_screenshots.py
