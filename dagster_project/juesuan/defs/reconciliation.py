"""Reconciliation results as Dagster asset checks (Great Expectations) and a discrepancy report."""

from collections.abc import Iterator
from dataclasses import dataclass, field

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

from ..warehouse_build.incremental import rebuilt_reports
from ..warehouse_build.reading import read_only
from ..checks.expectations import SuiteResult, Validator, findings_suite, integrity_suite
from ..config import build_path, warehouse_path
from ..extract.report import utc_now
from ..report.files import write_reports
from .warehouse_lock import WarehouseLock

RECONCILIATION_KEY = AssetKey(["marts", "fct_reconciliation_checks"])
DISCREPANCIES_KEY = AssetKey(["reports", "discrepancies"])
CATEGORIES = ("table_arithmetic", "cross_table", "narrative_vs_table", "percentage", "year_over_year", "semantic", "completeness")
FINDINGS_SHOWN = 25

# GX validates pandas frames: in batches of reports, memory stays flat in N. A report has about 180 checks
# of some 4 KB each as a frame: 250 reports are about 200 MB.
REPORTS_PER_BATCH = 250

# Only what the suites and the metadata tables read (the source texts stay in DuckDB).
_CHECKS_SQL = """
    select c.check_id, c.category, c.status, c.explanation, c.rule_id, c.subject, c.actual_line_no, d.source_file,
           c.expected_value::varchar as expected_text, c.actual_value::varchar as actual_text,
           c.tolerance::varchar as tolerance_text, cast(c.tolerance as double) as tolerance
    from marts.fct_reconciliation_checks c
    join marts.dim_reports d using (report_id)
    where c.report_id in (select unnest($reports))
    order by d.source_file, c.category, c.rule_id, c.subject
"""


def _check_batches() -> Iterator[pd.DataFrame]:
    """From the build file (checks and the report run before it is published), a batch of reports at a time:
    in an incremental build the reports it rebuilt (the others' rows are the published warehouse's, checked then)."""
    with read_only(build_path()) as conn:
        reports = [r for (r,) in conn.execute("select report_id from marts.dim_reports order by source_file").fetchall()]
        rebuilt = rebuilt_reports(conn)
        if rebuilt is not None:
            reports = [r for r in reports if r in rebuilt]
        for start in range(0, len(reports), REPORTS_PER_BATCH):
            yield conn.execute(_CHECKS_SQL, {"reports": reports[start:start + REPORTS_PER_BATCH]}).df()


@dataclass
class _Tally:
    """One suite's results added up over the batches."""

    checks: int = 0
    success: bool = True
    failed_expectations: set[str] = field(default_factory=set)
    failing: int = 0
    shown: list[pd.DataFrame] = field(default_factory=list)

    def add(self, rows: pd.DataFrame, result: SuiteResult) -> None:
        self.checks += len(rows)
        self.success &= result.success
        self.failed_expectations.update(result.failed_expectations)
        self.failing += len(result.failing_rows)
        if sum(len(frame) for frame in self.shown) < FINDINGS_SHOWN:
            self.shown.append(result.failing_rows.head(FINDINGS_SHOWN))

    def failing_rows(self) -> pd.DataFrame:
        return pd.concat(self.shown) if self.shown else pd.DataFrame()


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
    integrity, categories = _Tally(), {category: _Tally() for category in CATEGORIES}
    validator = Validator({"integrity": integrity_suite(), **{category: findings_suite() for category in CATEGORIES}})
    for checks in _check_batches():
        integrity.add(checks, validator.validate(checks, "integrity"))
        for category, tally in categories.items():
            rows = checks[checks["category"] == category].reset_index(drop=True)
            tally.add(rows, validator.validate(rows, category))
    yield AssetCheckResult(
        check_name="reconciliation_integrity", asset_key=RECONCILIATION_KEY, passed=integrity.success,
        severity=AssetCheckSeverity.ERROR,
        metadata={"rows": integrity.checks, "failed_expectations": ", ".join(sorted(integrity.failed_expectations)) or "none"},
    )
    for category, tally in categories.items():
        yield AssetCheckResult(
            check_name=f"reconciliation_{category}", asset_key=RECONCILIATION_KEY, passed=tally.success,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "checks": tally.checks,
                "failing": tally.failing,
                "failing_rows": MetadataValue.md(_findings_table(tally.failing_rows())),
            },
        )


@asset(key=DISCREPANCIES_KEY, deps=[RECONCILIATION_KEY], group_name="reports",
       description="warehouse/reports/<warehouse>-<run time>.html and .md (and a -latest copy): "
                   "every finding per report and severity, in Chinese and English, with its source lines.")
def discrepancy_report(context: AssetExecutionContext, warehouse_lock: WarehouseLock) -> MaterializeResult:
    # from the build file, named after the warehouse it is published as
    with read_only(build_path()) as conn:
        written = write_reports(conn, warehouse_path(), utc_now())
    return MaterializeResult(metadata={
        "html": MetadataValue.path(str(written["html"])), "markdown": MetadataValue.path(str(written["md"]))})
