# Every target sets itself up: the virtual environment is created and installed
# when missing or when the dependency pins change, and reused otherwise.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
# No telemetry: machines here reach only package registries, and users' data is theirs.
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export GX_ANALYTICS_ENABLED := False
export DAGSTER_DISABLE_TELEMETRY := 1
# Plain text in logs and terminals: no colour codes from dbt.
export DBT_USE_COLORS := False
# dagster-dbt runs `dbt` from PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

# A DuckDB 1.1 client, to test that the published file opens in older clients (CLI, Node, BI drivers).
COMPAT := .venv-duckdb-1.1

.PHONY: run test lint bench bench-scans dev dashboard docs docs-generate clean

$(INSTALLED): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@# Bytecode at install time: the package is installed in place, so a run would otherwise write __pycache__ into the repository.
	$(BIN)/python -m compileall -q dagster_project
	@# The dbt manifest and the compiled project for small builds in process (docs/one-file-check.md), at install, not in the first run.
	$(BIN)/juesuan prepare
	@touch $@

run: $(INSTALLED)
	$(BIN)/juesuan run

$(COMPAT)/.installed:
	@test -x $(COMPAT)/bin/python || $(PYTHON) -m venv $(COMPAT)
	$(COMPAT)/bin/python -m pip install --quiet duckdb==1.1.3
	@touch $@

test: $(INSTALLED) $(COMPAT)/.installed lint
	$(BIN)/python -m pytest

# Python lint and format (ruff, pyproject.toml) and dbt SQL lint (sqlfluff, dbt_project/.sqlfluff).
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && $(CURDIR)/$(BIN)/sqlfluff lint models macros tests --processes 2

# Not part of `make test`: N distinct reports generated from the samples, cold / unchanged / one added.
bench: $(INSTALLED)
	$(BIN)/python -m juesuan.bench $(BENCH_ARGS)

# Not part of `make test`: scan-like copies of every sample PDF's table pages read by OCR (docs/scans.md);
# e.g. SCAN_ARGS="--samples 01 --classes skew seal --pages 2". Hours of OCR for the whole corpus on 2 cores.
bench-scans: $(INSTALLED)
	$(BIN)/python scripts/bench_scans.py $(SCAN_ARGS)

# `dg dev` replaces `dagster dev`; it reads dagster_project/dg.toml.
# The UI port: DAGSTER_PORT=3001 make dev when 3000 is taken.
DAGSTER_PORT ?= 3000
dev: $(INSTALLED)
	$(BIN)/juesuan prepare
	cd dagster_project && $(CURDIR)/$(BIN)/dg dev --port $(DAGSTER_PORT)

# The dashboard on http://localhost:8501, reading the warehouse read-only.
dashboard: $(INSTALLED)
	$(BIN)/juesuan dashboard

# dbt docs (models, columns, lineage) on http://localhost:8080, built from a copy of the published warehouse
# (dbt opens its database read-write) into their own folder beside it, dbt's log with them. The copy keeps the
# warehouse's file name, so the docs name relations as the warehouse does (juesuan.marts.…). The sources'
# facts file exists only during a build: the docs attach an empty one (sources are listed, without columns).
WAREHOUSE ?= $(or $(JUESUAN_WAREHOUSE),warehouse/juesuan.duckdb)
DOCS = $(abspath $(dir $(WAREHOUSE)))/.$(basename $(notdir $(WAREHOUSE))).docs
docs-generate: $(INSTALLED)
	@test -f $(WAREHOUSE) || { echo "no warehouse at $(WAREHOUSE): run make run first"; exit 1; }
	mkdir -p $(DOCS) && rm -f $(DOCS)/catalog.duckdb && cp $(WAREHOUSE) $(DOCS)/$(notdir $(WAREHOUSE))
	rm -f $(DOCS)/facts.duckdb && $(BIN)/python -c "import duckdb, sys; duckdb.connect(sys.argv[1]).close()" $(DOCS)/facts.duckdb
	cd dbt_project && JUESUAN_BUILD_FILE=$(DOCS)/$(notdir $(WAREHOUSE)) JUESUAN_FACTS_DB=$(DOCS)/facts.duckdb DBT_LOG_PATH=$(DOCS) \
		$(CURDIR)/$(BIN)/dbt docs generate --profiles-dir . --target-path $(DOCS)

docs: docs-generate
	cd dbt_project && DBT_LOG_PATH=$(DOCS) $(CURDIR)/$(BIN)/dbt docs serve --profiles-dir . --target-path $(DOCS) --port 8080 --no-browser

clean:
	rm -rf warehouse .dagster_home dbt_project/target dbt_project/logs $(COMPAT)
