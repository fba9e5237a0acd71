"""Budget disclosures (部门预算 / 单位预算): titles, identity and narrative from real lines of
../shared/samples/budget/, and tables, targets and marts from its PDFs when present."""

from decimal import Decimal
from functools import cache

import pytest
from juesuan.landing.models import Line
from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.parsing.budget.narrative import budget_narrative_metrics, budget_three_public_clause
from juesuan.parsing.identity import parse_report_identity
from juesuan.parsing.narrative.sections import Sections
from juesuan.parsing.narrative.sentences import narrative_three_public_costs
from juesuan.parsing.report import parse_report
from juesuan.parsing.tables.layouts import table_code_for_title
from juesuan.parsing.text_stream import TextStream

from tests.conftest import SHARED_BUDGETS


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("2025年部门财务收支预算总表", "B01"),  # Shanghai, 21
        ("2025年预算单位收入预算总表", "B02"),  # Shanghai unit budget, 22
        ("2025年部门支出预算总表", "B03"),
        ("2025年部门财政拨款收支预算总表", "B04"),
        ("2025年部门一般公共预算支出功能分类预算表", "B05"),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "B06"),
        ("2025年部门政府性基金预算支出功能分类预算表", "B07"),
        ("2025年部门国有资本经营预算支出功能分类预算表", "B08"),
        ("2025年部门“三公”经费和机关运行经费预算表", "B09"),
        ("2025年单位“三公”经费和机关运行经费预算表", "B09"),
        ("西南大学收支预算总表", "B01"),  # university, 24/25
        ("西南大学收入预算表", "B02"),
        ("西南大学支出预算表", "B03"),
        ("西南大学财政拨款支出预算表", "B05"),
        ("部门收支总表", "B01"),  # national template
        ("部门收入总表", "B02"),
        ("部门支出总表", "B03"),
        ("财政拨款收支总表", "B04"),
        ("一般公共预算支出表", "B05"),
        ("一般公共预算基本支出表", "B06"),
        ("政府性基金预算支出表", "B07"),
        ("国有资本经营预算支出表", "B08"),
        ("一般公共预算“三公”经费支出表", "B09"),
        ("2024 年度收入支出决算总表", "T01"),  # the final account's titles are unchanged
        ("1. 2025年部门财务收支预算总表 ……………………………………", None),  # table of contents
        ("五、部门预算表", None),  # heading of the set of tables
        ("二、部门预算报表", None),
        ("预算支出情况构成表", None),  # a chart caption in 24
        ("236 中央高校教育教学改革专项绩效目标表", None),
    ],
)
def test_budget_titles_map_to_codes(title, code):
    assert table_code_for_title(title) == code


def _lines(*texts: str, page_no: int = 1) -> list[Line]:
    return [Line(page_no, number, text) for number, text in enumerate(texts, start=1)]


@pytest.mark.parametrize(
    ("texts", "organization", "region", "scope", "level"),
    [
        (
            ("上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区人民政府办公室"),
            "上海市普陀区人民政府办公室",
            "上海市普陀区",
            "department",
            "区级",
        ),
        (
            ("上海市普陀区2025年区级单位预算", "预算单位：上海市普陀区人民政府办公室"),
            "上海市普陀区人民政府办公室",
            "上海市普陀区",
            "unit",
            "区级",
        ),
        (("西南大学", "2021 年度部门预算", "2021 年 4 月"), "西南大学", None, "department", None),
    ],
)
def test_budget_identity_from_the_organisation_line_and_title(texts, organization, region, scope, level):
    identity = parse_report_identity(_lines(*texts))
    assert (identity.organization_name, identity.region_name, identity.report_scope, identity.level) == (
        organization,
        region,
        scope,
        level,
    )
    assert identity.report_type == "budget" and identity.fiscal_year in (2021, 2025)


# 21's 编制说明 and other matters, verbatim (pdfplumber lines, wrapped mid-number).
NARRATIVE_21 = (
    "2025年部门预算编制说明",
    "2025年，上海市普陀区人民政府办公室收入预算9,101.68万元，其中：财政拨款收入9,101.68万元，比2024年预算减少2,389.52万",
    "元；事业收入0万元；事业单位经营收入0万元；其他收入0万元。",
    "其他相关情况说明",
    "一、2025年“三公”经费预算情况说明",
    "2025年“三公”经费预算数为867.50万元，与2024年预算持平。其中：",
    "（一）因公出国（境）费839万元，与2024年预算持平。",
    "（二）公务用车购置及运行费0万元，与2024年预算持平。其中：公务用车购置费0万元，与2024年预算持平；公务用车运行费0万",
    "元，与2024年预算持平。",
    "（三）公务接待费28.50万元，与2024年预算持平。",
    "二、机关运行经费预算",
    "2025年上海市普陀区人民政府办公室下属1家机关和1家事业单位财政拨款的机关运行经费预算为213.28万元。",
    "三、政府采购预算情况",
    "2025年本部门政府采购预算34万元，其中：政府采购货物预算0万元、政府采购工程预算0万元、政府采购服务预算34万元。",
    "四、绩效目标设置情况",
    "2025年度，本单位编报绩效目标的项目共11个，涉及项目预算资金6626万元。",
)


def _stream(texts):
    stream = TextStream.from_lines(_lines(*texts))
    return stream, Sections(stream)


def test_budget_narrative_totals_change_operating_cost_procurement_targets():
    metrics = {m.metric: m.value for m in budget_narrative_metrics(*_stream(NARRATIVE_21))}
    assert metrics["grand_total"] == Decimal("9101.68")
    assert metrics["fiscal_appropriation_income_change_vs_prior_wan"] == Decimal("-2389.52")
    assert metrics["operating_cost"] == Decimal("213.28")
    assert (metrics["procurement_total"], metrics["procurement_services"]) == (Decimal("34"), Decimal("34"))
    assert (metrics["performance_target_projects"], metrics["performance_target_funds"]) == (11, Decimal("6626"))


def test_budget_three_public_are_budgets_never_actuals():
    costs = list(narrative_three_public_costs(*_stream(NARRATIVE_21), budget_three_public_clause))
    assert {c.item: c.budget for c in costs} == {
        "total": Decimal("867.50"),
        "overseas_travel": Decimal("839"),
        "vehicle_total": Decimal("0"),
        "vehicle_purchase": Decimal("0"),
        "vehicle_operation": Decimal("0"),
        "reception": Decimal("28.50"),
    }
    assert all(c.actual is None and c.change_vs_prior == 0 for c in costs)


def test_budget_three_public_numbering_with_a_comma_and_short_vehicle_name():
    # the wording: "（二）、公务车购置及运行费X万元"
    texts = ("一、2025年“三公”经费预算情况说明", "（二）、公务车购置及运行费12.5万元，比2024年预算减少2.5万元。")
    costs = list(narrative_three_public_costs(*_stream(texts), budget_three_public_clause))
    assert [(c.item, c.budget, c.change_vs_prior) for c in costs] == [
        ("vehicle_total", Decimal("12.5"), Decimal("-2.5"))
    ]


def test_budget_three_public_change_against_last_years_budget():
    # 23: "公务用车购置及运行费36.56万元，比2024年预算减少10万元，主要原因是…"
    cost = budget_three_public_clause(
        "vehicle_total", "36.56万元，比2024年预算减少10万元，主要原因是购置车辆类型不同。", None
    )
    assert (cost.budget, cost.change_vs_prior, cost.actual) == (Decimal("36.56"), Decimal("-10"), None)


@cache
def _parsed(prefix: str):
    path = next(SHARED_BUDGETS.glob(f"{prefix}_*.pdf"))
    document = read_pdf_report(path)
    return parse_report(document.lines, document.cells)


@pytest.fixture
def budget():
    if not any(SHARED_BUDGETS.glob("*.pdf")):
        pytest.skip(f"real budget PDFs not present at {SHARED_BUDGETS} (they are never committed)")
    return _parsed


def _metric(parsed, metric, table):
    return [m.value for m in parsed.metrics if m.metric == metric and m.provenance.source_table == table]


def test_shanghai_budget_tables_in_yuan_with_split_codes(budget):
    parsed = budget("23")  # 元 without decimals, codes over 类/款/项 cells
    assert [t.code for t in parsed.tables] == ["B01", "B02", "B03", "B04", "B05", "B07", "B08", "B06", "B09"]
    b05 = {a.function_code: a for a in parsed.function_amounts if a.provenance.source_table == "B05"}
    row = b05["2120102"]  # "212 | 01 | 02 | 一般行政管理事务 | 17,464,243 | …"
    assert (row.function_name, row.total, row.reported_unit) == ("一般行政管理事务", Decimal("17464243"), "元")
    assert row.provenance.source_text.startswith("212\t01\t02\t")
    # B03's 合计 row is alone on the next page, its label merged over the code and name columns
    assert _metric(parsed, "total_expenditure", "B03") == [Decimal("189767551")]
    assert _metric(parsed, "personnel_cost", "B06") == [Decimal("90514044")]
    b09 = {c.item: (c.budget, c.actual) for c in parsed.three_public_costs if c.provenance.source_table == "B09"}
    assert b09 == {
        "total": (Decimal("37.91"), None),
        "overseas_travel": (Decimal("0"), None),
        "reception": (Decimal("1.35"), None),
        "vehicle_total": (Decimal("36.56"), None),
        "vehicle_purchase": (Decimal("15"), None),
        "vehicle_operation": (Decimal("21.56"), None),
    }
    assert _metric(parsed, "operating_cost", "B09") == [Decimal("464.64")]


def test_shanghai_narrative_items_take_their_codes_from_the_tables(budget):
    parsed = budget("21")
    items = {a.function_code: a.total for a in parsed.function_amounts if a.provenance.source_kind == "narrative"}
    assert items["2010301"] == Decimal(
        "1202.95"
    )  # “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元
    assert len(items) == 12
    b09 = {c.item for c in parsed.three_public_costs if c.provenance.source_table == "B09"}
    assert b09 == {"total", "overseas_travel", "reception"}  # blank vehicle cells are not zeros read


def test_university_budget_header_columns_and_unit_less_table(budget):
    parsed = budget("24")
    assert {t.code: t.unit for t in parsed.tables} == {"B01": "万元", "B02": "万元", "B03": "万元", "B05": "万元"}
    assert _metric(parsed, "grand_total", "B01") == [Decimal("490808.40")]  # on the next page, above B02's title
    assert _metric(parsed, "fiscal_appropriation_income", "B02") == [Decimal("216552.53")]
    parsed = budget("25")  # 收入合计 beside a 上年结转 column: the 收入总计
    assert _metric(parsed, "grand_total", "B02") == [Decimal("557259.13")]
    assert _metric(parsed, "general_budget_basic_expenditure", "B05") == [Decimal("199019.33")]


def test_project_performance_targets_have_targets_and_no_actuals(budget):
    indicators = budget("25").indicators
    first = next(i for i in indicators if i.indicator_name == "建设一流本科课程数")
    assert (first.project_name, first.level1_indicator, first.level2_indicator) == (
        "236中央高校教育教学改革专项",
        "产出指标",
        "数量指标",
    )
    assert (first.target_text, first.target_value, first.value_unit, first.weight) == (
        "20门",
        Decimal("20"),
        "门",
        Decimal("5"),
    )
    assert all(i.actual_text is None and i.actual_value is None and i.score is None for i in indicators)
    assert len({i.project_name for i in indicators}) >= 20
