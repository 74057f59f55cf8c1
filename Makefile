# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test lint bench bench-quick compile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes (the stamp is older than it).
$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

# The editable install leaves reader/ uncompiled, and where PYTHONDONTWRITEBYTECODE is set
# Python would compile every module again at each start (issue 12: +70 ms): compile it
# here (only what changed since; Python checks each .pyc against its source).
compile: $(STAMP_RUN)
	@$(BIN)/python -m compileall -q reader

run: $(STAMP_RUN) compile
	$(BIN)/reader $(ARGS)

test: $(STAMP_TEST) compile
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (style and format), import-linter (the layer contracts of docs/architecture.md,
# in pyproject.toml) and mypy (types, reader/ only).
lint: $(STAMP_TEST)
	$(BIN)/ruff check reader tests bench
	$(BIN)/ruff format --check reader tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# Every benchmark (bench/run_all.py): one table, written to bench/results.json. A missed
# target is reported, never a failure; a benchmark that crashes fails the run.
bench: $(STAMP_TEST) compile
	$(BIN)/python bench/run_all.py

# The same at small sizes (seconds a script): proves the benchmarks work (CI runs it).
bench-quick: $(STAMP_TEST) compile
	$(BIN)/python bench/run_all.py --quick

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
