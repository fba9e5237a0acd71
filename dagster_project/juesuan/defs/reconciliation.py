"""Reconciliation results as Dagster asset checks (Great Expectations) and a discrepancy report."""

import duckdb
import pandas as pd
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset_check,
)

from ..checks.expectations import findings_suite, integrity_suite, validate
from ..config import build_path, warehouse_path
from ..extract.report import utc_now
from ..report.files import write_reports
from .warehouse_lock import WarehouseLock

RECONCILIATION_KEY = AssetKey(["marts", "fct_reconciliation_checks"])
DISCREPANCIES_KEY = AssetKey(["reports", "discrepancies"])
CATEGORIES = ("table_arithmetic", "cross_table", "narrative_vs_table", "percentage", "year_over_year", "semantic", "completeness")
FINDINGS_SHOWN = 25

_CHECKS_SQL = """
    select c.*, d.source_file, d.organization_name, d.fiscal_year,
           c.expected_value::varchar as expected_text, c.actual_value::varchar as actual_text,
           c.difference::varchar as difference_text, c.tolerance::varchar as tolerance_text,
           cast(c.tolerance as double) as tolerance
    from marts.fct_reconciliation_checks c
    join marts.dim_reports d using (report_id)
    order by d.source_file, c.category, c.rule_id, c.subject
"""


def _read_checks() -> pd.DataFrame:
    """From the build file: checks and the report run before it is published."""
    with duckdb.connect(str(build_path()), read_only=True) as conn:
        return conn.execute(_CHECKS_SQL).df()


def _findings_table(rows: pd.DataFrame) -> str:
    shown = rows.head(FINDINGS_SHOWN)
    lines = ["| report | rule | subject | expected | stated | tolerance | line |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for _, row in shown.iterrows():
        line = row["actual_line_no"] if pd.notna(row["actual_line_no"]) else "—"
        lines.append(f"| {row['source_file']} | {row['rule_id']} | {row['subject']} | {row['expected_text']} | "
                     f"{row['actual_text']} | {row['tolerance_text']} | {line} |")
    return "\n".join(lines)


@multi_asset_check(
    specs=[AssetCheckSpec(f"reconciliation_{category}", asset=RECONCILIATION_KEY,
                          description=f"Every {category} check holds (discrepancies are findings, severity WARN)",
                          blocking=True)
           for category in CATEGORIES]
    + [AssetCheckSpec("reconciliation_integrity", asset=RECONCILIATION_KEY,
                      description="Unique check ids, a status and an explanation on every row, non-negative tolerances",
                      blocking=True)],
   
)
def reconciliation_expectations(context: AssetCheckExecutionContext, warehouse_lock: WarehouseLock):
    checks = _read_checks()
    integrity = validate(checks, "integrity", integrity_suite())
    yield AssetCheckResult(
        check_name="reconciliation_integrity", asset_key=RECONCILIATION_KEY, passed=integrity.success,
        severity=AssetCheckSeverity.ERROR,
        metadata={"rows": len(checks), "failed_expectations": ", ".join(integrity.failed_expectations) or "none"},
    )
    for category in CATEGORIES:
        rows = checks[checks["category"] == category].reset_index(drop=True)
        result = validate(rows, category, findings_suite())
        yield AssetCheckResult(
            check_name=f"reconciliation_{category}", asset_key=RECONCILIATION_KEY, passed=result.success,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "checks": len(rows),
                "failing": len(result.failing_rows),
                "failing_rows": MetadataValue.md(_findings_table(result.failing_rows)),
            },
        )


@asset(key=DISCREPANCIES_KEY, deps=[RECONCILIATION_KEY], group_name="reports",
       description="warehouse/reports/<warehouse>-<run time>.html and .md (and a -latest copy): "
                   "every finding per report and severity, in Chinese and English, with its source lines.")
def discrepancy_report(context: AssetExecutionContext, warehouse_lock: WarehouseLock) -> MaterializeResult:
    # from the build file, named after the warehouse it is published as
    with duckdb.connect(str(build_path()), read_only=True) as conn:
        written = write_reports(conn, warehouse_path(), utc_now())
    return MaterializeResult(metadata={
        "html": MetadataValue.path(str(written["html"])), "markdown": MetadataValue.path(str(written["md"]))})
