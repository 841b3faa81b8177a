# The few targets people type. `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: install eark run test test-fast test-sqlite test-postgres lint format bench bench-venv bench-load services-test clean

install: $(STAMP) eark

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	@$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock -e ".[dev]"
	@touch $(STAMP)
	@echo "Installed the pinned dependencies into $(VENV)."

# eark-validator in a virtualenv of its own: it pins an lxml the project cannot share.
# tests/archive run it as a subprocess (tests/archive/eark_validate.py).
EARK_VENV := .venv-eark

eark: $(EARK_VENV)/.installed

$(EARK_VENV)/.installed: requirements-eark.lock $(STAMP)
	@test -x $(EARK_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(EARK_VENV)
	@$(BIN)/uv pip install --quiet --python $(EARK_VENV)/bin/python --require-hashes -r requirements-eark.lock
	@touch $@
	@echo "Installed eark-validator into $(EARK_VENV)."

run: install
	$(BIN)/digikommun serve --port $(PORT)

# The whole suite on SQLite, then every database test again on PostgreSQL when one answers.
test: install
	@$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python scripts/postgres_available.py; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "PostgreSQL does not answer on 127.0.0.1:5432: the suite ran on SQLite alone."; \
	fi

# The SQLite pass measures branch coverage; [tool.coverage.report] fail_under is its floor.
# TEST_WORKERS processes share the tests (pytest-xdist); each has its own database.
TEST_WORKERS ?= 2

test-sqlite: install
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=10 --cov --cov-report=term

# The PostgreSQL pass re-runs every database test but the browser scenarios (pages are the
# same on both databases; locking and concurrency are tested below the browser).
test-postgres: install
	DIGIKOMMUN_TEST_DB=postgres $(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=10 -m "not browser"

# The fast suite: no browser.
test-fast: install
	$(BIN)/pytest -q -m "not browser"

services-test: install
	$(BIN)/digikommun services test

# Style, the architecture's "may import" table (import-linter), dependencies (deptry),
# dead code (vulture) and types (mypy: rules/ strictly, the rest against a baseline).
lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports --no-cache
	$(BIN)/deptry src tests scripts
	$(BIN)/python scripts/deadcode.py
	$(BIN)/python scripts/mypy_baseline.py

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Benchmarks print their figures and ratios; bench/README.md keeps the numbers measured.
CASES ?= 1000000
BENCH_VENV := .benchvenv

bench-venv: $(BENCH_VENV)/.installed

$(BENCH_VENV)/.installed: bench/requirements.lock
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	@$(BIN)/uv pip install --quiet --python $(BENCH_VENV)/bin/python -r bench/requirements.lock
	@touch $@

bench: install bench-venv
	$(BIN)/python bench/rules.py
	$(BIN)/python bench/workbench.py --db sqlite --cases $(CASES)
	@if $(BIN)/python scripts/postgres_available.py; then \
		$(BIN)/python bench/workbench.py --db postgres --cases $(CASES); \
	else \
		echo "PostgreSQL does not answer on 127.0.0.1:5432: the workbench benchmark ran on SQLite alone."; \
	fi

# Submissions under an open-loop load: SQLite, then PostgreSQL with two web processes and two
# workers behind HAProxy (one of each killed). LOAD_ARGS="--duration 120 --rate 8" for longer.
LOAD_ARGS ?=
bench-load: install
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(EARK_VENV) var .pytest_cache
