# Arki: `make demo` runs the platform with the Kainuu demo; `make test` runs every test.
# Both set everything up first (a virtualenv in .venv with Arki and its dependencies).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.arki-installed

.PHONY: install lock demo demo-load test test-fast lint check messages bench clean

CONSTRAINTS := requirements/constraints.txt

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@$(PYTHON) -c 'import sys; sys.exit("Arki needs Python 3.11 or newer (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint $(CONSTRAINTS) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	@$(BIN)/arki compilepo

## Re-resolve the dependencies to their newest allowed versions and record them in $(CONSTRAINTS)
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[dev]'
	{ sed -n '1,2p' $(CONSTRAINTS); .venv-lock/bin/pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .venv-lock

## The platform with the Kainuu demo on SQLite, served on http://127.0.0.1:8000
demo: install
	$(BIN)/arki demo

demo-load: install
	$(BIN)/arki demo --load-only

## The full test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy arki config
	$(BIN)/arki makemigrations --check --dry-run
	$(BIN)/arki check --fail-level WARNING
	$(BIN)/lint-imports

check: lint test

## Regenerate translation catalogues (needs GNU gettext); see docs/architecture.md
messages: install
	for app in arki/*/; do if [ -d "$$app/locale" ]; then (cd $$app && ../../$(BIN)/arki makemessages -l fi -l sv --no-obsolete); fi; done
	$(BIN)/arki compilepo

clean:
	rm -rf $(VENV) var
