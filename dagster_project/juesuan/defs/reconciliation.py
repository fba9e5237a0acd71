"""The findings report, and each rule category's checks as its asset checks (validated by Great Expectations)."""

import re

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    MaterializeResult,
    MetadataValue,
    asset,
)

from ..config import build_path, warehouse_path
from ..expectations import process as expectations_process
from ..expectations.suites import rule_categories
from ..expectations.validation import CategoryResult
from ..findings_report.files import expectations_folder, write_reports
from ..timestamps import utc_now
from ..warehouse_build.reading import read_only
from .warehouse_lock import WarehouseLock

RECONCILIATION_KEY = AssetKey(["marts", "fct_reconciliation_checks"])
FINDINGS_REPORT_KEY = AssetKey(["reports", "findings"])
# Every category of the rule registry seed: a category without a Dagster check would leave its findings out of
# the asset's state.
CATEGORIES = rule_categories()


def _cell(value) -> str:
    """Report text as Markdown table data, never markup: every Markdown and HTML special character escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    text = " ".join(str(value).split())
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~&])", r"\\\1", text)


def _findings_table(shown: pd.DataFrame) -> str:
    """The failing rows a category's result carries (at most FINDINGS_SHOWN), as a Markdown table."""
    lines = [
        "| report | rule | subject | expected | stated | tolerance | line |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for _, row in shown.iterrows():
        cells = [
            row["source_file"],
            row["rule_id"],
            row["subject"],
            row["expected_text"],
            row["actual_text"],
            row["tolerance_text"],
            row["actual_line_no"],
        ]
        lines.append("| " + " | ".join(map(_cell, cells)) + " |")
    return "\n".join(lines)


# A failing category check is a finding in the documents, not a pipeline failure: severity WARN (yellow in the UI),
# never stopping the publish. Its result describes the warehouse being published, never only the rebuilt reports.
_CATEGORY_DESCRIPTION = (
    "Every {category} check (marts.fct_reconciliation_checks) of the warehouse this run publishes holds. Failing "
    "means the reports themselves disagree (a finding, severity WARN: data, not a pipeline failure). `checks` and "
    "`failing` count the whole warehouse; Great Expectations validates the rows of `scope` (`validated_*`, "
    "`failing_rows`; its Data Docs at `data_docs`, beside the findings report). A run with nothing changed builds "
    "nothing, so the last result stands for the published warehouse."
)
# The asset checks are evaluated in the report's step, before the report is written: the step comes before the publish
# by the asset graph, with no blocking check, which Dagster logs as "emitted no result" in every run that builds
# nothing. The findings mart's integrity (unique ids, statuses, tolerances) is dbt's tests', which fail the build.
CHECK_SPECS = [
    AssetCheckSpec(
        f"reconciliation_{category}",
        asset=FINDINGS_REPORT_KEY,
        description=_CATEGORY_DESCRIPTION.format(category=category),
    )
    for category in CATEGORIES
]


def _asset_check_result(result: CategoryResult) -> AssetCheckResult:
    return AssetCheckResult(
        check_name=f"reconciliation_{result.category}",
        asset_key=FINDINGS_REPORT_KEY,
        passed=result.passed,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "checks": result.checks,
            "failing": result.failing,
            "scope": result.scope,
            "validated_checks": result.validated_checks,
            "validated_failing": result.validated_failing,
            "failing_rows": MetadataValue.md(_findings_table(result.failing_rows)),
            "data_docs": MetadataValue.path(str(result.data_docs)),
        },
    )


@asset(
    key=FINDINGS_REPORT_KEY,
    deps=[RECONCILIATION_KEY],
    group_name="reports",
    check_specs=CHECK_SPECS,
    description="warehouse/reports/<warehouse>-<run time>.html and .md (and a -latest copy): "
    "every finding per report and severity, in Chinese and English, with its source lines. "
    "Its asset checks: the findings of the warehouse being published, by category.",
)
def findings_report(context: AssetExecutionContext, warehouse_lock: WarehouseLock):
    # from the build file, named after the warehouse it is published as; GX validates it in its own process
    # while this one writes the report
    with expectations_process.validating(build_path(), expectations_folder(warehouse_path())) as results:
        with read_only(build_path()) as conn:
            written = write_reports(conn, warehouse_path(), utc_now())
        categories = [_asset_check_result(result) for result in results()]
    return MaterializeResult(
        metadata={"html": MetadataValue.path(str(written["html"])), "markdown": MetadataValue.path(str(written["md"]))},
        check_results=categories,
    )
