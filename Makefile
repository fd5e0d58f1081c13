# The two commands of the README: `make run` serves the app on SQLite, `make test`
# passes the tests. Both set everything up on a fresh machine first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AXE := node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast bench clean pango stack

# WeasyPrint, which renders the PDF reports, loads Debian's Pango libraries when the app
# is imported, and pip cannot install them. When they are missing, make installs them
# with apt-get if it runs as root on Debian (a fresh machine), and otherwise stops with
# the command to run. fonts-dejavu-core is the text face the reports fall back to.
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

pango:
	@$(PYTHON) -c "import ctypes.util, sys; sys.exit(not all(map(ctypes.util.find_library, ('gobject-2.0', 'pango-1.0', 'pangoft2-1.0', 'fontconfig'))))" \
	|| if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "PDF reports need Pango: apt-get install $(PANGO_PACKAGES)"; \
		$(APT_INSTALL) $(PANGO_PACKAGES) || { apt-get update -qq && $(APT_INSTALL) $(PANGO_PACKAGES); }; \
	else \
		echo "PDF reports need Pango: run sudo apt-get install $(PANGO_PACKAGES), then make again" >&2; \
		exit 1; \
	fi

$(BIN)/assessment: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# axe-core, the accessibility engine the browser tests inject into each page.
$(AXE):
	npm install --no-save --no-package-lock --no-audit --no-fund axe-core@4

run: pango $(BIN)/assessment
	$(BIN)/assessment init
	$(BIN)/assessment run --host $(HOST) --port $(PORT)

test: pango $(BIN)/assessment $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The quick loop while working: the core and the web on SQLite, without the browser,
# PostgreSQL and slow (load, concurrency, gunicorn, large PDF) tests. Not a substitute
# for `make test`, which CI runs.
test-fast: pango $(BIN)/assessment
	$(BIN)/python -m pytest -m "not browser and not slow and not postgresql" $(PYTEST_ARGS)

bench: pango $(BIN)/assessment
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis

# The whole set on this machine (PostgreSQL, Redis, two app servers, a worker) until
# Ctrl-C: README, "Running the whole set on one machine". STACK_ARGS passes options.
stack: pango $(BIN)/assessment
	$(BIN)/python scripts/stack.py $(STACK_ARGS)
