"""Chinese and English wording of findings: where a figure is printed, what was checked, one sentence each."""

import re
from dataclasses import dataclass

# Words the reconciliation subjects use besides metric codes.
_SUBJECT_WORDS = {
    "narrative": ("情况说明", "narrative"),
    "table": ("表", "table"),
    "vs": ("与", "vs"),
    "budget": ("预算数", "budget"),
    "actual": ("决算数", "actual"),
    "all projects": ("全部项目", "all projects"),
    "contents": ("目录", "contents"),
}
_TOKEN = re.compile(r"[a-z][a-z_]*(?: projects)?")
NARRATIVE = {None, "narrative"}


@dataclass(frozen=True)
class Labels:
    """Metric code → (中文名, English, unit), from marts.dim_metrics."""

    metrics: dict[str, tuple[str, str, str]]

    def unit_in(self, subject: str | None) -> str | None:
        for token in _TOKEN.findall(subject or ""):
            if token in self.metrics:
                return self.metrics[token][2]
        return None


def _translate(subject: str | None, labels: Labels, index: int) -> str:
    def word(match: re.Match) -> str:
        token = match.group(0)
        if token in labels.metrics:
            return labels.metrics[token][index]
        return _SUBJECT_WORDS.get(token, (token, token))[index]

    return _TOKEN.sub(word, subject or "").strip()


_LINE = re.compile(r"\bline (\d+)")
_PAGE = re.compile(r"\bpage (\d+) ?")  # "page 15 line 253" → 第15页第253行


def subject_zh(subject: str | None, labels: Labels) -> str:
    return _translate(_PAGE.sub(r"第\1页", _LINE.sub(r"第\1行", subject)), labels, 0) if subject else "—"


def subject_en(subject: str | None, labels: Labels) -> str:
    return _translate(subject, labels, 1) if subject else "—"


# dim_reports.report_type and report_scope, as the disclosures name themselves
DOCUMENTS = {
    ("final_account", "department"): "部门决算",
    ("final_account", "unit"): "单位决算",
    ("budget", "department"): "部门预算",
    ("budget", "unit"): "单位预算",
}


def report_title(
    organization_name: str | None,
    fiscal_year: int | None,
    report_type: str | None,
    report_scope: str | None,
    source_file: str,
) -> str:
    """“上海市普陀区人民政府办公室 2025 单位预算”: one organisation's budget and final account of a year told apart."""
    parts = [organization_name or source_file, fiscal_year, DOCUMENTS.get((report_type, report_scope))]
    return " ".join(str(part) for part in parts if part)


def where_zh(source_table: str | None, page_no: int | None, line_no: int | None) -> str:
    place = "情况说明" if source_table in NARRATIVE else source_table
    page = f"第{page_no}页" if page_no is not None else ""
    line = f"第{line_no}行" if line_no is not None else ""
    return f"{place} {page}{line}".strip()


def where_en(source_table: str | None, page_no: int | None, line_no: int | None) -> str:
    place = "narrative" if source_table in NARRATIVE else source_table
    parts = (
        [place]
        + ([f"p. {page_no}"] if page_no is not None else [])
        + ([f"line {line_no}"] if line_no is not None else [])
    )
    return " ".join(parts)


def _one_side(finding):
    """The side printed in the report, when a finding has at most one figure; None when neither side is."""
    for side in (finding.stated, finding.expected):
        if side.printed is not None:
            return side
    return finding.stated if finding.stated.source_text is not None else None


def sentence_zh(finding) -> str:
    """One Chinese sentence: what was checked, both figures where they are printed, the difference."""
    unit = finding.unit if finding.unit not in ("count", "score") else ""
    if finding.status == "insufficient_data":
        return f"{finding.subject_zh}：应有此项但未能读取（{finding.rule_zh}）。"
    if finding.expected.printed is None or finding.stated.printed is None:
        # not two figures: something is missing, or a printed line (with its figure, if any) breaks the rule
        side = _one_side(finding)
        if side is None:
            return f"{finding.subject_zh}：{finding.rule_zh}，但报告中未找到。"
        figure = f"{side.where_zh} 为 {side.printed}{side.unit or unit}，" if side.printed else ""
        return f"{finding.subject_zh}：{figure}不符合“{finding.rule_zh}”。"
    expected_where = {"sum": "各部分之和", "rate": "按所列数字计算"}.get(
        finding.expected_kind, finding.expected.where_zh
    )
    if finding.expected_kind != "figure" and not finding.same_source:
        expected_where += f"（{finding.expected.where_zh}）"
    gap = "舍入差异" if finding.status == "hint" else "相差"
    # a space after a place, as on the stated side: "第389行为" would read as 行为 (behaviour)
    expected_where += " " if expected_where.endswith(("行", "页")) else ""
    # each figure with the unit its source prints (a table in 元 beside a narrative in 万元); the gap in the finding's
    return (
        f"{finding.subject_zh}：{finding.stated.where_zh} 为 {finding.stated.printed}{finding.stated.unit or unit}，"
        f"{expected_where}为 {finding.expected.printed}{finding.expected.unit or unit}，{gap} {finding.gap}{unit}"
        f"（{finding.rule_zh}）。"
    )


def _unit_en(unit: str | None) -> str:
    return {"万元": " 万元", "元": " 元", "%": "%"}.get(unit or "", "")


def sentence_en(finding) -> str:
    unit = _unit_en(finding.unit)
    if finding.status == "insufficient_data":
        return f"{finding.subject_en}: the report should state this but it was not read ({finding.rule_en})."
    if finding.expected.printed is None or finding.stated.printed is None:
        note = f" ({finding.note})." if finding.note else "."
        side = _one_side(finding)
        if side is None:
            return f"{finding.subject_en}: {finding.rule_en}, but it was not found{note}"
        figure = f"{side.where_en} states {side.printed}{_unit_en(side.unit) or unit}; " if side.printed else ""
        return f"{finding.subject_en}: {figure}does not meet the rule “{finding.rule_en}”{note}"
    expected_where = {"sum": "the sum of its parts", "rate": "computed from the stated figures"}.get(
        finding.expected_kind, finding.expected.where_en
    )
    gap = "a rounding difference of" if finding.status == "hint" else "a difference of"
    note = f" ({finding.note})" if finding.note else ""
    return (
        f"{finding.subject_en}: {finding.stated.where_en} states {finding.stated.printed}{_unit_en(finding.stated.unit) or unit}, "
        f"{expected_where} gives {finding.expected.printed}{_unit_en(finding.expected.unit) or unit}, {gap} {finding.gap}{unit}{note}. "
        f"Rule: {finding.rule_en}."
    )
