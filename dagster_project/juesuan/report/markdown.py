"""The discrepancy report as Markdown."""

from collections.abc import Sequence

from .findings import Finding
from .grouping import SECTION_TITLES, group_findings
from .wording import sentence_en, sentence_zh


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def _sources(finding: Finding) -> list[str]:
    return [f"  - {side.where_zh} · {side.where_en}: “{_cell(side.quote)}”" for side in finding.quoted_sides]


def render_markdown(findings: Sequence[Finding], title: str) -> str:
    reports = group_findings(findings)
    lines = [f"# 决算核对报告 · Discrepancy report — {title}", "",
             f"{sum(r.failures for r in reports)} 项不符 (failures) in {len(reports)} 份报告 (reports); "
             "rounding hints and unread figures are listed apart.", ""]
    for report in reports:
        lines += [f"## {report.title or report.source_file}", "", f"`{report.source_file}`", ""]
        for key, items in report.sections:
            zh, en = SECTION_TITLES[key]
            lines += [f"### {zh} · {en} ({len(items)})", ""]
            for finding in items:
                lines += [f"- **{finding.rule_id}** {sentence_zh(finding)}", f"  {sentence_en(finding)}"]
                lines += _sources(finding)
            lines.append("")
    if not reports:
        lines += ["未发现不符。No discrepancies found.", ""]
    return "\n".join(lines)
