"""The summary `make run` prints: what landed, what was rejected and why, what was built."""

from dataclasses import dataclass

import duckdb
from dagster import AssetCheckSeverity

from .config import discrepancy_report_path
from .pipeline import PipelineResult


@dataclass
class RunSummary:
    landed: int
    rejected: list[tuple[str, str]]  # (source_file, reject_reason)
    mart_rows: dict[str, int]
    parse_issues: list[tuple[str, str, str]]  # (source_file, stage, message)
    checks_passed: int
    checks_failed: list[str]  # data tests and integrity expectations: the pipeline's own checks
    finding_checks: list[str]  # reconciliation categories with findings (severity WARN)
    reconciliation: list[tuple[str, int, int, int, int, int]]  # (source_file, pass, hint, fail, not applicable, insufficient data)
    discrepancy_report: str
    warehouse: str
    elapsed_seconds: float
    extracted: int = 0
    built: bool = True
    phase_seconds: dict[str, float] | None = None

    def render(self) -> str:
        lines = [
            "Juesuan run summary",
            f"  reports:   {self.landed} landed, {len(self.rejected)} rejected",
            *(f"    rejected {source}: {reason}" for source, reason in self.rejected),
            "  marts:     " + (", ".join(f"{name} {rows}" for name, rows in self.mart_rows.items()) or "none"),
            f"  parse issues: {len(self.parse_issues)} (sections that could not be read; see parsed.parse_issues)",
            *(f"    {source} [{stage}]: {message}" for source, stage, message in self.parse_issues[:20]),
            f"  extracted: {self.extracted} new or changed reports"
            + ("" if self.built else "; nothing changed, the published warehouse was kept"),
            f"  checks:    {self.checks_passed} passed, {len(self.checks_failed)} failed"
            + (f"; findings in {len(self.finding_checks)} reconciliation categories" if self.finding_checks else ""),
            *(f"    failed {name}" for name in self.checks_failed),
            "  reconciliation per report (pass / hint / fail / not applicable / insufficient data):",
            *(f"    {source}: " + " / ".join(str(count) for count in counts) for source, *counts in self.reconciliation),
            f"  discrepancies: {self.discrepancy_report}",
            f"  warehouse: {self.warehouse}",
            f"  elapsed:   {self.elapsed_seconds:.1f} s"
            + (" (" + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.phase_seconds.items()) + ")"
               if self.phase_seconds else ""),
        ]
        return "\n".join(lines)


def summarize(conn: duckdb.DuckDBPyConnection, result: PipelineResult, warehouse: str) -> RunSummary:
    landed = conn.execute("select count(*) from raw.documents where status = 'landed'").fetchone()[0]
    rejected = conn.execute(
        "select source_file, reject_reason from raw.documents where status = 'rejected' order by source_file"
    ).fetchall()
    marts = [
        row[0]
        for row in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
    ]
    mart_rows = {name: conn.execute(f'select count(*) from marts."{name}"').fetchone()[0] for name in marts}
    parse_issues = conn.execute(
        """select d.source_file, i.stage, i.message from parsed.parse_issues i
           join raw.documents d using (report_id) order by 1, 2"""
    ).fetchall()
    def name(evaluation) -> str:
        return f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"

    failed = [e for e in result.check_evaluations if not e.passed]
    reconciliation = conn.execute(
        """select d.source_file, count(*) filter (where status = 'pass'), count(*) filter (where status = 'hint'),
                  count(*) filter (where status = 'fail'), count(*) filter (where status = 'not_applicable'),
                  count(*) filter (where status = 'insufficient_data')
           from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id)
           group by 1 order by 1"""
    ).fetchall()
    return RunSummary(
        landed=landed,
        rejected=rejected,
        mart_rows=mart_rows,
        parse_issues=parse_issues,
        checks_passed=sum(1 for e in result.check_evaluations if e.passed),
        checks_failed=[name(e) for e in failed if e.severity == AssetCheckSeverity.ERROR],
        finding_checks=[name(e) for e in failed if e.severity == AssetCheckSeverity.WARN],
        reconciliation=reconciliation,
        discrepancy_report=str(discrepancy_report_path()),
        warehouse=warehouse,
        elapsed_seconds=result.elapsed_seconds,
        extracted=result.extracted,
        built=result.built,
        phase_seconds=result.phase_seconds,
    )
