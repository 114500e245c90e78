# The two commands everything depends on: `make run` and `make test`.
# Both create the virtual environment in .venv on first use.

# The interpreter .venv is made from. The distribution's CPython (Debian's
# /usr/bin/python3.11 here) is built with PGO and LTO and linked statically;
# it serves the API with 8 to 20% less CPU per request than an interpreter
# built without them, such as pyenv's default build (docs/benchmarks.md). So
# it comes first when it is recent enough and can make a venv (Debian splits
# that into python3.x-venv); PYTHON=... chooses another.
PYTHON ?= $(or $(firstword $(foreach python,$(wildcard /usr/bin/python3.1[1-9]),\
	$(shell $(python) -c 'import ensurepip, venv' 2>/dev/null && echo $(python)))),python3)
VENV := .venv
BIN := $(VENV)/bin
ARGS ?=

.PHONY: run test check lint typecheck unit format bench clean stack-build up down bench-distributed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installing builds the SQLite extension of mapped reads (hatch_build.py) when a
# C compiler and SQLite's headers are at hand; without them the runtime works
# the same, only reading the database with a system call per page.
$(VENV)/.runtime: $(BIN)/python pyproject.toml requirements/runtime.lock hatch_build.py \
		src/todo_chatbot/runtimes/embedded/sqlite/mapped_reads.c
	$(BIN)/pip install --quiet -r requirements/runtime.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements/dev.lock
	$(BIN)/pip install --quiet -r requirements/dev.lock
	touch $@

## Serve the API with the embedded runtime (ARGS="--port 9000 --data-dir /tmp/todo").
run: $(VENV)/.runtime
	$(BIN)/todo-chatbot run $(ARGS)

## Lint, type-check and run the whole test suite.
test: check
	$(BIN)/pytest $(ARGS)

check: lint typecheck

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev
	$(BIN)/mypy

## Only the fast domain tests.
unit: $(VENV)/.dev
	$(BIN)/pytest tests/unit $(ARGS)

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## The load benchmark of docs/benchmarks.md (needs Go for the load generator).
bench: $(VENV)/.dev
	$(BIN)/python -m bench.run $(ARGS)

## The distributed runtime's benchmark, the embedded runtime's figures beside it.
bench-distributed: $(VENV)/.dev
	$(BIN)/python -m bench.distributed $(ARGS)

## Build or fetch the infrastructure binaries (daprd, scheduler, Kafka) into
## ~/.cache/todo-chatbot: minutes the first time on a machine, instant after.
stack-build: $(VENV)/.runtime
	$(BIN)/python -m devstack build

## The distributed runtime on this machine: PostgreSQL, Kafka, the Dapr scheduler and
## every service with its sidecar (builds daprd and fetches Kafka the first time).
up: $(VENV)/.runtime
	$(BIN)/python -m devstack up $(ARGS)

## Stop what `make up` started.
down: $(VENV)/.runtime
	$(BIN)/python -m devstack down $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache src/todo_chatbot/runtimes/embedded/sqlite/_mapped_reads.so
