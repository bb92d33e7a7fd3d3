# Two commands set everything up on a fresh machine (Python 3.11+):
#   make demo   build the graph of the bundled sample corpus (no server needed)
#   make test   run the whole test suite (starts its own FalkorDB and Oxigraph servers, headless Chromium)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench lint system-deps

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/kg build

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

system-deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null)

test: $(VENV)/.installed-test system-deps
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graphbuild tests bench

bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_rdf.py
	$(BIN)/python bench/bench_neo4j.py
