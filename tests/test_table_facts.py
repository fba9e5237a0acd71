"""Standard-table parsers on the real tab-separated tables of samples 003 and 004."""

from decimal import Decimal

import pytest
from juesuan.parsing.tables.blocks import text_table_blocks
from juesuan.parsing.tables.function_codes import recover_codes
from juesuan.parsing.tables.rows import economic_rows, function_rows, summary_rows, three_public_rows

from tests.conftest import sample_lines


def _block(prefix: str, code: str):
    return next(block for block in text_table_blocks(sample_lines(prefix)) if block.code == code)


def _by_code(amounts):
    return {a.function_code: a for a in amounts}


def test_expenditure_table_rows_sample_003():
    amounts, metrics = function_rows(_block("003", "T03"))
    row = _by_code(amounts)["2010301"]
    assert (row.function_name, row.total, row.basic, row.project) == (
        "行政运行",
        Decimal("1400.04"),
        Decimal("1400.04"),
        None,
    )
    assert row.provenance.source_text.startswith("2010301\t行政运行\t1,400.04")
    assert row.provenance.line_no == 177
    # "合\t计" split over two cells is still the total row.
    assert {m.metric: m.value for m in metrics} == {
        "total_expenditure": Decimal("3061.55"),
        "basic_expenditure": Decimal("1867.39"),
        "project_expenditure": Decimal("1194.16"),
    }


def test_blank_cell_is_null_and_zero_is_zero_sample_003():
    amounts, _ = function_rows(_block("003", "T03"))
    administration = _by_code(amounts)["2010302"]  # 一般行政管理事务: basic blank, project 7.32
    assert (administration.basic, administration.project) == (None, Decimal("7.32"))


def test_padded_cells_before_values_sample_004():
    amounts, _ = function_rows(_block("004", "T03"))
    row = _by_code(amounts)["2010302"]
    assert (row.total, row.basic, row.project) == (Decimal("10.80"), None, Decimal("10.80"))


def test_truncated_codes_recovered_from_the_expenditure_table_sample_004():
    t02, _ = function_rows(_block("004", "T02"))
    t03, _ = function_rows(_block("004", "T03"))
    assert [a.function_code for a in t02[:4]] == ["201", "2010", "2010", "2010"]
    recovered = [a for a in recover_codes(t02 + t03) if a.provenance.source_table == "T02"]
    assert [(a.function_code, a.function_name) for a in recovered[:5]] == [
        ("201", "一般公共服务支出"),
        ("20101", "人大事务"),
        ("2010150", "事业运行"),
        ("20103", "政府办公厅(室)及相关机"),
        ("2010301", "行政运行"),
    ]
    assert recovered[1].code_recovered_from == "T03"
    assert all(len(a.function_code) in (3, 5, 7) for a in recovered)


def test_summary_table_ignores_line_numbers_sample_003():
    metrics, classes = summary_rows(_block("003", "T04"))
    stated = {m.metric: m.value for m in metrics}
    assert stated["fiscal_grand_total"] == Decimal("3061.55")
    assert stated["fiscal_grand_total_expenditure"] == Decimal("3061.56")
    assert "government_fund_income" not in stated  # its cell is blank; 62 is a line number
    assert len(classes) == 26 and classes[0].function_name == "一般公共服务支出"


def test_income_expenditure_summary_sample_004():
    metrics, _ = summary_rows(_block("004", "T01"))
    assert {m.metric: m.value for m in metrics} == {
        "general_budget_income": Decimal("1548.05"),
        "other_income": Decimal("0.07"),
        "total_income": Decimal("1548.12"),
        "total_expenditure": Decimal("1548.12"),
        "grand_total": Decimal("1548.12"),
        "grand_total_expenditure": Decimal("1548.12"),
    }


def test_economic_classes_and_personnel_total_sample_004():
    amounts, metrics = economic_rows(_block("004", "T06"))
    codes = {a.economic_code: a for a in amounts}
    assert (codes["30101"].economic_name, codes["30101"].amount, codes["30101"].cost_type) == (
        "基本工资",
        Decimal("547.41"),
        "personnel",
    )
    assert (codes["30201"].amount, codes["30201"].cost_type) == (Decimal("6.86"), "public")
    assert codes["31002"].amount is None
    assert {m.metric: m.value for m in metrics} == {
        "personnel_cost": Decimal("1183.10"),
        "public_cost": Decimal("132.79"),
    }


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "003",
            {
                "total": ("83.75", "72.51"),
                "vehicle_total": ("35.20", "72.13"),
                "vehicle_purchase": ("48.55", "48.55"),
                "overseas_travel": ("0.00", None),
            },
        ),
        ("004", {"total": ("29.57", "29.57"), "vehicle_operation": ("29.57", "29.57"), "reception": (None, None)}),
    ],
)
def test_three_public_table(prefix, expected):
    costs = {c.item: (c.budget, c.actual) for c in three_public_rows(_block(prefix, "T09"))}
    for item, (budget, actual) in expected.items():
        assert costs[item] == (budget and Decimal(budget), actual and Decimal(actual)), item


def test_empty_tables_are_declared_empty():
    blocks = {b.code: b for b in text_table_blocks(sample_lines("004"))}
    assert blocks["T07"].declared_empty and blocks["T08"].declared_empty
    assert not blocks["T03"].declared_empty
    formulas = {b.code: b.formulas for b in text_table_blocks(sample_lines("003"))}
    assert formulas["T09"] == ["1栏=（2+3+6）栏；3栏=（4+5）栏；7栏=（8+9+12）栏；9栏=（10+11）栏。"]


def test_fund_columns_of_the_financial_appropriation_summary_sample_003():
    metrics, _ = summary_rows(_block("003", "T04"))
    stated = {m.metric: m.value for m in metrics}
    # the header row names the fund columns (一般公共预算财政拨款 …): it must not hide the income row of that name
    assert stated["general_budget_income"] == Decimal("3061.55")
    assert (
        stated["general_budget_expenditure"],
        stated["government_fund_expenditure"],
        stated["state_capital_expenditure"],
    ) == (Decimal("3061.56"), Decimal("0.00"), Decimal("0.00"))


def _filled_fund_tables():
    """004's T07 and T08 with their 合计 rows filled (the real report declares both empty)."""
    from juesuan.landing.text_reader import read_text_report

    from tests.conftest import sample_path

    text = sample_path("004").read_text(encoding="utf-8")
    text = text.replace("\t\t\t合计\t\t\t\t\t\t\n", "\t\t\t合计\t\t12.00\t10.00\t10.00\t\t2.00\n", 1)
    text = text.replace(
        "类\t款\t项\t栏次\t1\t2\n\t\t\t合计\t\t3", "类\t款\t项\t栏次\t1\t2\t3\n\t\t\t合计\t5.00\t5.00\t"
    )
    return {b.code: b for b in text_table_blocks(read_text_report(text.encode("utf-8")).lines)}


def test_government_fund_and_state_capital_tables_rows():
    blocks = _filled_fund_tables()
    _, t07 = function_rows(blocks["T07"])
    _, t08 = function_rows(blocks["T08"])
    assert {m.metric: m.value for m in t07} == {
        "government_fund_income": Decimal("12.00"),
        "government_fund_expenditure": Decimal("10.00"),
        "government_fund_carryover_end": Decimal("2.00"),
    }
    assert {m.metric: m.value for m in t08} == {"state_capital_expenditure": Decimal("5.00")}
