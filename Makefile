# Two commands, on a fresh clone:
#   make demo   set up .venv and audit the bundled sample district (no Google account needed)
#   make test   set up .venv and run the whole test suite (lint, types, tests) — what CI runs
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench samples schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Exit code 1 means "some schools are below the standard" — the expected answer on the samples.
demo: $(STAMP)
	$(BIN)/elschool-audit audit district --source sample_sheets --month 2017-01 --no-record || [ $$? -eq 1 ]

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy src
	$(BIN)/lint-imports

# Two workers (pytest-xdist): the machine CI runs on has two cores. PYTEST_WORKERS=0 runs in-process.
PYTEST_WORKERS ?= 2
test: lint
	$(BIN)/pytest -q -n $(PYTEST_WORKERS)

# Benchmarks: ratios against baselines measured in the same run (docs/performance.md).
# The synthetic district is written once to benchmarks/data/; QUICK=1 runs a few schools (~1 min).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(if $(QUICK),--quick)

samples: $(STAMP)
	$(BIN)/python scripts/make_sample_sheets.py

# docs/report-schema.json from the record types (src/elschool_audit/reports/shapes.py)
schema: $(STAMP)
	$(BIN)/python scripts/make_report_schema.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
