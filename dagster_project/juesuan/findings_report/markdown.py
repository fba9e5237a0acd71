"""The findings report as Markdown. Every string from a report is escaped: a title, file name or quote is
text, never a heading, link, image or HTML in whatever renders the file."""

import re
from collections.abc import Iterable, Sequence

from ..untrusted_text import visible_controls
from .coverage import ReadCoverage
from .findings import Finding
from .grouping import SECTION_TITLES, ReportFormat, ReportSection, ReportSummary
from .wording import sentence_en, sentence_zh

# What makes inline markup (emphasis, code, links, images, tables, headings' closing #, a viewer's $math$), and what GFM
# turns into links by itself (http: and www. and e-mail addresses); report text never starts a line, so list and
# heading markers at a line's start cannot arise. Digits and sentence punctuation stay as written.
_MARKUP = re.compile(r"([\\`*_\[\]()!|~#:@{}$])|(?<=www)(\.)", re.IGNORECASE)
# entities, not backslashes: raw HTML must not survive (& first: the others' entities hold one). Chained replace,
# not str.translate: translate looks every character of a Chinese line up in its table (1.8 s of 1,000 reports'
# 12 s report step).
_HTML = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def markdown_text(text: str | None) -> str:
    """Report text as inline Markdown that renders as the same text: one line, every markup character escaped."""
    text = visible_controls(" ".join((text or "—").splitlines()))
    text = _MARKUP.sub(lambda m: "\\" + m.group(), text)
    for character, entity in _HTML:
        text = text.replace(character, entity)
    return text


def _sources(finding: Finding) -> list[str]:
    return [
        f"  - {markdown_text(side.where_zh)} · {markdown_text(side.where_en)}: “{markdown_text(side.quote)}”"
        for side in finding.quoted_sides
    ]


def _head(reports: Sequence[ReportSummary], title: str, coverage: ReadCoverage | None = None) -> str:
    read = (
        [
            f"表格数字读取 (table figures read): {coverage.read} / {coverage.found} ({coverage.pct:.1f}%)",
            "",
            *(f"- {markdown_text(source)}: {pct:.1f}%" for source, pct in coverage.below_floor),
            "",
        ]
        if coverage and coverage.found
        else []
    )
    return "\n".join(
        [
            f"# 决算核对报告 · Findings report — {markdown_text(title)}",
            "",
            f"{sum(r.failures for r in reports)} 项不符 (failures) in {len(reports)} 份报告 (reports); "
            "rounding hints and unread figures are listed apart.",
            "",
            *read,
            "",
        ]
    )


def _report(report: ReportSection) -> str:
    lines = [
        f"## {markdown_text(report.title or report.source_file)}",
        "",
        f"文件 file: {markdown_text(report.source_file)}",
        "",
    ]
    for key, items in report.sections:
        zh, en = SECTION_TITLES[key]
        lines += [f"### {zh} · {en} ({len(items)})", ""]
        for finding in items:
            lines += [
                f"- **{markdown_text(finding.rule_id)}** {markdown_text(sentence_zh(finding))}",
                f"  {markdown_text(sentence_en(finding))}",
            ]
            lines += _sources(finding)
        lines.append("")
    return "\n".join(lines) + "\n"


def _tail(reports: Sequence[ReportSummary], printed: set[str]) -> str:
    return "" if reports else "未发现不符。No discrepancies found.\n"


MARKDOWN = ReportFormat(_head, _report, _tail)


def render_markdown(findings: Iterable[Finding], title: str) -> str:
    return MARKDOWN.render(findings, title)
