"""Performance self-evaluation (绩效自评): project summaries, self-evaluation tables, project lists.

Text extractions linearise the 整体绩效自评表 / 项目自评表: one cell per line or a
whole row per line, long cells wrapped over several lines, weights in brackets
("（3分）"). Rows are rebuilt from the table's own structure: a row ends on the
line that carries its target, actual and score (or a lone score after wrapped
values); what precedes it is the 一级/二级 indicator (known vocabulary of the
national template, carried down like merged cells) and the indicator name.
Nothing is invented: a row whose values cannot be told apart is recorded as a
parse issue with what is certain (name, weight, score) kept.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ...landing.models import Line
from ...numbers import parse_number
from ..facts import Metric, PerformanceIndicator, ProjectPerformance, Provenance
from ..narrative.sentences import template
from ..text_norm import compact
from ..text_stream import TextStream
from .values import parse_indicator_value

# "金融办及金融服务中心运转经费项目绩效自评综述：项目全年预算数为 10908.42 万元，执行数为 10908.42 万元，完成预算 100％"
# (003 gives one summary for all projects, with no name)
_SUMMARY = template(
    r"(?:^|[。；])(?P<name>[^。；：]{2,40}?)?项目绩效自评综述[：:]项目全年预算数为{v}，执行数为{v2}，完成预算(?:的)?{p}"
)


def narrative_project_summaries(stream: TextStream) -> Iterator[ProjectPerformance]:
    for match in _SUMMARY.finditer(stream.text):
        yield ProjectPerformance(
            project_name=match.group("name"),
            budget=parse_number(match.group("v")),
            executed=parse_number(match.group("v2")),
            execution_rate_reported=parse_number(match.group("p")),
            self_score=None,
            budget_unit=match.group("u"),
            executed_unit=match.group("u2"),
            provenance=stream.provenance(match.start("name") if match.group("name") else match.start(), match.end()),
        )


# --- self-evaluation tables -------------------------------------------------------------

_TABLE_TITLE = re.compile(r"(?:整体绩效自评表|项目自评表|支出绩效自评表)$")
_PROJECT_NAME = re.compile(r"(?:[“\"](?P<quoted>.+?)[”\"]|\d{4}年度(?P<plain>.+?))项目自评表$")
_SELF_SCORE = re.compile(r"(?:自评得分|总分)[:：]?\s*(?P<score>\d+(?:\.\d+)?)")
_GOAL = re.compile(r"^年度目标\s*(?P<no>\d+)")
_WRAPPED_GOAL = re.compile(r"年度(?:绩效)?目标(?P<no>\d+)")  # "年度/绩效/目标/1/（20/分）" joined
# Wrapped header cells continue after the 得分 line ("绩效/指标/（30/分）/指标值/完成值");
# no 一级 indicator starts with these, so they are stripped from the front of a row.
_LEADING_HEADER = re.compile(r"^(?:年度|绩效|指标值|完成值|指标|[（(]?\d*分[)）])+")
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标", "指标名称", "年初目标值", "实际完成值", "年初指标值")
_BLOCK_END = re.compile(r"^(?:偏差|备注|总分|主要问题|改进措施|说明[:：]|第[一二三四五六七八九十]+部分)")
_WEIGHT = re.compile(r"[（(](?P<weight>\d+(?:\.\d+)?)分[)）]")
_SCORE = re.compile(r"^\d{1,3}(?:\.\d+)?$")
_UNIT_FRAGMENT = re.compile(r"^[^\d]{1,3}$")  # "美元", "元": a unit wrapped off its number

LEVEL1 = ("成本指标", "产出指标", "效益指标", "满意度指标")
LEVEL2 = (
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "社会公众或服务对象满意度指标",
    "服务对象满意度指标",
    "满意度指标",
)


@dataclass
class SelfEvaluation:
    scope: str
    project_name: str | None
    title: Line
    lines: list[Line] = field(default_factory=list)


@dataclass
class SelfEvaluationFacts:
    projects: list[ProjectPerformance] = field(default_factory=list)
    indicators: list[PerformanceIndicator] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)  # the department table's score and execution
    issues: list[tuple[str, str]] = field(default_factory=list)


def self_evaluation_tables(lines: list[Line]) -> list[SelfEvaluation]:
    tables: list[SelfEvaluation] = []
    for line in lines:
        text = compact(line.text)
        if _TABLE_TITLE.search(text) and len(text) <= 60 and "》" not in text:
            name = _PROJECT_NAME.search(text)
            project = (name.group("quoted") or name.group("plain")) if name and "整体" not in text else None
            tables.append(SelfEvaluation("project" if project else "department", project, line))
        elif tables and line.text.strip():
            tables[-1].lines.append(line)
    return tables


def _provenance(line: Line) -> Provenance:
    return Provenance("table", None, line.page_no, line.line_no, line.text)


def parse_self_evaluation(table: SelfEvaluation) -> SelfEvaluationFacts:
    facts = SelfEvaluationFacts()
    texts = [compact(line.text) for line in table.lines]
    score_line = next((i for i, t in enumerate(texts) if _SELF_SCORE.search(t)), None)
    score = parse_number(_SELF_SCORE.search(texts[score_line]).group("score")) if score_line is not None else None
    project_name = table.project_name or _named_project(table)
    execution = _execution(table)
    if table.scope == "department":
        if score is not None:
            facts.metrics.append(
                Metric("performance_self_score", score, "score", "分", _provenance(table.lines[score_line]))
            )
        if execution:
            budget, executed, rate, line = execution
            for metric, value, unit in (
                ("department_budget", budget, "万元"),
                ("department_executed", executed, "万元"),
                ("department_execution_rate_reported_pct", rate, "%"),
            ):
                facts.metrics.append(Metric(metric, value, unit, unit, _provenance(line)))
    elif execution or score is not None:
        budget, executed, rate, line = execution or (None, None, None, table.title)
        facts.projects.append(
            ProjectPerformance(project_name, budget, executed, rate, score, "万元", "万元", _provenance(line))
        )
    indicators, issues = _indicators(table, project_name)
    facts.indicators += indicators
    facts.issues += issues
    return facts


def _named_project(table: SelfEvaluation) -> str | None:
    for line in table.lines[:8]:
        match = re.match(r"^\s*项目名称\s+(?P<name>\S+)", line.text)
        if match:
            return match.group("name")
    return None


def _execution(table: SelfEvaluation) -> tuple[Decimal, Decimal, Decimal, Line] | None:
    """Budget (A), execution (B) and rate (B/A) from the first numeric row after the 执行率 header."""
    header = next((i for i, line in enumerate(table.lines) if "执行率" in line.text), None)
    if header is None:
        return None
    for line in table.lines[header + 1 : header + 10]:
        tokens = line.text.split()
        if (
            len(tokens) >= 3
            and parse_number(tokens[0]) is not None
            and tokens[2].rstrip("%％").replace(".", "").isdigit()
        ):
            return parse_number(tokens[0]), parse_number(tokens[1]), parse_number(tokens[2].rstrip("%％")), line
    return None


def _indicators(
    table: SelfEvaluation, project_name: str | None
) -> tuple[list[PerformanceIndicator], list[tuple[str, str]]]:
    indicators, issues = [], []
    goal_no, level1, level2 = None, None, None
    in_rows, pending = False, []
    for line in table.lines:
        text = line.text.strip()
        if goal := _GOAL.match(compact(text)):
            goal_no, in_rows, pending = int(goal.group("no")), False, []
            continue
        if "得分" in text and _header_seen(table, line):
            # the indicator header, first or repeated for the next goal: what precedes it is
            # goal and header text (a wrapped "年度绩效目标 2"), never an indicator
            goal = _WRAPPED_GOAL.search("".join(compact(line.text) for line in pending))
            goal_no = int(goal.group("no")) if goal else goal_no
            in_rows, pending = True, []
            continue
        if _BLOCK_END.match(compact(text)):
            in_rows, pending = False, []
            continue
        pending.append(line)  # before the first header too: it may hold the first goal's number
        if not in_rows:
            continue
        row = _row_end(pending)
        if row is None:
            continue
        prefix_lines, target, actual, score = row
        level1, level2, name, weight = _split_prefix(prefix_lines, level1, level2)
        where = f"self-evaluation {project_name or '部门整体'} line {line.line_no}"
        pending = []
        if not name or any(word in name for word in _HEADER_WORDS):
            issues.append(
                (where, f"indicator name could not be separated from header text ({name or 'none'}); row skipped")
            )
            continue
        if any(word in name for word in LEVEL1 + LEVEL2):
            issues.append(
                (where, f"indicator name {name} still holds level text: its 一级/二级 indicators may be wrong")
            )
        if target is None and actual is None:
            issues.append(
                (
                    where,
                    f"target and actual of {name} wrap over several lines and cannot be told apart; kept name, weight and score",
                )
            )
        target_value, actual_value = parse_indicator_value(target), parse_indicator_value(actual)
        indicators.append(
            PerformanceIndicator(
                scope=table.scope,
                project_name=project_name if table.scope == "project" else None,
                goal_no=goal_no,
                level1_indicator=level1,
                level2_indicator=level2,
                indicator_name=name,
                target_text=target,
                actual_text=actual,
                target_value=target_value.value,
                actual_value=actual_value.value,
                value_unit=target_value.unit or actual_value.unit,
                comparator=target_value.comparator,
                weight=weight,
                score=score,
                provenance=_provenance(line),
            )
        )
    return indicators, issues


def _header_seen(table: SelfEvaluation, score_header: Line) -> bool:
    """The indicator header: a 得分 line preceded (within a few lines) by 指标名称 or 三级指标."""
    index = table.lines.index(score_header)
    return any(
        ("指标名称" in line.text or "三级指标" in line.text) for line in table.lines[max(0, index - 8) : index + 1]
    )


def _row_end(pending: list[Line]):
    """(prefix lines, target, actual, score) when the last line closes an indicator row."""
    tokens = pending[-1].text.split()
    if len(tokens) >= 3 and _SCORE.match(tokens[-1]):
        prefix = pending[:-1] + (
            [Line(pending[-1].page_no, pending[-1].line_no, " ".join(tokens[:-3]))] if tokens[:-3] else []
        )
        return prefix, tokens[-3], tokens[-2], Decimal(tokens[-1])
    if len(tokens) == 1 and _SCORE.match(tokens[0]) and len(pending) > 1:
        # A lone number is this row's score only if it fits the row's weight; else a page number.
        prefix, values = _split_wrapped_values(pending[:-1])
        weight = _WEIGHT.findall(prefix[-1].text) if prefix else []
        if prefix is not None and weight and Decimal(tokens[0]) <= Decimal(weight[-1]):
            target, actual = values if len(values) == 2 else (None, None)
            return prefix, target, actual, Decimal(tokens[0])
    return None


def _split_wrapped_values(lines: list[Line]) -> tuple[list[Line] | None, list[str]]:
    """Name lines end at the indicator's weight "（3分）"; the lines after it are the values,
    with a unit wrapped off its number ("254.8万" / "美元") joined back."""
    marked = [i for i, line in enumerate(lines) if _WEIGHT.search(line.text)]
    if not marked:
        return None, []
    cut = marked[-1] + 1
    values: list[str] = []
    for line in lines[cut:]:
        fragment = line.text.strip()
        if values and _UNIT_FRAGMENT.match(fragment):
            values[-1] += fragment
        else:
            values.append(fragment)
    return lines[:cut], values


def _leading(text: str, vocabulary: tuple[str, ...]) -> str | None:
    return next((word for word in sorted(vocabulary, key=len, reverse=True) if text.startswith(word)), None)


def _after(text: str, word: str) -> str:
    """The text after a level word and its weight, if any."""
    rest = text[len(word) :]
    return _WEIGHT.sub("", rest, count=1) if _WEIGHT.match(rest) else rest


def _split_prefix(lines: list[Line], level1: str | None, level2: str | None):
    """一级/二级 indicators (with their weights) then the indicator name and its weight."""
    # lone numbers are page numbers or wrapped goal numbers, never part of a name
    text = "".join(compact(line.text) for line in lines if not _SCORE.match(line.text.strip()))
    text = _LEADING_HEADER.sub("", text)
    # a 一级 indicator listed with no rows of its own may precede the next one: take the last
    while word := _leading(text, LEVEL1):
        text, level1, level2 = _after(text, word), word, None
    if word := _leading(text, LEVEL2):
        text, level2 = _after(text, word), word
    weight = _WEIGHT.search(text)
    name = _WEIGHT.sub("", text).strip() or None
    return level1, level2, name, Decimal(weight.group("weight")) if weight else None


# --- project lists (序号 项目名称 预算数 全年执行数) ------------------------------------------

_LIST_HEADER = re.compile(r"项目名称.*预算数.*执行数")
_TOTAL_NAMES = ("合计", "总计")


@dataclass
class ProjectList:
    rows: list[ProjectPerformance]
    total: ProjectPerformance | None  # the list's 合计 row


def project_lists(lines: list[Line]) -> list[ProjectList]:
    """Tab-separated project lists, in the unit their header names."""
    lists: list[ProjectList] = []
    unit, in_list = "万元", False
    for line in lines:
        cells = [compact(cell) for cell in line.text.split("\t")]
        if "\t" in line.text and _LIST_HEADER.search("".join(cells)):
            in_list, unit = True, "元" if "（元）" in line.text or "(元)" in line.text else "万元"
            lists.append(ProjectList([], None))
            continue
        if not in_list:
            continue
        if "\t" not in line.text:
            if line.text.strip():
                in_list = False
            continue
        numbers = [parse_number(cell) for cell in cells[2:4]]
        if len(cells) >= 4 and cells[1] and None not in numbers:
            row = ProjectPerformance(cells[1], numbers[0], numbers[1], None, None, unit, unit, _provenance(line))
            if cells[1] in _TOTAL_NAMES:
                lists[-1].total = row
            else:
                lists[-1].rows.append(row)
    return lists
