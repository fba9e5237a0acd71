"""The discrepancy report as Markdown."""

from collections.abc import Iterable, Sequence

from .findings import Finding
from .grouping import SECTION_TITLES, ReportFormat, ReportSection, ReportSummary
from .wording import sentence_en, sentence_zh


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def _sources(finding: Finding) -> list[str]:
    return [f"  - {side.where_zh} · {side.where_en}: “{_cell(side.quote)}”" for side in finding.quoted_sides]


def _head(reports: Sequence[ReportSummary], title: str) -> str:
    return "\n".join([f"# 决算核对报告 · Discrepancy report — {title}", "",
                      f"{sum(r.failures for r in reports)} 项不符 (failures) in {len(reports)} 份报告 (reports); "
                      "rounding hints and unread figures are listed apart.", "", ""])


def _report(report: ReportSection) -> str:
    lines = [f"## {report.title or report.source_file}", "", f"`{report.source_file}`", ""]
    for key, items in report.sections:
        zh, en = SECTION_TITLES[key]
        lines += [f"### {zh} · {en} ({len(items)})", ""]
        for finding in items:
            lines += [f"- **{finding.rule_id}** {sentence_zh(finding)}", f"  {sentence_en(finding)}"]
            lines += _sources(finding)
        lines.append("")
    return "\n".join(lines) + "\n"


def _tail(reports: Sequence[ReportSummary]) -> str:
    return "" if reports else "未发现不符。No discrepancies found.\n"


MARKDOWN = ReportFormat(_head, _report, _tail)


def render_markdown(findings: Iterable[Finding], title: str) -> str:
    return MARKDOWN.render(findings, title)
