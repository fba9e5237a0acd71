"""The summary `juesuan run` prints: totals, the most serious findings, rejected files and why.
Per-report and per-mart lines only with --verbose, so a thousand reports stay a short summary."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import duckdb
from dagster import AssetCheckSeverity

from .findings_report.coverage import ReadCoverage, read_coverage
from .findings_report.findings import Finding, most_serious
from .findings_report.wording import sentence_zh
from .pipeline import PipelineResult
from .untrusted_text import for_terminal

TOP_FINDINGS = 10
IGNORED_SHOWN = 20
STATUS_ORDER = ("fail", "hint", "insufficient_data", "pass", "not_applicable")


@dataclass
class RunSummary:
    landed: int
    rejected: list[tuple[str, str]]  # (source_file, reject_reason)
    mart_rows: dict[str, int]
    parse_issues: list[tuple[str, str, str]]  # (source_file, stage, message)
    checks_passed: int  # pipeline tests: dbt data tests, on the warehouse itself
    checks_failed: list[str]
    failed_by_severity: dict[str, int]  # findings: reconciliation checks that fail on the reports, by severity
    statuses: dict[str, int]  # every reconciliation status and its count
    top_findings: list[Finding]
    per_report: list[tuple[str, dict[str, int]]]  # (source_file, status → count)
    ocr_pages: tuple[int, int, float | None]  # pages OCR'd, of them from the cache, mean seconds per page recognised
    read_coverage: ReadCoverage
    findings_report: str
    warehouse: str
    log_file: str | None
    elapsed_seconds: float
    extracted: int = 0
    built: bool = True
    phase_seconds: dict[str, float] | None = None
    quarantined: list[tuple[str, str]] = field(
        default_factory=list
    )  # (source_file, reason): facts kept out of the marts
    ignored: list[str] = field(default_factory=list)  # files that are not reports by their suffix

    def render(self, verbose: bool = False) -> str:
        facts = sum(rows for name, rows in self.mart_rows.items() if name.startswith("fct_"))
        failed = ", ".join(f"{count} {severity}" for severity, count in self.failed_by_severity.items()) or "none"
        lines = [
            "Juesuan run summary",
            f"  reports:   {self.landed} landed, {len(self.rejected)} rejected, {len(self.quarantined)} quarantined",
            *(f"    rejected {source}: {reason}" for source, reason in self.rejected),
            *(f"    QUARANTINED {source}: {reason}" for source, reason in self.quarantined),
            *ignored_lines(self.ignored),
            f"  facts:     {facts} rows in {sum(1 for name in self.mart_rows if name.startswith('fct_'))} fact tables",
            self._coverage_line(),
            *(
                f"    read {coverage:.1f}% of its table figures: {source}"
                for source, coverage in self.read_coverage.below_floor
            ),
            self._ocr_line(),
            *([f"    {name} {rows}" for name, rows in self.mart_rows.items()] if verbose else []),
            # Findings: what the reconciliation rules found in the reports (the documents' own discrepancies).
            f"  findings:  {sum(self.failed_by_severity.values())} fail ({failed}), {self.statuses.get('hint', 0)} hint, "
            f"of {sum(self.statuses.values())} reconciliation checks on the reports; "
            f"{self.statuses.get('pass', 0)} pass, {self.statuses.get('not_applicable', 0)} not applicable, "
            f"{self.statuses.get('insufficient_data', 0)} lack data",
            *(f"    {finding.source_file} {finding.rule_id}: {sentence_zh(finding)}" for finding in self.top_findings),
            f"  parse issues: {len(self.parse_issues)} (sections that could not be read; see parsed.parse_issues)",
            *(
                [f"    {source} [{stage}]: {message}" for source, stage, message in self.parse_issues]
                if verbose
                else []
            ),
            f"  extracted: {self.extracted} new or changed reports"
            + ("" if self.built else "; nothing changed, the published warehouse was kept"),
            # Pipeline tests: whether the warehouse itself is sound (dbt data tests).
            (
                f"  pipeline tests: {self.checks_passed} passed, {len(self.checks_failed)} failed "
                "(dbt data tests on the warehouse, not on the reports)"
                if self.built
                else "  pipeline tests: none run (nothing changed; the published warehouse passed them when it was built)"
            ),
            *(f"    failed {name}" for name in self.checks_failed),
            *(["  per report (" + " / ".join(STATUS_ORDER) + "):"] if verbose else []),
            *(
                [
                    f"    {source}: " + " / ".join(str(counts.get(s, 0)) for s in STATUS_ORDER)
                    for source, counts in self.per_report
                ]
                if verbose
                else []
            ),
            f"  report:    {self.findings_report}",
            f"  warehouse: {self.warehouse}",
            *([f"  log:       {self.log_file}"] if self.log_file else []),
            f"  elapsed:   {self.elapsed_seconds:.1f} s"
            + (
                " (" + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.phase_seconds.items()) + ")"
                if self.phase_seconds
                else ""
            ),
        ]
        # Names, reasons and findings come from the reports: no control character reaches the terminal.
        return "\n".join(map(for_terminal, lines))

    def _coverage_line(self) -> str:
        coverage = self.read_coverage
        share = f" ({coverage.pct:.1f}%)" if coverage.found else ""
        return f"  tables:    {coverage.read} of {coverage.found} table figures read{share}; see marts.dim_reports.read_coverage_pct"

    def _ocr_line(self) -> str:
        pages, cached, seconds = self.ocr_pages
        speed = f", {seconds:.1f} s per page recognised" if seconds is not None else ""
        return f"  OCR:       {pages} pages read by OCR ({cached} from the cache{speed}); see raw.pages"


def ignored_lines(ignored: list[str]) -> list[str]:
    """Files that are not reports, counted by extension and named (the first IGNORED_SHOWN)."""
    if not ignored:
        return []
    by_suffix = Counter(PurePosixPath(name).suffix.lower() or "(no extension)" for name in ignored)
    counts = ", ".join(
        f"{count} {suffix}" for suffix, count in sorted(by_suffix.items(), key=lambda item: (-item[1], item[0]))
    )
    more = len(ignored) - IGNORED_SHOWN
    return [
        f"  ignored:   {len(ignored)} files that are not reports (.txt, .md, .pdf): {counts}",
        *(f"    ignored {name}" for name in ignored[:IGNORED_SHOWN]),
        *([f"    … and {more} more"] if more > 0 else []),
    ]


def render_nothing_found(result: PipelineResult, input_folder: str, warehouse: str) -> str:
    """The summary of a run that found no report: what it saw, and that the published warehouse is as it was."""
    lines = [
        "Juesuan run summary",
        f"  reports:   none found in {input_folder}",
        *ignored_lines(result.ignored_files),
        f"  warehouse: {warehouse} was left as it was (to empty it on purpose: juesuan run --allow-empty)",
    ]
    return "\n".join(map(for_terminal, lines))


def summarize(
    conn: duckdb.DuckDBPyConnection,
    result: PipelineResult,
    warehouse: str,
    findings_report: str,
    log_file: str | None = None,
) -> RunSummary:
    landed = conn.execute("select count(*) from raw.documents where status = 'landed'").fetchone()[0]
    rejected, quarantined = (
        [
            tuple(row)
            for row in conn.execute(
                "select source_file, reject_reason from raw.documents where status = ? order by source_file", [status]
            ).fetchall()
        ]
        for status in ("rejected", "quarantined")
    )
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
    failed_by_severity = dict(
        conn.execute(
            """select severity, count(*) from marts.fct_reconciliation_checks where status = 'fail'
           group by 1 order by case severity when 'error' then 0 when 'warning' then 1 else 2 end"""
        ).fetchall()
    )
    statuses = dict(conn.execute("select status, count(*) from marts.fct_reconciliation_checks group by 1").fetchall())
    per_report: dict[str, dict[str, int]] = {}
    for source_file, status, count in conn.execute(
        """select d.source_file, c.status, count(*) from marts.fct_reconciliation_checks c
           join marts.dim_reports d using (report_id) group by 1, 2 order by 1"""
    ).fetchall():
        per_report.setdefault(source_file, {})[status] = count

    def name(evaluation) -> str:
        return f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"

    ocr_pages = conn.execute(
        """select count(*), count(*) filter (where from_cache), avg(seconds) filter (where not from_cache)
           from raw.pages where extraction_method = 'ocr'"""
    ).fetchone()
    return RunSummary(
        landed=landed,
        rejected=rejected,
        mart_rows=mart_rows,
        parse_issues=parse_issues,
        # WARN evaluations are the reconciliation findings, counted above from the checks themselves
        checks_passed=sum(1 for e in result.check_evaluations if e.passed and e.severity == AssetCheckSeverity.ERROR),
        checks_failed=[
            name(e) for e in result.check_evaluations if not e.passed and e.severity == AssetCheckSeverity.ERROR
        ],
        failed_by_severity=failed_by_severity,
        statuses=statuses,
        top_findings=most_serious(conn, TOP_FINDINGS),
        per_report=list(per_report.items()),
        ocr_pages=ocr_pages,
        read_coverage=read_coverage(conn),
        findings_report=findings_report,
        warehouse=warehouse,
        log_file=log_file,
        elapsed_seconds=result.elapsed_seconds,
        extracted=result.extracted,
        built=result.built,
        phase_seconds=result.phase_seconds,
        quarantined=quarantined,
        ignored=result.ignored_files,
    )
