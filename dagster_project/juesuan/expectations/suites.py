"""Great Expectations suites on pandas batches read from DuckDB (GX 1.x; GX's SQL datasource
over duckdb-engine fails on row-level expectations, so batches are DataFrames)."""

from dataclasses import dataclass

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

RECONCILIATION_STATUSES = ["pass", "hint", "fail", "not_applicable", "insufficient_data"]


@dataclass(frozen=True)
class SuiteResult:
    success: bool
    failed_expectations: list[str]
    failing_rows: pd.DataFrame  # rows some expectation flagged, as read


class Validator:
    """One GX context for all of a run's batches: each suite and its pandas asset are registered once
    (a context per batch cost seconds each at thousands of reports)."""

    def __init__(self, suites: dict[str, list]):
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._suites = {
            name: (context.data_sources.add_pandas(name).add_dataframe_asset(name).add_batch_definition_whole_dataframe(name),
                   context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations)))
            for name, expectations in suites.items()}

    def validate(self, frame: pd.DataFrame, name: str) -> SuiteResult:
        definition, suite = self._suites[name]
        result = definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite, result_format="COMPLETE")
        failing = sorted({i for r in result.results if not r.success for i in r.result.get("unexpected_index_list") or []})
        return SuiteResult(
            success=result.success,
            failed_expectations=[r.expectation_config.type for r in result.results if not r.success],
            failing_rows=frame.loc[failing],
        )


def findings_suite() -> list:
    """A report's reconciliation findings: every applicable check holds."""
    return [gx.expectations.ExpectColumnValuesToBeInSet(column="status", value_set=["pass", "hint", "not_applicable", "insufficient_data"])]


def integrity_suite() -> list:
    """What every row of fct_reconciliation_checks must satisfy whatever the reports say."""
    return [
        gx.expectations.ExpectColumnValuesToBeUnique(column="check_id"),
        gx.expectations.ExpectColumnValuesToNotBeNull(column="explanation"),
        gx.expectations.ExpectColumnValuesToBeInSet(column="status", value_set=RECONCILIATION_STATUSES),
        gx.expectations.ExpectColumnValuesToBeBetween(column="tolerance", min_value=0),
    ]
