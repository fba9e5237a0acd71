"""Performance self-evaluation: summaries, linearised self-evaluation tables, project lists."""

from decimal import Decimal

import pytest
from juesuan.landing.models import Line
from juesuan.parsing.performance.self_evaluation import (
    narrative_project_summaries,
    parse_self_evaluation,
    project_lists,
    self_evaluation_tables,
)
from juesuan.parsing.performance.values import parse_indicator_value
from juesuan.parsing.report import parse_report
from juesuan.parsing.text_stream import TextStream

from tests.conftest import sample_lines


def _lines(*texts: str) -> list[Line]:
    return [Line(None, number, text) for number, text in enumerate(texts, start=1)]


def test_project_summary_keeps_the_unit_each_figure_is_printed_in_sample_000():
    stream = TextStream.from_lines(
        _lines(
            "公务用车司机服务费项目绩效自评综述：项目全年预算",
            "数为 70 万元，执行数为 65.8 元，完成预算 94％。主要产出",
        )
    )
    (summary,) = narrative_project_summaries(stream)
    assert (summary.project_name, summary.budget, summary.executed, summary.execution_rate_reported) == (
        "公务用车司机服务费",
        Decimal("70"),
        Decimal("65.8"),
        Decimal("94"),
    )
    assert (summary.budget_unit, summary.executed_unit) == ("万元", "元")


def _table(prefix: str, title_part: str):
    return next(t for t in self_evaluation_tables(sample_lines(prefix)) if title_part in t.title.text)


def test_project_table_header_sample_000():
    facts = parse_self_evaluation(_table("000", "“公务用车购置”项目自评表"))
    (project,) = facts.projects
    assert (project.project_name, project.budget, project.executed, project.self_score) == (
        "公务用车购置",
        Decimal("19.59"),
        Decimal("19.59"),
        Decimal("100.0"),
    )


def test_rows_on_one_line_and_wrapped_names_sample_000():
    facts = parse_self_evaluation(_table("000", "“政府综合协调工作经费”项目自评表"))
    rows = {i.indicator_name: i for i in facts.indicators}
    cost = rows["预算成本控制"]
    assert (cost.level1_indicator, cost.level2_indicator, cost.target_text, cost.actual_text, cost.score) == (
        "成本指标",
        "经济成本指标",
        "32.6",
        "30.01",
        Decimal("8"),
    )
    wrapped = rows["保障区政府各科室办公正常运作"]  # name wrapped over two lines
    assert (wrapped.level1_indicator, wrapped.level2_indicator, wrapped.actual_text) == (
        "效益指标",
        "社会效益指标",
        "保障",
    )
    satisfaction = rows["办公人员满意度"]
    assert (satisfaction.target_value, satisfaction.value_unit, satisfaction.comparator) == (Decimal("90"), "%", ">=")


def test_department_table_with_weights_and_wrapped_units_sample_001():
    facts = parse_self_evaluation(_table("001", "整体绩效自评表"))
    rows = {i.indicator_name: i for i in facts.indicators}
    projects = rows["当年引进重点重大项目数量"]
    assert (
        projects.scope,
        projects.goal_no,
        projects.target_text,
        projects.actual_text,
        projects.weight,
        projects.score,
    ) == ("department", 1, "4个", "7个", Decimal("3"), Decimal("3"))
    assert (projects.level1_indicator, projects.level2_indicator) == ("产出指标", "数量指标")
    investment = rows["实际利用外资"]  # "254.8万" / "美元" / "254.8万美" / "元" / "3"
    assert (investment.target_text, investment.actual_text, investment.score) == (
        "254.8万美元",
        "254.8万美元",
        Decimal("3"),
    )
    assert {m.metric: m.value for m in facts.metrics}["performance_self_score"] == Decimal("92")


def test_uncertain_rows_keep_what_is_certain_and_say_why_sample_001():
    facts = parse_self_evaluation(_table("001", "城市管理项目自评表"))
    row = next(i for i in facts.indicators if i.indicator_name == "河湖长制季度考核分数")
    assert (row.target_text, row.actual_text) == (None, None) and row.score is not None
    assert any("河湖长制季度考核分数" in message for _, message in facts.issues)


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator"),
    [
        ("≥13%", "13", "%", ">="),
        ("4个", "4", "个", None),
        ("350亿元", "350", "亿元", None),
        ("85分以上", "85", "分", ">="),
        ("≤5天", "5", "天", "<="),
        ("及时", None, None, None),
        ("明显改善", None, None, None),
    ],
)
def test_indicator_values(text, value, unit, comparator):
    parsed = parse_indicator_value(text)
    assert (parsed.value, parsed.unit, parsed.comparator) == (value and Decimal(value), unit, comparator)


def test_project_list_in_yuan_despite_its_header_sample_003():
    parsed = parse_report(sample_lines("003"), [])
    listed = [p for p in parsed.projects if p.provenance.source_kind == "table"]
    assert len(listed) == 26
    assert (listed[0].project_name, listed[0].budget, listed[0].budget_unit) == (
        "法律顾问及案件诉讼费用",
        Decimal("40000.00"),
        "元",
    )
    assert any("read as 元" in message for _, message in parsed.issues)


def test_project_list_keeps_its_header_unit_without_evidence():
    (project_list,) = project_lists(
        _lines(
            "序号\t项目名称\t预算数（万元）\t全年执行数（万元）\t计划结余",
            "1\t法律顾问及案件诉讼费用\t40,000.00\t40,000.00\t0.00",
        )
    )
    assert project_list.rows[0].budget_unit == "万元"


def test_department_score_in_prose_and_unnamed_summary_sample_003():
    parsed = parse_report(sample_lines("003"), [])
    scores = [m for m in parsed.metrics if m.metric == "performance_self_score"]
    assert [(m.value, m.unit) for m in scores] == [(Decimal("95.0"), "score")]
    unnamed = [p for p in parsed.projects if p.provenance.source_kind == "narrative"]
    assert [(p.project_name, p.executed, p.execution_rate_reported) for p in unnamed] == [
        (None, Decimal("1194.15"), Decimal("352.78"))
    ]


def test_project_report_score_is_not_the_department_score_sample_000():
    parsed = parse_report(sample_lines("000"), [])
    assert [m.value for m in parsed.metrics if m.metric == "performance_self_score"] == [Decimal("97")]


def test_wrapped_goal_headers_number_goals_and_stay_out_of_names_sample_002():
    facts = parse_self_evaluation(_table("002", "政府办工作经费项目自评表"))
    assert [(i.goal_no, i.indicator_name) for i in facts.indicators] == [
        (1, "绩效考核"),
        (2, "《政府工作报告》督办落实率"),
        (3, "上级交办件办结回告率"),
        (4, "议提案办理满意率"),
    ]


def test_header_continuation_is_not_part_of_the_next_name_sample_001():
    facts = parse_self_evaluation(_table("001", "整体绩效自评表"))
    row = next(i for i in facts.indicators if i.indicator_name.endswith("开展安全生产月宣传活动"))
    assert (row.indicator_name, row.goal_no, row.level1_indicator, row.level2_indicator) == (
        "开展安全生产月宣传活动",
        2,
        "产出指标",
        "数量指标",
    )
