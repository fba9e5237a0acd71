"""Each rule category's checks in a build file validated by Great Expectations, with their Data Docs: what the
findings report's asset checks show. Runs in the expectations process (process.py)."""

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ..warehouse_build.incremental import rebuilt_reports
from ..warehouse_build.reading import read_only
from .suites import SuiteResult, Validator, findings_suite, rule_categories

FINDINGS_SHOWN = 25

# GX validates pandas frames: in batches of reports, memory stays flat in N. 250 reports' checks are about
# 55,000 rows, some 12 MB as a frame.
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
class CategoryResult:
    """One category's checks: counted over the whole build, validated over its scope."""

    category: str
    passed: bool
    checks: int  # over every report of the build
    failing: int
    scope: str  # which reports' rows were validated, in words
    validated_checks: int
    validated_failing: int
    failing_rows: pd.DataFrame  # the first FINDINGS_SHOWN failing rows, as read
    data_docs: Path  # the Data Docs' index.html


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


def _scope(conn: duckdb.DuckDBPyConnection) -> _Scope:
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


@dataclass
class _Tally:
    """One suite's results added up over the batches."""

    checks: int = 0
    success: bool = True
    failing: int = 0
    shown: list[pd.DataFrame] = field(default_factory=list)

    def add(self, rows: pd.DataFrame, result: SuiteResult) -> None:
        self.checks += len(rows)
        self.success &= result.success
        self.failing += len(result.failing_rows)
        if sum(len(frame) for frame in self.shown) < FINDINGS_SHOWN:
            self.shown.append(result.failing_rows.head(FINDINGS_SHOWN))

    def failing_rows(self) -> pd.DataFrame:
        return pd.concat(self.shown).head(FINDINGS_SHOWN) if self.shown else pd.DataFrame()


def validate_categories(build: Path, docs: Path) -> list[CategoryResult]:
    """Every category of the rule registry, validated on the build file; the Data Docs written to `docs`."""
    categories = {category: _Tally() for category in rule_categories()}
    validator = Validator({category: findings_suite() for category in categories}, docs=docs)
    with read_only(build) as conn:
        scope = _scope(conn)
        for start in range(0, len(scope.reports), REPORTS_PER_BATCH):
            batch = scope.reports[start : start + REPORTS_PER_BATCH]
            checks = conn.execute(_CHECKS_SQL, {"reports": batch}).df()
            for category, tally in categories.items():
                rows = checks[checks["category"] == category].reset_index(drop=True)
                tally.add(rows, validator.validate(rows, category))
    index = validator.write_docs()
    results = []
    for category, tally in categories.items():
        checks, failing = scope.warehouse_counts.get(category, (0, 0))
        results.append(
            CategoryResult(
                category=category,
                passed=tally.success and failing == 0,
                checks=checks,
                failing=failing,
                scope=scope.describe(),
                validated_checks=tally.checks,
                validated_failing=tally.failing,
                failing_rows=tally.failing_rows(),
                data_docs=index,
            )
        )
    return results
