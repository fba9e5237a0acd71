"""The findings report, and the reconciliation results as its Dagster asset checks (Great Expectations)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

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
from ..expectations.suites import SuiteResult, Validator, findings_suite, rule_categories
from ..findings_report.files import expectations_folder, write_reports
from ..timestamps import utc_now
from ..warehouse_build.incremental import rebuilt_reports
from ..warehouse_build.reading import read_only
from .warehouse_lock import WarehouseLock

RECONCILIATION_KEY = AssetKey(["marts", "fct_reconciliation_checks"])
FINDINGS_REPORT_KEY = AssetKey(["reports", "findings"])
# Every category of the rule registry seed: a category without a Dagster check would leave its findings out of
# the asset's state.
CATEGORIES = rule_categories()
FINDINGS_SHOWN = 25

# GX validates pandas frames: in batches of reports, memory stays flat in N. A report has about 180 checks
# of some 4 KB each as a frame: 250 reports are about 200 MB.
REPORTS_PER_BATCH = 250

# Only what the suites, the metadata tables and the Data Docs show (the source texts stay in DuckDB).
_CHECKS_SQL = """
    select c.category, c.status, c.rule_id, c.subject, c.actual_line_no, d.source_file,
           c.expected_value::varchar as expected_text, c.actual_value::varchar as actual_text,
           c.tolerance::varchar as tolerance_text
    from marts.fct_reconciliation_checks c
    join marts.dim_reports d using (report_id)
    where c.report_id in (select unnest($reports))
    order by d.source_file, c.category, c.rule_id, c.subject
"""


@dataclass(frozen=True)
class _Scope:
    """Which reports' rows Great Expectations validates, and what the whole build holds per category."""

    reports: list[str]  # validated: every report of a full build, the rebuilt ones of an incremental build
    warehouse_reports: int
    warehouse_counts: dict[str, tuple[int, int]]  # category -> (checks, failing) over every report

    def describe(self) -> str:
        if len(self.reports) == self.warehouse_reports:
            return f"every report ({self.warehouse_reports})"
        return (
            f"the {len(self.reports)} reports this run rebuilt, of {self.warehouse_reports}; the other reports' "
            "rows are the published warehouse's, validated when they were built"
        )


def _scope(conn) -> _Scope:
    """From the build file: what will be published, and in an incremental build the reports it rebuilt."""
    reports = [r for (r,) in conn.execute("select report_id from marts.dim_reports order by source_file").fetchall()]
    rebuilt = rebuilt_reports(conn)
    counts = {
        category: (checks, failing)
        for category, checks, failing in conn.execute(
            "select category, count(*), count(*) filter (where status = 'fail') from marts.fct_reconciliation_checks group by 1"
        ).fetchall()
    }
    return _Scope([r for r in reports if rebuilt is None or r in rebuilt], len(reports), counts)


def _check_batches(conn, reports: list[str]) -> Iterator[pd.DataFrame]:
    for start in range(0, len(reports), REPORTS_PER_BATCH):
        yield conn.execute(_CHECKS_SQL, {"reports": reports[start : start + REPORTS_PER_BATCH]}).df()


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


def _cell(value) -> str:
    """Report text as Markdown table data, never markup: every Markdown and HTML special character escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    text = " ".join(str(value).split())
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~&])", r"\\\1", text)


def _findings_table(rows: pd.DataFrame) -> str:
    shown = rows.head(FINDINGS_SHOWN)
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


def _check_results(conn) -> list[AssetCheckResult]:
    """Each category's result, validated by Great Expectations on the build file, with its Data Docs."""
    categories = {category: _Tally() for category in CATEGORIES}
    validator = Validator(
        {category: findings_suite() for category in CATEGORIES}, docs=expectations_folder(warehouse_path())
    )
    scope = _scope(conn)
    for checks in _check_batches(conn, scope.reports):
        for category, tally in categories.items():
            rows = checks[checks["category"] == category].reset_index(drop=True)
            tally.add(rows, validator.validate(rows, category))
    docs = validator.write_docs()
    category_results = []
    for category, tally in categories.items():
        checks, failing = scope.warehouse_counts.get(category, (0, 0))
        category_results.append(
            AssetCheckResult(
                check_name=f"reconciliation_{category}",
                asset_key=FINDINGS_REPORT_KEY,
                passed=tally.success and failing == 0,
                severity=AssetCheckSeverity.WARN,
                metadata={
                    "checks": checks,
                    "failing": failing,
                    "scope": scope.describe(),
                    "validated_checks": tally.checks,
                    "validated_failing": tally.failing,
                    "failing_rows": MetadataValue.md(_findings_table(tally.failing_rows())),
                    "data_docs": MetadataValue.path(str(docs)),
                },
            )
        )
    return category_results


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
    # from the build file, named after the warehouse it is published as
    with read_only(build_path()) as conn:
        categories = _check_results(conn)
        written = write_reports(conn, warehouse_path(), utc_now())
    return MaterializeResult(
        metadata={"html": MetadataValue.path(str(written["html"])), "markdown": MetadataValue.path(str(written["md"]))},
        check_results=categories,
    )
