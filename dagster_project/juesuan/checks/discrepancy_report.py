"""The discrepancy report people read: per report, each failing check in one sentence with
both values, the difference, the tolerance and the source lines."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    source_file: str
    organization_name: str | None
    fiscal_year: int | None
    rule_id: str
    category: str
    severity: str
    explanation: str
    expected_value: str | None
    actual_value: str | None
    difference: str | None
    tolerance: str | None
    rule_formula: str | None
    expected_source: str | None  # "where" on the first line, then the verbatim source lines
    actual_source: str | None


@dataclass(frozen=True)
class ReportTally:
    source_file: str
    passed: int
    failed: int
    not_applicable: int


def _quote(label: str, source: str | None) -> list[str]:
    if not source:
        return []
    where, _, text = source.partition("\n")
    return [f"  - {label} ({where}):"] + [f"    > {line}" for line in text.splitlines()]


def render_markdown(tallies: Iterable[ReportTally], findings: Iterable[Finding]) -> str:
    lines = ["# Juesuan discrepancy report", "",
             "Checks that do not hold, per report. Differences within rounding pass and are not listed.", "",
             "| report | passed | failed | not applicable |", "| --- | --- | --- | --- |"]
    lines += [f"| {t.source_file} | {t.passed} | {t.failed} | {t.not_applicable} |" for t in tallies]
    current = None
    for finding in findings:
        if finding.source_file != current:
            current = finding.source_file
            title = " ".join(str(part) for part in (finding.organization_name, finding.fiscal_year) if part)
            lines += ["", f"## {finding.source_file}" + (f" — {title}" if title else ""), ""]
        figures = (f"expected {finding.expected_value or '—'}, stated {finding.actual_value or '—'}, "
                   f"difference {finding.difference or '—'}, tolerance {finding.tolerance or '—'}")
        formula = f"; formula `{finding.rule_formula}`" if finding.rule_formula else ""
        lines += [f"- **{finding.rule_id}** ({finding.category}, {finding.severity}): {finding.explanation}",
                  f"  - {figures}{formula}"]
        lines += _quote("expected side", finding.expected_source)
        if finding.actual_source != finding.expected_source:
            lines += _quote("stated side", finding.actual_source)
    if current is None:
        lines += ["", "No discrepancies found."]
    return "\n".join(lines) + "\n"
