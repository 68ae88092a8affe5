# Redline: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck bench clean

$(BIN)/redline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## Main job on the bundled example: the two seed versions, stored in SQLite, compared.
demo: $(BIN)/redline
	@db=$$(mktemp -d)/redline-demo.sqlite3; set -e; \
	echo "== redline ingest examples/seed --db $$db"; \
	$(BIN)/redline ingest examples/seed --db $$db --no-progress; \
	echo; echo "== redline history 1"; \
	$(BIN)/redline history 1 --db $$db; \
	echo; echo "== redline diff 1 --from 1 --to 2"; \
	$(BIN)/redline diff 1 --from 1 --to 2 --db $$db --no-color || [ $$? -eq 1 ]

## Whole test suite, system services and packages included.
test: $(BIN)/redline
	bash scripts/system-deps.sh
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(BIN)/redline
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

## Static types of src/ (settings in pyproject.toml, [tool.mypy]).
typecheck: $(BIN)/redline
	$(BIN)/mypy

bench: $(BIN)/redline
	for f in bench/*.py; do $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
