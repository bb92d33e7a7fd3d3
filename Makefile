# Two commands set everything up on a fresh machine (Python 3.11+):
#   make demo   build the graph of the bundled sample corpus (no server needed)
#   make test   run the whole test suite (starts its own FalkorDB and Oxigraph servers, headless Chromium)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench lint system-deps cypher-lint

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/kg build --formats all

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

system-deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null)

# Neo4j's own Cypher linter (npm @neo4j-cypher/language-support, pinned in tests/cypher-lint/package-lock.json),
# installed into the project folder tests/cypher-lint/node_modules for tests/test_cypher_lint.py.
CYPHER_LINT := tests/cypher-lint/node_modules/@neo4j-cypher/language-support/package.json

$(CYPHER_LINT): tests/cypher-lint/package.json tests/cypher-lint/package-lock.json
	cd tests/cypher-lint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

cypher-lint: $(CYPHER_LINT)

test: $(VENV)/.installed-test system-deps $(CYPHER_LINT)
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graphbuild tests bench

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_rdf.py
	$(BIN)/python bench/bench_neo4j.py
