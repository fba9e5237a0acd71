"""Narrative sentence patterns, on real lines from the samples (wrapping kept as printed)."""

from decimal import Decimal
from pathlib import Path

from juesuan.landing.models import Line
from juesuan.parsing.narrative.sections import Sections
from juesuan.parsing.narrative.sentences import (
    _EXECUTION,
    execution_sentences,
    narrative_budget_execution,
    narrative_class_amounts,
    narrative_metrics,
    narrative_three_public_costs,
)
from juesuan.parsing.text_stream import TextStream


def _stream(*texts: str) -> tuple[TextStream, Sections]:
    stream = TextStream.from_lines([Line(None, number, text) for number, text in enumerate(texts, start=1)])
    return stream, Sections(stream)


def _metrics(*texts: str) -> dict[str, Decimal]:
    return {m.metric: m.value for m in narrative_metrics(*_stream(*texts))}


def test_execution_sentences_are_the_full_scans_matches_in_every_sample_text():
    """Trying only the starts before a level mark finds what a scan of every position finds (and finds some)."""
    found = 0
    for sample in sorted(Path("../shared/samples/text").glob("*.txt")):
        stream, _ = _stream(*sample.read_text(encoding="utf-8").splitlines())
        expected = [(m.span(), m.groups()) for m in _EXECUTION.finditer(stream.text)]
        assert [(m.span(), m.groups()) for m in execution_sentences(stream.text)] == expected, sample.name
        found += len(expected)
    assert found > 50


def test_totals_and_change_from_wrapped_lines_sample_000():
    metrics = _metrics(
        "一、收入支出决算总体情况说明",
        "",
        "2023 年度收、支总计均为 20351.37 万元。与 2022 年度",
        "",
        "相比，收、支总计各增加 14686.66 万元，增长 259.27 %，",
    )
    assert metrics == {
        "grand_total": Decimal("20351.37"),
        "total_change_vs_prior_wan": Decimal("14686.66"),
        "total_change_vs_prior_pct": Decimal("259.27"),
    }


def test_number_and_unit_split_across_lines_and_page_number_skipped():
    # Sample 000: "基本支出 1793.53 万" / "元，占本年支出 8.81%", with a page number between lines elsewhere.
    metrics = _metrics(
        "三、支出决算情况说明",
        "政策奖励增加 1163.74 万元）。其中：基本支出 1793.53 万",
        "17",
        " 元，占本年支出 8.81%；项目支出 18557.84 万元，占本年支",
        "出 91.19%；本年度无上缴上级支出、经营支出、对附属单位",
    )
    assert metrics["basic_expenditure"] == Decimal("1793.53")
    assert metrics["basic_expenditure_share_pct"] == Decimal("8.81")
    assert metrics["project_expenditure_share_pct"] == Decimal("91.19")


def test_decrease_is_negative_sample_001():
    metrics = _metrics(
        "一、收入支出决算总体情况说明", "收、支总计各减少 3505.64 万元，下降 24.01%，主要原因是本年度开展的项目减少"
    )
    assert metrics["total_change_vs_prior_wan"] == Decimal("-3505.64")
    assert metrics["total_change_vs_prior_pct"] == Decimal("-24.01")


def test_figures_outside_their_section_are_not_taken():
    # "基本支出" in the 三公 section is not the expenditure structure's 基本支出.
    metrics = _metrics("九、财政拨款“三公”经费支出决算情况说明", "基本支出 1793.53 万元")
    assert "basic_expenditure" not in metrics


def test_procurement_sample_001_keeps_the_stated_total():
    metrics = _metrics(
        "十一、政府采购支出说明",
        "本部门 2023 年度政府采购支出总额 1788.11 万元，其中：",
        "政府采购货物支出 98.84 万元、政府采购工程支出 96.58万元、",
        "政府采购服务支出 1602.69 万元。授予中小企业合同金额 1788.11",
        "万元，占政府采购支出总额的 100%，其中：授予小微企业合",
        "同金额 1788.11 万元，占政府采购支出总额的100%。",
    )
    assert metrics["procurement_total"] == Decimal("1788.11")  # parts add to 1798.11: a finding, kept as printed
    assert (metrics["procurement_goods"], metrics["procurement_works"], metrics["procurement_services"]) == (
        Decimal("98.84"),
        Decimal("96.58"),
        Decimal("1602.69"),
    )
    assert metrics["procurement_small_micro_share_pct"] == Decimal("100")


def test_shanghai_wording_from_the_pdf_text():
    metrics = _metrics(
        "一、收入支出决算总体情况说明",
        "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入",
        "支出总计减少56.95万元，下降1.87%。主要原因：基本支出中人员进出及退休变化，",
    )
    assert metrics["grand_total"] == Decimal("2995.39")
    assert metrics["total_change_vs_prior_pct"] == Decimal("-1.87")


def test_staff_counts_anywhere_sample_003():
    metrics = _metrics(
        "武汉市洪山区人民政府办公室在职实有人数 54 人，其中：行政 45 人，事业 9 人（其中：参照公务员法管理 0 人）。",
        "离退休人员 18 人，其中：离休 0 人，退休 18 人。",
    )
    assert (metrics["staff_in_post"], metrics["retirees"]) == (Decimal(54), Decimal(18))


def test_class_amounts_with_shares_sample_002():
    stream, sections = _stream(
        "五、一般公共预算财政拨款支出决算情况说明",
        "1.一般公共服务（类）支出 1,042.54 万元，占 38.45%。主要",
        "用于人员工资、单位运转。",
        "2.社会保障和就业支出（类）91.31 万元，占 3.37%。主要用于",
    )
    assert [(c.function_name, c.total, c.share_pct) for c in narrative_class_amounts(stream, sections)] == [
        ("一般公共服务支出", Decimal("1042.54"), Decimal("38.45")),
        ("社会保障和就业支出", Decimal("91.31"), Decimal("3.37")),
    ]


def test_budget_execution_with_direction_and_reason_sample_000():
    stream, sections = _stream(
        "五、一般公共预算财政拨款支出决算情况说明",
        "2.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）。年初预算为 252.00",
        "万元，支出决算为 234.99 万元，完成年初预算的 93.25%，",
        "支出决算数小于年初预算数的主要原因是：法律顾问及案件",
        "诉讼费用剩余 2 万元。",
        "5.一般公共服务支出（类）商贸事务（款）招商引资（项）。",
        "年初预算为 0.00 万元，支出决算为 0.30 万元，支出决算数",
        "大于年初预算数的主要原因是：洪山区招商引资及重大项目工作先进个人奖励项目经费追加。",
    )
    first, second = narrative_budget_execution(stream, sections)
    assert first.function_path == "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）"
    assert (first.level, first.initial_budget, first.final, first.completion_rate_reported) == (
        "item",
        Decimal("252.00"),
        Decimal("234.99"),
        Decimal("93.25"),
    )
    assert (first.direction_reported, first.reason_text) == ("小于", "法律顾问及案件诉讼费用剩余2万元")
    assert first.provenance.line_no == 2
    assert (second.initial_budget, second.final, second.completion_rate_reported, second.direction_reported) == (
        Decimal("0.00"),
        Decimal("0.30"),
        None,
        "大于",
    )


def _three_public(*texts: str) -> dict[str, tuple]:
    costs = narrative_three_public_costs(*_stream("九、财政拨款“三公”经费支出决算情况说明", *texts))
    return {
        c.item: (c.budget, c.actual, c.change_vs_prior, c.change_vs_prior_pct, c.completion_rate_reported)
        for c in costs
    }


def test_three_public_costs_sample_002():
    costs = _three_public(
        "2022 年度“三公”经费财政拨款支出预算为 6.02 万元，支出",
        "决算为 4.28 万元，完成预算的 71.10%；较上年增加 1.23 万元，增",
        "长 40.33%。",
        "1.因公出国(境)费预算为 0.00 万元，支出决算为 0.00 万元，",
        "完成预算的 0%。",
        "2.公务用车购置及运行维护费预算为 3.00 万元，支出决算为",
        "3.00 万元，完成预算的 100.00%；与上年持平，增长 0.00%。",
        "(1)公务用车购置费支出 0.00 万元。",
    )
    assert costs["total"] == (Decimal("6.02"), Decimal("4.28"), Decimal("1.23"), Decimal("40.33"), Decimal("71.10"))
    assert costs["overseas_travel"][:2] == (Decimal("0.00"), Decimal("0.00"))
    assert costs["vehicle_total"] == (Decimal("3.00"), Decimal("3.00"), Decimal(0), Decimal(0), Decimal("100.00"))
    assert costs["vehicle_purchase"][:2] == (None, Decimal("0.00"))


def test_three_public_costs_sample_000_items_and_decrease():
    costs = _three_public(
        "1.因公出国(境)费预算数与支出数均为 0，主要原因：",
        "2.公务用车购置及运行费支出决算为 40.52 万元，完成",
        "年初预算的 100%；决算数较上年减少 2.83 万元，下降 6.53%。",
        "决算数较上年减少的主要原因：公务用车运行费减少。其中：",
        "(1)公务用车购置费 19.58 万元，完成年初预算的 100%。",
        "(2)公务用车运行费 20.94 万元，完成年初预算的 100%。",
    )
    assert costs["overseas_travel"][:2] == (Decimal(0), Decimal(0))
    assert costs["vehicle_total"][1:4] == (Decimal("40.52"), Decimal("-2.83"), Decimal("-6.53"))
    assert costs["vehicle_purchase"][1] == Decimal("19.58")
    assert costs["vehicle_operation"][1] == Decimal("20.94")


def test_three_public_total_worded_as_appropriation_sample_003():
    costs = _three_public(
        "2021 年度“三公”经费财政拨款数为 83.75 万元；支出决算为 72.50 万元，完成年初预算的 86.57%，其中："
    )
    assert costs["total"][:2] == (Decimal("83.75"), Decimal("72.50"))
    assert costs["total"][4] == Decimal("86.57")


def test_budget_execution_shanghai_wording_with_purpose_clause():
    stream, sections = _stream(
        "五、一般公共预算财政拨款支出决算情况说明",
        "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本",
        "支出。年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员进出及退休",
        "变化，减少人员经费开支。",
        "2、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）。主要用于：局财政业务指导与宣传等基",
        "本支出。年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。",
    )
    first, second = narrative_budget_execution(stream, sections)
    assert (first.function_path, first.initial_budget, first.final, first.direction_reported) == (
        "一般公共服务支出（类）财政事务（款）行政运行（项）",
        Decimal("1560.05"),
        Decimal("1511.89"),
        "小于",
    )
    assert first.reason_text == "人员进出及退休变化，减少人员经费开支"
    assert (second.direction_reported, second.reason_text) == ("持平", None)


def test_performance_project_count_shanghai_wording():
    metrics = _metrics(
        "十、预算绩效管理情况",
        "过程绩效管理实施情况：编报绩效目标的2024年度项目39个，涉",
        "涉及预算金额4415.48万元；绩效自评的2024年度项目39个，涉",
    )
    assert metrics["performance_projects"] == Decimal(39)
