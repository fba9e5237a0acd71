"""Findings grouped as the report shows them: per report, failures by severity, then hints, then gaps."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from .findings import Finding

SECTION_TITLES = {
    "error": ("错误", "errors"),
    "warning": ("警告", "warnings"),
    "info": ("提示", "notes"),
    "hint": ("舍入差异（不计为错误）", "rounding hints (not failures)"),
    "insufficient_data": ("未能读取", "not read (parse gaps)"),
}


@dataclass
class ReportSection:
    report_id: str
    source_file: str
    title: str  # organisation and year
    sections: list[tuple[str, list[Finding]]] = field(default_factory=list)  # (SECTION_TITLES key, findings)

    @property
    def failures(self) -> int:
        return sum(len(items) for key, items in self.sections if key in ("error", "warning", "info"))


def _section_key(finding: Finding) -> str:
    return finding.severity if finding.status == "fail" else finding.status


def report_section(findings: list[Finding]) -> ReportSection:
    """One report's findings (all of one report) in their sections."""
    first = findings[0]
    report = ReportSection(first.report_id, first.source_file, first.report_title)
    for key in SECTION_TITLES:
        shown = [f for f in findings if _section_key(f) == key]
        if shown:
            report.sections.append((key, shown))
    return report


def group_findings(findings: Iterable[Finding]) -> list[ReportSection]:
    return [report_section(list(items)) for _, items in groupby(findings, key=lambda f: f.report_id)]


@dataclass(frozen=True)
class ReportSummary:
    """What the report's first table says of one report: kept for every report while the rest streams."""

    report_id: str
    source_file: str
    title: str
    counts: dict[str, int]  # SECTION_TITLES key → findings

    @property
    def failures(self) -> int:
        return sum(self.counts[key] for key in ("error", "warning", "info"))


def summary_of(report: ReportSection) -> ReportSummary:
    per_key = {key: len(items) for key, items in report.sections}
    return ReportSummary(
        report.report_id, report.source_file, report.title, {key: per_key.get(key, 0) for key in SECTION_TITLES}
    )


@dataclass(frozen=True)
class ReportFormat:
    """A findings report written in three parts, so a report's findings can be written and dropped in turn."""

    head: Callable[..., str]  # (summaries, title, read coverage or None): title block and the summary of every report
    report: Callable[[ReportSection], str]  # one report's sections, the same wherever the report stands
    tail: Callable[[Sequence[ReportSummary], set[str]], str]  # (summaries, the characters written before it)

    def render(self, findings: Iterable[Finding], title: str) -> str:
        """The whole report as one string (for a few findings: the run writes it streamed)."""
        reports = group_findings(findings)
        summaries = [summary_of(r) for r in reports]
        body = self.head(summaries, title) + "".join(map(self.report, reports))
        return body + self.tail(summaries, set(body))
