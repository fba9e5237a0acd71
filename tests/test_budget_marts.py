"""Budgets through the warehouse: the university's 2023 budget and final account join, budget
figures land in budget columns, and no budget is told its tables are images."""

import shutil
from collections import defaultdict
from decimal import Decimal

import pytest
from juesuan.landing.pdf_reader import read_pdf_report

from tests.conftest import SHARED_BUDGETS, SHARED_PDFS, build_warehouse

# Budget rules the samples never break get a failing case from a text copy of 21 (its PDF's
# lines, each page followed by its table rows tab-separated) with one figure changed.
INSERTED_ERRORS = [
    ("\t22,473,997.81\t", "\t22,573,997.81\t", "BT_TABLE_SUM"),  # B06 合计's 人员经费
    ("\t22,473,997.81\t", "\t22,573,997.81\t", "BC_METRIC_SUM"),  # … against B05's 基本支出
    ("\n预算拨款支出预算9,101.68万元", "\n预算拨款支出预算9,111.68万元", "BN_METRIC_SUM"),  # 一般公共 wrapped
    ("（三）公务接待费28.50万元", "（三）公务接待费38.50万元", "BN_THREE_PUBLIC"),
]
# No sample final account prints a 年初预算 for an organisation and year a sample budget covers.
UNTESTABLE = {"BX_FINAL_INITIAL_BUDGET"}
BUDGET_RULES = {rule for *_, rule in INSERTED_ERRORS} | UNTESTABLE
SOURCE_21 = SHARED_BUDGETS / "21_shanghai_putuo_bangongshi_2025_budget.pdf"

FILES = [
    SHARED_BUDGETS / "25_chongqing_swu_university_2023_budget.pdf",
    SHARED_BUDGETS / "23_shanghai_putuo_wanli_2025_budget.pdf",
    SHARED_PDFS / "07_chongqing_swu_university_2023_final.pdf",
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, dbt_manifest):
    if not all(path.exists() for path in FILES):
        pytest.skip(f"real budget and final-account PDFs not present under {SHARED_BUDGETS.parent} (never committed)")
    root = tmp_path_factory.mktemp("budget_marts")
    (root / "raw").mkdir()
    for path in FILES:
        shutil.copy(path, root / "raw" / path.name)
    text = _text_copy(SOURCE_21)
    for original, changed in dict((o, c) for o, c, _ in INSERTED_ERRORS).items():
        assert original in text, original
        text = text.replace(original, changed, 1)
    (root / "raw" / "21_inserted_errors.txt").write_text(text, encoding="utf-8")
    conn = build_warehouse(root)
    yield conn
    conn.close()


def _text_copy(path) -> str:
    """The PDF as a text extraction: each page's lines, then its table rows tab-separated."""
    document = read_pdf_report(path)
    rows = defaultdict(lambda: defaultdict(dict))
    for cell in document.cells:
        rows[cell.page_no][(cell.table_no, cell.row_no)][cell.col_no] = (cell.text or "").replace("\n", "")
    pages = []
    for page_no in range(1, document.page_count + 1):
        lines = [line.text for line in document.lines if line.page_no == page_no]
        for _, cells in sorted(rows[page_no].items()):
            lines.append("\t".join(cells.get(col, "") for col in range(1, max(cells) + 1)))
        pages.append("\n".join(lines))
    return "\f".join(pages)


def test_every_budget_rule_is_seen_passing_and_failing(warehouse):
    statuses = defaultdict(set)
    for rule, status in _one(warehouse, "select rule_id, status from marts.fct_reconciliation_checks"):
        statuses[rule].add(status)
    assert {rule: {"pass", "fail"} - statuses[rule] for rule in BUDGET_RULES - UNTESTABLE} == {
        rule: set() for rule in BUDGET_RULES - UNTESTABLE
    }
    for _original, changed, rule in INSERTED_ERRORS:
        failing = _one(
            warehouse,
            "select d.source_file from marts.fct_reconciliation_checks c join marts.dim_reports d "
            "using (report_id) where c.rule_id = ? and c.status = 'fail'",
            rule,
        )
        assert failing and {f for (f,) in failing} == {"21_inserted_errors.txt"}, (rule, changed)


def _one(conn, sql, *params):
    return conn.execute(sql, list(params)).fetchall()


def test_same_university_links_across_families(warehouse):
    rows = _one(
        warehouse,
        "select report_type, report_scope, organization_key from marts.dim_reports "
        "where organization_name = '西南大学' order by report_type",
    )
    assert [(t, s) for t, s, _ in rows] == [("budget", "department"), ("final_account", "department")]
    assert len({key for *_, key in rows}) == 1
    assert _one(
        warehouse,
        "select report_count, first_year, last_year from marts.dim_organizations where organization_key = ?",
        rows[0][2],
    ) == [(2, 2023, 2023)]


def test_budget_vs_final_for_the_university_2023(warehouse):
    rows = dict(
        ((kind, basis, code), (budget, final, diff, rate))
        for kind, basis, code, budget, final, diff, rate in _one(
            warehouse,
            "select item_kind, basis, item_code, budget_wan, final_wan, difference_wan, execution_rate_pct "
            "from marts.fct_budget_vs_final where fiscal_year = 2023",
        )
    )
    budget, final, diff, rate = rows[("function", "expenditure", "205")]  # 教育支出: B03 vs T03
    assert budget == Decimal("434334.99") and final is not None and diff == final - budget
    assert rate == (final * 100 / budget).quantize(Decimal("0.000001"), rounding="ROUND_DOWN")
    assert rows[("total", "total", "total_expenditure")][0] == Decimal("468779.07")


def test_budget_figures_in_budget_columns_and_yuan_converted_exactly(warehouse):
    assert _one(
        warehouse,
        "select count(*) from marts.fct_three_public_costs c join marts.dim_reports d using (report_id) "
        "where d.report_type = 'budget' and c.actual_wan is not null",
    ) == [(0,)]
    # 23's B05 prints 17,464,243 元 for 2120102 一般行政管理事务
    assert _one(
        warehouse,
        "select total_wan, reported_unit from marts.fct_expenditure_by_function "
        "where source_table = 'B05' and function_code = '2120102'",
    ) == [(Decimal("1746.424300"), "元")]


def test_no_budget_is_told_its_tables_are_images(warehouse):
    assert _one(
        warehouse,
        "select count(*) from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id) "
        "where d.report_type = 'budget' and c.explanation ilike '%image%'",
    ) == [(0,)]
    statuses = dict(
        _one(
            warehouse,
            "select subject, status from marts.fct_reconciliation_checks c "
            "join marts.dim_reports d using (report_id) where c.rule_id = 'CO_STANDARD_TABLES' "
            "and d.source_file like '25_%'",
        )
    )
    assert statuses == {"B01": "pass", "B02": "pass", "B03": "pass", "B05": "pass"}


def test_budget_findings(warehouse):
    # 25's B02: 20502 普通教育 prints 520,603.91 where its items add to 520,603.41
    assert _one(
        warehouse,
        "select expected_value, actual_value, status from marts.fct_reconciliation_checks "
        "where rule_id = 'TA_FUNCTION_HIERARCHY' and subject = 'B02 20502'",
    ) == [(Decimal("520603.41"), Decimal("520603.91"), "fail")]
    # the university's final account prints no 年初预算: the cross-document check says so
    notes = _one(
        warehouse,
        "select c.note from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id) "
        "where c.rule_id = 'BX_FINAL_INITIAL_BUDGET' and d.source_file like '25_%'",
    )
    assert notes == [("the final account of the same year prints no 年初预算 for the items this budget states",)]
    assert _one(
        warehouse,
        "select status from marts.fct_reconciliation_checks where rule_id = 'BT_TABLE_SUM' "
        "and subject like 'B01 grand_total (%' ",
    ) == [("pass",)]


def test_every_table_figure_of_the_budgets_and_the_university_is_read(warehouse):
    """Read coverage: the figures placed by row label and column header, of those the standard tables print."""
    coverage = _one(
        warehouse,
        "select source_file, table_numbers_found, read_coverage_pct from marts.dim_reports "
        "where source_format = 'pdf' order by 1",
    )
    assert len(coverage) == 3 and all(found > 100 and pct >= 98 for _, found, pct in coverage), coverage


def test_budget_vs_final_names_totals_and_three_public_items_as_the_template_does(warehouse):
    labels = dict(_one(warehouse, "select metric, label_zh from marts.dim_metrics"))
    rows = _one(
        warehouse,
        "select item_code, item_name from marts.fct_budget_vs_final where item_kind in ('total', 'three_public')",
    )
    assert rows and all(name == labels[code] for code, name in rows), rows
    assert ("basic_expenditure", "基本支出") in rows or ("total_expenditure", "本年支出合计") in rows


def test_budget_chapters_are_asked_of_local_budgets_only(warehouse):
    """CO_BUDGET_CHAPTERS (issue 26): Shanghai's district budget carries its four chapters; the university's
    budget follows the central template (学校基本情况, 部门预算情况说明, no “三公” chapter) and is not held to them."""
    statuses = dict(
        _one(
            warehouse,
            "select d.source_file, list(distinct c.status) from marts.fct_reconciliation_checks c "
            "join marts.dim_reports d using (report_id) where c.rule_id = 'CO_BUDGET_CHAPTERS' group by all",
        )
    )
    assert statuses.get("23_shanghai_putuo_wanli_2025_budget.pdf") == ["pass"]
    assert "25_chongqing_swu_university_2023_budget.pdf" not in statuses
