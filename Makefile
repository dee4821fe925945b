# The two commands a newcomer needs: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format lock

# Exactly the versions in requirements.lock, each checked against its hash; then the project
# itself (its dependencies are all in the lock already).
$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		--no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -e .
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

# Regenerate requirements.lock from pyproject.toml's ranges (and its `test` extra) against
# PyPI, with every file's hash. Run it after changing a dependency; commit the result.
# Local pip configuration (mirrors, wheel folders) is ignored so the hashes are PyPI's.
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest version the ranges allow.
# The pins must install on Python 3.11.0 and later (Debian 12 has 3.11.2; .ci/run checks):
# soupsieve stays on 2.x, since 3 and later need 3.11.5's regular expressions
# (`make lock LOCK_ARGS="--upgrade-package soupsieve==2.10"`).
LOCK_TOOL := $(VENV)/lock-tool
lock:
	test -x $(LOCK_TOOL)/bin/python || $(PYTHON) -m venv $(LOCK_TOOL)
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT \
		PIP_CONFIG_FILE=/dev/null $(LOCK_TOOL)/bin/python -m pip install --quiet \
		--disable-pip-version-check "pip-tools>=7.4"
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT \
		PIP_CONFIG_FILE=/dev/null $(LOCK_TOOL)/bin/pip-compile --quiet $(LOCK_ARGS) \
		--generate-hashes --allow-unsafe --all-build-deps --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml
