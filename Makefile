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

.PHONY: run test check lint typecheck unit format bench bench-web clean stack-build up down restart bench-distributed \
	web web-check screenshots deploy-tools deploy-check images

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

## Serve the web app and the API with the embedded runtime (ARGS="--port 9000 --data-dir /tmp/todo").
run: $(VENV)/.runtime web
	$(BIN)/todo-chatbot run $(ARGS)

## Lint, type-check and run the whole test suite (the web app's too).
test: check web-check web/out/index.html
	$(BIN)/pytest $(ARGS)

check: lint typecheck

# The web app (web/): Next.js built to static files in web/out, which the API serves
# at /. Built when missing or older than its sources; without Node.js, or when the
# build fails, `make run` says so and serves the API alone.
NPM := $(shell command -v npm 2>/dev/null)
WEB_SOURCES := $(shell find web -path web/node_modules -prune -o -path web/out -prune \
	-o -path web/.next -prune -o -type f -print 2>/dev/null)
export NEXT_TELEMETRY_DISABLED := 1

web/node_modules/.package-lock.json: web/package-lock.json
	@echo "== installing the web app's packages (npm ci)"
	cd web && npm ci --no-audit --no-fund

web/out/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@echo "== building the web app (next build): a minute the first time"
	cd web && npm run build

## Build the web app if Node.js is installed (make run does it).
web:
ifeq ($(NPM),)
	@echo "Node.js (npm) is not installed: the API alone is served. Install Node.js 20.19 or later for the web app at /."
else
	@$(MAKE) --no-print-directory web/out/index.html \
		|| echo "The web app did not build (see above): the API alone is served."
endif

## The README's screenshots: the browser tests' pictures of the main screens, into docs/.
SCREENSHOTS := workspace-desktop-light workspace-desktop-dark tasks-phone-light chat-phone-dark
screenshots: $(VENV)/.dev web/out/index.html
	$(BIN)/pytest tests/browser/test_screens.py -q
	mkdir -p docs/screenshots
	for name in $(SCREENSHOTS); do cp build/screenshots/$$name.png docs/screenshots/; done

## The web app's lint, type check and component tests.
web-check: web/node_modules/.package-lock.json
	cd web && npm run lint && npm run typecheck && npm test

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

## The web app's speed: Lighthouse, its first screen, scrolling 10,000 tasks (needs Node.js and Chromium).
bench-web: $(VENV)/.runtime web/out/index.html bench/web/node_modules/.package-lock.json
	cd bench/web && node measure.mjs

bench/web/node_modules/.package-lock.json: bench/web/package-lock.json
	cd bench/web && npm ci --no-audit --no-fund

## Build or fetch the infrastructure binaries (daprd, scheduler, Kafka) into
## ~/.cache/todo-chatbot: minutes the first time on a machine, instant after.
stack-build: $(VENV)/.runtime
	$(BIN)/python -m devstack build

## The chart's and the images' offline checkers (helm, kubeconform, hadolint, Kubernetes'
## and Dapr's schemas) into ~/.cache/todo-chatbot, by version: helm takes minutes the first time.
deploy-tools: $(VENV)/.runtime
	$(BIN)/python -m devstack deploy-tools
	$(BIN)/python -m devstack.monitoring_tools  # the Prometheus Operator's schemas; promtool

## The chart and the Dockerfile checked offline (tests/deploy): lint, render, kubeconform.
deploy-check: deploy-tools $(VENV)/.dev
	$(BIN)/pytest tests/deploy $(ARGS)

## The image (docker/Dockerfile) built with podman from locally made bases: Debian by
## debootstrap, cached in ~/.cache/todo-chatbot (needs root and podman, buildah, debootstrap).
images: $(VENV)/.runtime
	$(BIN)/python -m devstack images
.PHONY: cluster-tools cluster-check

## The chart's cluster checks' binaries (etcd, kube-apiserver, kube-controller-manager,
## kube-scheduler, kubectl, kwok, kwokctl) and Dapr's CRDs into ~/.cache/todo-chatbot,
## by version: Kubernetes' build takes a quarter of an hour the first time.
cluster-tools: $(VENV)/.runtime
	$(BIN)/python -m devstack cluster-tools

## The chart on a real API server (server-side dry run) and on a kwok cluster (install,
## upgrade, rollback): tests/deploy/test_cluster_*.py.
cluster-check: cluster-tools deploy-tools $(VENV)/.dev
	$(BIN)/pytest tests/deploy/test_cluster_dry_run.py tests/deploy/test_cluster_kwok.py $(ARGS)

## The distributed runtime on this machine: PostgreSQL, Kafka, the Dapr scheduler and
## every service with its sidecar (builds daprd and fetches Kafka the first time).
up: $(VENV)/.runtime web
	$(BIN)/python -m devstack up $(ARGS)

## Stop what `make up` started.
down: $(VENV)/.runtime
	$(BIN)/python -m devstack down $(ARGS)

## Restart one piece of what `make up` started: NAME=audit (a service: its sidecar and
## its app), or one process (app-audit, daprd-audit, postgres, kafka, scheduler, gateway).
restart: $(VENV)/.runtime
	$(BIN)/python -m devstack restart $(NAME) $(ARGS)

clean:
	rm -rf web/node_modules web/.next web/out bench/web/node_modules
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache src/todo_chatbot/runtimes/embedded/sqlite/_mapped_reads.so
