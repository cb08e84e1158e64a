# Tasklog developer commands. Needs only Python 3.11+ on PATH; everything else is installed
# into .venv on first use, at the exact versions (and hashes) of requirements-dev.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements-dev.lock
LOCK_TOOLS := .lock-tools

.PHONY: venv dev test test-unit lint format bench lock

venv: $(STAMP)

# Re-install only when the lock file or the project's metadata changes.
$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

dev: venv
	$(BIN)/tasklog dev

test: venv
	$(BIN)/pytest

# The fast tier: no PostgreSQL, Redis or browser needed.
test-unit: venv
	$(BIN)/pytest tests/unit

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/vulture

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv
	bash benchmarks/run.sh

# Resolve pyproject.toml's dependencies (dev extras included) again into the lock file.
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || \
		($(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install -q pip-tools)
	$(LOCK_TOOLS)/bin/pip-compile -q --extra dev --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml
