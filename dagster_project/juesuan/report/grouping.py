"""Findings grouped as the report shows them: per report, failures by severity, then hints, then gaps."""

from collections.abc import Iterable
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
    source_file: str
    title: str  # organisation and year
    sections: list[tuple[str, list[Finding]]] = field(default_factory=list)  # (SECTION_TITLES key, findings)

    @property
    def failures(self) -> int:
        return sum(len(items) for key, items in self.sections if key in ("error", "warning", "info"))


def _section_key(finding: Finding) -> str:
    return finding.severity if finding.status == "fail" else finding.status


def group_findings(findings: Iterable[Finding]) -> list[ReportSection]:
    reports = []
    for source_file, items in groupby(findings, key=lambda f: f.source_file):
        items = list(items)
        report = ReportSection(source_file, items[0].report_title)
        for key in SECTION_TITLES:
            shown = [f for f in items if _section_key(f) == key]
            if shown:
                report.sections.append((key, shown))
        reports.append(report)
    return reports
