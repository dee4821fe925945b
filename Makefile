# The two commands a newcomer needs: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

run: $(INSTALLED)
	$(BIN)/rejoinder run

test: $(INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks (issue 7): not tests, so neither part of `make test` nor of CI's test run.
# wrk comes from Debian; installed here when missing and running as root, else run.py says how.
WRK_INSTALL = command -v wrk >/dev/null || [ "$$(id -u)" != 0 ] || { apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

.PHONY: bench bench-smoke

bench: $(INSTALLED)
	@$(WRK_INSTALL)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-smoke: $(INSTALLED)
	@$(WRK_INSTALL)
	$(BIN)/python bench/run.py --smoke $(BENCH_ARGS)
