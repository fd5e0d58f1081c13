# The two commands of the README: `make run` serves the app on SQLite, `make test`
# passes the tests. Both set everything up on a fresh machine first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AXE := node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast bench clean

$(BIN)/assessment: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# axe-core, the accessibility engine the browser tests inject into each page.
$(AXE):
	npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4

run: $(BIN)/assessment
	$(BIN)/assessment init
	$(BIN)/assessment run --host $(HOST) --port $(PORT)

test: $(BIN)/assessment $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The quick loop while working: the core and the web on SQLite, without the browser,
# PostgreSQL and slow (load, concurrency, gunicorn, large PDF) tests. Not a substitute
# for `make test`, which CI runs.
test-fast: $(BIN)/assessment
	$(BIN)/python -m pytest -m "not browser and not slow and not postgresql" $(PYTEST_ARGS)

bench: $(BIN)/assessment
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
