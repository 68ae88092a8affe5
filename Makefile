# Redline: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck bench clean

# Two installs, each done once (again only when pyproject.toml changes): the demo
# needs Redline alone; the tests add the test extra (pytest, Playwright, Spark, ...).
CORE := $(VENV)/.installed-core
TEST := $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(CORE)

## Main job on the bundled example: the two seed versions, stored in SQLite, compared.
demo: $(CORE)
	@db=$$(mktemp -d)/redline-demo.sqlite3; set -e; \
	echo "== redline ingest examples/seed --db $$db"; \
	$(BIN)/redline ingest examples/seed --db $$db --no-progress; \
	echo; echo "== redline history 1"; \
	$(BIN)/redline history 1 --db $$db; \
	echo; echo "== redline diff 1 --from 1 --to 2"; \
	$(BIN)/redline diff 1 --from 1 --to 2 --db $$db --no-color || [ $$? -eq 1 ]

## Whole test suite, system services and packages included: lint, format, types,
## then pytest (tests, doctests of src/, warnings as errors; see pyproject.toml)
## in TEST_WORKERS processes (the long tests run beside the short ones; each
## worker has its own databases, ports and temporary folders).
TEST_WORKERS ?= 2

test: $(TEST)
	bash scripts/system-deps.sh
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: $(TEST)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

## Static types of src/ (settings in pyproject.toml, [tool.mypy]).
typecheck: $(TEST)
	$(BIN)/mypy

bench: $(TEST)
	for f in bench/*.py; do $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
