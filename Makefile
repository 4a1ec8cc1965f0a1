# mlflow-lite: everything a fresh machine needs is installed from here, with uv.
# `make demo` runs the blog's workflow against an embedded MLflow server; `make test` runs the whole suite.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
# One virtual environment per MLflow server version the tests run against; the client's own never has mlflow.
SERVERS := .servers
MLFLOW2 := 2.22.5
MLFLOW3 := 3.17.2
PKG := generated/mlflow_rest_api
GENERATE = $(BIN)/openapi-python-client generate --path openapi/mlflow.yaml \
	--config openapi/generator-config.yaml --custom-template-path openapi/templates --meta none --fail-on-warning --overwrite

# Python's bytecode, compiled once: uv does not compile what it installs (pip does), and with
# PYTHONDONTWRITEBYTECODE set (as on some CI runners) every process then compiled every module it imported, every
# time: each MLflow server, worker and oracle process recompiled MLflow (a third of its import's CPU), each pytest
# worker the test tools (13 s of CPU to collect the suite, 5 s with bytecode). So the environments are compiled
# at install, and the project's own modules are cached as they are first imported.
export UV_COMPILE_BYTECODE := 1
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help install servers generate check-generated check-spec unasync lint fmt test test-production test-fast demo bench bench-scale clean
.PHONY: docs figures check-figures test-lowest test-under-load

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --python $(BIN)/python -e . --group dev
	touch $@

# The library alone, with its runtime dependencies only: what `make bench` imports, as a user's environment
# would (the development environment's httpx also loads its command-line extras). With the stores extra (obstore),
# which the bench's S3 store phase needs: `import mlflow_lite` never imports obstore (only making an S3, GCS or
# Azure store does), so the import and memory figures of the other phases are those of the base install.
RUNTIME := .venv-runtime
# The runtime dependencies at their lowest allowed versions (`make test-lowest`, below).
LOWEST := .venv-lowest
# The Makefile is a prerequisite too: an environment made before it took the extra is brought up to date.
$(RUNTIME)/.installed: pyproject.toml Makefile $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(RUNTIME)
	$(UV) pip install --quiet --python $(RUNTIME)/bin/python -e ".[stores]"
	touch $@

# The production configuration's drivers in both server environments: PostgreSQL (psycopg2) and S3 (boto3).
SERVER_DRIVERS := psycopg2-binary==2.9.13 boto3==1.44.8

$(SERVERS)/mlflow-$(MLFLOW2)/.installed: $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(@D)
	# 2.22.5 breaks on SQLAlchemy 2.1; its basic-auth app needs Flask-WTF.
	$(UV) pip install --quiet --python $(@D)/bin/python mlflow==$(MLFLOW2) 'sqlalchemy<2.1' flask-wtf==1.2.2 $(SERVER_DRIVERS)
	$(PYTHON) scripts/mlflow_server.py $(MLFLOW2)
	touch $@

$(SERVERS)/mlflow-$(MLFLOW3)/.installed: $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(@D)
	$(UV) pip install --quiet --python $(@D)/bin/python mlflow==$(MLFLOW3) $(SERVER_DRIVERS)
	$(PYTHON) scripts/mlflow_server.py $(MLFLOW3)
	touch $@

# The production configuration's parts, started by the test bed (scripts/mlflow_server.py), never as services:
# PostgreSQL from the pgserver wheel, which ships the server's binaries, and moto's standalone S3 server. Beside
# them, Azurite (Azure's storage emulator, from npm, run by the machine's Node.js) for the stores' Azure tests:
# 3.35.0, the newest that runs on Node.js 20 (later ones ask for 22).
$(SERVERS)/postgres/.installed: $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(@D)
	$(UV) pip install --quiet --python $(@D)/bin/python pgserver==0.1.4
	touch $@

$(SERVERS)/moto/.installed: $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(@D)
	$(UV) pip install --quiet --python $(@D)/bin/python 'moto[server]==5.2.5'
	touch $@

$(SERVERS)/azurite/.installed:
	mkdir -p $(@D)
	npm install --prefix $(@D) --no-audit --no-fund --loglevel=error azurite@3.35.0
	touch $@

# mlflow-skinny, MLflow's client without its server and ML libraries: what `make bench` compares import time, memory
# and the first call with, as users of MLflow's client have it. One environment per version, git-ignored. Skinny
# has no SQLAlchemy, so 2.22.5 needs no `sqlalchemy<2.1` pin (its `from mlflow import MlflowClient` works without).
BENCH_ENVS := .bench
SKINNY_ENVS := $(BENCH_ENVS)/mlflow-skinny-$(MLFLOW2) $(BENCH_ENVS)/mlflow-skinny-$(MLFLOW3)
$(BENCH_ENVS)/mlflow-skinny-%/.installed: $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(@D)
	$(UV) pip install --quiet --python $(@D)/bin/python mlflow-skinny==$*
	touch $@

install: $(VENV)/.installed ## the client's development environment (no mlflow in it)

SERVER_ENVS := mlflow-$(MLFLOW2) mlflow-$(MLFLOW3) postgres moto azurite
servers: $(SERVER_ENVS:%=$(SERVERS)/%/.installed) ## the MLflow server environments, PostgreSQL, S3 (moto) and Azure (Azurite)

generate: $(VENV)/.installed ## regenerate generated/ from openapi/mlflow.yaml
	PATH=$(CURDIR)/$(BIN):$$PATH $(GENERATE) --output-path $(PKG)
	touch $(PKG)/py.typed

check-generated: $(VENV)/.installed ## fail when generated/ differs from what the spec generates
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	PATH=$(CURDIR)/$(BIN):$$PATH $(GENERATE) --output-path $$tmp/pkg >/dev/null || exit 1; \
	diff -ru -x __pycache__ -x py.typed $(PKG) $$tmp/pkg || { echo "generated/ is out of sync: run make generate"; exit 1; }
	@test -f $(PKG)/py.typed
	@echo "generated/ is in sync with openapi/mlflow.yaml"

check-spec: $(VENV)/.installed ## validate the spec and check the project's own rules
	$(BIN)/python scripts/check_spec.py openapi/mlflow.yaml

unasync: $(VENV)/.installed ## regenerate the sync code (_sync/) from the async code (_async/)
	$(BIN)/python scripts/unasync.py

lint: $(VENV)/.installed ## _sync/ in sync with _async/; ruff and strict mypy over wrapper/, scripts/ and tests/; figures
	$(BIN)/python scripts/unasync.py --check
	$(BIN)/ruff check wrapper scripts tests
	$(BIN)/ruff format --check wrapper scripts tests
	$(BIN)/mypy
	$(BIN)/python scripts/figures.py --check

fmt: $(VENV)/.installed ## format and fix (never generated/)
	$(BIN)/ruff check --fix wrapper scripts tests
	$(BIN)/ruff format wrapper scripts tests

# The whole suite at once, on 2 cores. The checks that need no server (spec, generated code, lint and types,
# docs, the lowest versions) run beside the tests, their output shown after. The tests run in pytest-xdist
# workers (TEST_WORKERS): most of a real-server test's time is spent waiting (on a server, a timeout, a restart,
# a child process), not computing, so more workers than cores pay. The workers share one pair of MLflow servers
# (tests/conftest.py); the tests that need servers of their own kind (the production configuration: PostgreSQL,
# S3, 1 GiB in parts, 32 writers; the killable and basic-auth servers; a module's private servers) stay
# together on one worker each (`--dist loadgroup`), so the production group runs beside the rest.
TEST_WORKERS ?= 4
test: $(VENV)/.installed $(RUNTIME)/.installed $(LOWEST)/.installed servers ## the whole suite: spec, sync, lint, types, docs, unit and real-server tests
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	$(MAKE) --no-print-directory -j2 check-spec check-generated lint docs test-lowest >$$tmp/checks.log 2>&1 & checks=$$!; \
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder -p no:cacheprovider --durations=20; tests=$$?; \
	wait $$checks; status=$$?; \
	echo "--- spec, generated code, lint and types, docs, lowest versions (beside the tests) ---"; \
	cat $$tmp/checks.log; \
	test $$tests -eq 0 -a $$status -eq 0

# `make test` with two CPU-bound processes beside it for its whole length, as on a busy machine or CI runner: the
# suite must pass there too (no test may depend on how fast the machine is). The two are stopped after.
test-under-load: $(VENV)/.installed ## make test with two CPU-bound processes running beside it
	@$(PYTHON) -c 'while True: pass' & first=$$!; $(PYTHON) -c 'while True: pass' & second=$$!; \
	trap 'kill $$first $$second' EXIT; \
	$(MAKE) --no-print-directory test

test-production: $(VENV)/.installed servers ## the production configuration alone: PostgreSQL, 4 workers, S3 (moto)
	$(BIN)/pytest -m production

# Three workers on 2 cores: a few unit tests wait on purpose (a refused connection retried for its first-contact
# budget, a late first byte), and a third worker computes meanwhile (measured: 57 s on 2, 46 s on 3, 47 s on 4).
test-fast: $(VENV)/.installed $(SERVERS)/azurite/.installed ## unit tests only (no real servers)
	$(BIN)/pytest -n 3 -m "not server"

demo: $(VENV)/.installed $(SERVERS)/mlflow-$(MLFLOW2)/.installed ## the blog's workflow against an embedded server (or MLFLOW_TRACKING_URI)
	$(BIN)/python scripts/demo.py

bench: $(VENV)/.installed $(RUNTIME)/.installed servers $(SKINNY_ENVS:=/.installed) ## client benchmarks against mlflow-skinny, MLflow's own client and raw httpx, the S3 store, then scaling on PostgreSQL (~55 min)
	$(BIN)/python scripts/bench
	$(BIN)/python scripts/bench_scale.py
	$(BIN)/python scripts/figures.py --record-bench bench-results.json --record-scale bench-scale-results.json \
		--record-stores bench-results.json

bench-scale: $(VENV)/.installed $(RUNTIME)/.installed servers ## the scaling part of the bench alone: values/s against 1-32 writers on PostgreSQL
	$(BIN)/python scripts/bench_scale.py
	$(BIN)/python scripts/figures.py --record-scale bench-scale-results.json

# The figures the README and docs/ quote from `make bench` are written once, in docs/figures/*.json (`make bench`
# records its run there); each page's copy sits between `<!-- figures: NAME -->` and `<!-- /figures -->`, rewritten
# from the JSON here, and `make lint` fails when one differs.
figures: $(VENV)/.installed ## rewrite the bench figures quoted in README.md and docs/ from docs/figures/*.json
	$(BIN)/python scripts/figures.py

# The documentation site (mkdocs, the Material theme, mkdocstrings for the API reference from the docstrings),
# built into site/ (git-ignored). --strict turns every warning into a failure: a link to a missing page or
# anchor, a docstring mkdocstrings cannot read. Its code examples run against a real server in tests/docs/.
# Then every link of the built pages, the theme's included: relative, to a file of the site, to an existing anchor.
docs: $(VENV)/.installed ## build the documentation site into site/; fails on any warning or broken link
	$(BIN)/mkdocs build --strict --quiet --site-dir site
	$(BIN)/python scripts/check_site.py site

# The runtime dependencies and the stores extra (obstore) at the lowest versions pyproject.toml allows (uv's
# lowest-direct resolution), and the wrapper's unit tests on them. The test tools are the development group's pins;
# pytest-httpx 0.36 declares httpx 0.28 but only patches the transport interface, which 0.27 has too, so it goes in
# without that check.
$(LOWEST)/.installed: pyproject.toml $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(LOWEST)
	$(UV) pip install --quiet --reinstall --python $(LOWEST)/bin/python --resolution lowest-direct -e ".[stores]" \
		pytest==9.2.0 pytest-timeout==2.4.0 numpy==2.4.6 pandas==3.1.1 pyyaml==6.0.3
	$(UV) pip install --quiet --python $(LOWEST)/bin/python --no-deps pytest-httpx==0.36.2
	touch $@

define LOWEST_CHECK
import importlib.metadata as metadata, re
for requirement in metadata.requires("mlflow-lite"):
    if "extra ==" in requirement:
        continue
    name, low = re.match(r"[A-Za-z0-9_.-]+", requirement)[0], re.search(r">=\s*([0-9.]+)", requirement)[1]
    have = metadata.version(name)
    print(f"{name} {have} (lowest allowed: {low})")
    assert have.split(".")[:len(low.split("."))] == low.split("."), f"{name} {have} is not the lowest allowed {low}"
endef
export LOWEST_CHECK

test-lowest: $(LOWEST)/.installed $(SERVERS)/azurite/.installed ## the wrapper's unit tests on the lowest httpx and attrs that pyproject.toml allows
	$(LOWEST)/bin/python -c "$$LOWEST_CHECK"
	$(LOWEST)/bin/pytest -m "not server" -q -p no:cacheprovider tests/wrapper

clean: ## remove environments, caches and local server data
	rm -rf $(TOOLS) $(VENV) $(RUNTIME) .venv-lowest $(SERVERS) $(BENCH_ENVS) site .demo .mypy_cache .ruff_cache .pytest_cache build dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
