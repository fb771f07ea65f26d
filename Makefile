# hientai — `make run` to try it, `make test` to check it.
VENV := .venv
BIN := $(VENV)/bin
HT := $(BIN)/hientai
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest bench messages openapi clean vendor-js

install: $(STAMP)

$(STAMP): pyproject.toml
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		PY=$$(scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$PY"; rm -rf $(VENV); "$$PY" -m venv $(VENV) || exit 1; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: install
	$(HT) migrate --noinput
	$(HT) demo --if-empty
	$(HT) serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	@$(MAKE) --no-print-directory typecheck

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint pytest

bench: install
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script --append bench/RESULTS.md || exit 1; done

messages: install
	$(HT) makemessages -l vi --no-obsolete --ignore .venv --ignore var --ignore tests --ignore bench --ignore scripts
	$(HT) compilemessages --ignore .venv

# The committed API schema (tests/api/test_openapi.py fails when it differs from the code).
openapi: install
	$(HT) openapi docs/openapi.json

# Browser libraries from npm (package.json, package-lock.json): ECharts is copied into the
# app's static files and committed, so `make run` needs no npm; axe-core stays in
# node_modules for the accessibility test.
vendor-js:
	npm ci --ignore-scripts --no-audit --no-fund
	python3 scripts/vendor_js.py

clean:
	rm -rf $(VENV) var/static
