"""Reconciliation results as Dagster asset checks (Great Expectations) and a discrepancy report."""

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

from ..checks.discrepancy_report import Finding, ReportTally, render_markdown
from ..checks.expectations import findings_suite, integrity_suite, validate
import duckdb

from ..config import build_path, discrepancy_report_path

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


def _source_label(row: pd.Series, side: str) -> str | None:
    text = row[f"{side}_source_text"]
    if not isinstance(text, str):
        return None
    where = " ".join(f"{label} {row[column]}" for label, column in (
        ("table", f"{side}_source_table"), ("page", f"{side}_page_no"), ("line", f"{side}_line_no"))
        if pd.notna(row[column]))
    return f"{where or 'narrative'}\n{text}"


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
def reconciliation_expectations(context: AssetCheckExecutionContext):
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
       description="warehouse/reports/discrepancies.md: every failing check per report, with its source lines.")
def discrepancy_report(context: AssetExecutionContext) -> MaterializeResult:
    checks = _read_checks()
    tallies = [
        ReportTally(source_file, int((group.status == "pass").sum()), int((group.status == "fail").sum()),
                    int((group.status == "not_applicable").sum()))
        for source_file, group in checks.groupby("source_file", sort=True)
    ]
    failing = checks[checks["status"] == "fail"]
    findings = [
        Finding(row.source_file, row.organization_name, None if pd.isna(row.fiscal_year) else int(row.fiscal_year),
                row.rule_id, row.category, row.severity, row.explanation, row.expected_text, row.actual_text,
                row.difference_text, row.tolerance_text, row.rule_formula,
                _source_label(row_series, "expected"), _source_label(row_series, "actual"))
        for (_, row_series), row in zip(failing.iterrows(), failing.itertuples())
    ]
    path = discrepancy_report_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(tallies, findings), encoding="utf-8")
    return MaterializeResult(metadata={"path": str(path), "findings": len(findings), "reports": len(tallies)})

