"""Great Expectations on the findings, one suite per rule category, as Data Docs a reviewer opens beside the
findings report. GX says what dbt's tests do not: whether the documents agree (a failing check is a finding
about a report, never a pipeline failure). The mart's integrity (unique check ids, no nulls, statuses in their
set, tolerances not negative) is dbt's (models/marts/_marts.yml, dbt_project/tests/): nothing here repeats it.

Batches are pandas frames read from DuckDB (GX 1.x; GX's SQL datasource over duckdb-engine fails on row-level
expectations).

GX is imported where a suite is made or run, not with this module: its import costs seconds of CPU, and every
process that loads the Dagster definitions (webserver, daemon, code server, a run that builds nothing) would
pay it without validating anything."""

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import DBT_PROJECT_DIR

RULE_REGISTRY = DBT_PROJECT_DIR / "seeds" / "reconciliation_rules.csv"
DOCS_SITE = "findings"


def rule_categories() -> tuple[str, ...]:
    """Every category of the rule registry seed, so that a category added there gets its suite and check."""
    with RULE_REGISTRY.open(encoding="utf-8", newline="") as seed:
        return tuple(sorted({row["category"] for row in csv.DictReader(seed)}))


def findings_suite() -> list:
    """A category's findings: every applicable check holds (pass, a hint within rounding, not applicable, or
    insufficient data); the failing rows are the reports' discrepancies."""
    import great_expectations as gx

    return [gx.expectations.ExpectColumnValuesToNotBeInSet(column="status", value_set=["fail"])]


@dataclass(frozen=True)
class SuiteResult:
    success: bool
    failed_expectations: list[str]
    failing_rows: pd.DataFrame  # rows some expectation flagged, as read


class Validator:
    """One GX context for all of a run's batches: each suite and its pandas asset are registered once
    (a context per batch cost seconds each at thousands of reports). With `docs`, every validation is kept
    and write_docs() renders them as a static Data Docs site in that folder."""

    def __init__(self, suites: dict[str, list], docs: Path | None = None):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._context, self._docs = context, docs
        if docs is not None:
            context.add_data_docs_site(
                DOCS_SITE,
                {
                    "class_name": "SiteBuilder",
                    "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )
        self._checkpoints = {}
        for name, expectations in suites.items():
            batches = (
                context.data_sources.add_pandas(name)
                .add_dataframe_asset(name)
                .add_batch_definition_whole_dataframe(name)
            )
            suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batches, suite=suite)
            )
            # a checkpoint keeps its results in the context's store, where Data Docs read them
            self._checkpoints[name] = context.checkpoints.add(
                gx.Checkpoint(name=name, validation_definitions=[validation], result_format="COMPLETE")
            )

    def validate(self, frame: pd.DataFrame, name: str) -> SuiteResult:
        run = self._checkpoints[name].run(batch_parameters={"dataframe": frame})
        (result,) = run.run_results.values()
        failing = sorted(
            {i for r in result.results if not r.success for i in r.result.get("unexpected_index_list") or []}
        )
        return SuiteResult(
            success=result.success,
            failed_expectations=[r.expectation_config.type for r in result.results if not r.success],
            failing_rows=frame.loc[failing],
        )

    def write_docs(self) -> Path:
        """The Data Docs of this run's validations (the folder is replaced): its index.html."""
        assert self._docs is not None, "a Validator without a docs folder"
        shutil.rmtree(self._docs, ignore_errors=True)
        self._context.build_data_docs(site_names=[DOCS_SITE])
        return self._docs / "index.html"
