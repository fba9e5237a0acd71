"""Layouts of regions we have no sample of, re-laid from the samples' own cells: each must give the facts
its source gives. The structural reader (parsing/tables/grid.py), the vocabulary (vocabulary.csv), table
numbers (公开NN表), header signatures and identity from table headers are what make them read."""

from decimal import Decimal
from pathlib import Path

import pytest
from juesuan.landing.land import land_report_file
from juesuan.landing.models import ReportFile
from juesuan.landing.text_reader import read_text_report
from juesuan.parsing.report import ParsedReport, parse_report
from juesuan.parsing.tables.grid import read_table

from tests.conftest import SHARED_BUDGETS, sample_path
from tests.pdf_factory import table_page_pdf, table_pages_pdf

ORG_LINE = "部门名称：上海市普陀区人民政府办公室"


def _parse_file(path: Path) -> ParsedReport:
    document = land_report_file(
        ReportFile(source_file=path.name, path=path, sha256="0" * 64, bytes=path.stat().st_size)
    )
    return parse_report(document.lines, document.cells)


def _table_metrics(parsed: ParsedReport, code: str) -> set[tuple[str, Decimal]]:
    return {(m.metric, m.value) for m in parsed.metrics if m.provenance.source_table == code}


def _block(parsed: ParsedReport, code: str):
    return next(block for block in parsed.tables if block.code == code)


@pytest.fixture(scope="module")
def putuo_budget() -> ParsedReport:
    """上海市普陀区人民政府办公室 2025 部门预算 (sample 21): the source of the re-laid tables."""
    path = next(SHARED_BUDGETS.glob("21_*.pdf"), None)
    if path is None:
        pytest.skip(f"real budget PDFs not present at {SHARED_BUDGETS} (they are never committed)")
    return _parse_file(path)


def _relaid(path: Path, heading: list[str], rows: list[list[str]], code: str, spans: list[tuple] = ()) -> ParsedReport:
    """The rows re-laid on a page under the heading lines, parsed: the one table found must be `code`."""
    parsed = _parse_file(table_page_pdf(path, heading, rows, spans))
    assert [block.code for block in parsed.tables] == [code]
    return parsed


def _rows(parsed: ParsedReport, code: str) -> list[list[str]]:
    return [list(row.cells) for row in _block(parsed, code).rows]


def test_a_table_numbered_gongkai_with_the_national_title_reads_as_its_source(putuo_budget, tmp_path):
    """公开01表 above the national template's title 部门收支总表 instead of Shanghai's 财务收支预算总表."""
    parsed = _relaid(
        tmp_path / "numbered.pdf",
        ["公开01表", "部门收支总表", f"{ORG_LINE} 单位：元"],
        _rows(putuo_budget, "B01"),
        "B01",
    )
    assert _table_metrics(parsed, "B01") == _table_metrics(putuo_budget, "B01")


def test_a_table_printed_without_a_title_is_known_by_its_header(putuo_budget, tmp_path):
    """Only "公开03表" and the unit line: the header (合计 | 基本支出 | 项目支出, no 收入) signs 部门支出总表."""
    parsed = _relaid(
        tmp_path / "untitled.pdf",
        ["上海市普陀区人民政府办公室2025年部门预算", "公开03表", "单位：元"],
        _rows(putuo_budget, "B03"),
        "B03",
    )
    assert _table_metrics(parsed, "B03") == _table_metrics(putuo_budget, "B03")
    source = {
        (a.function_code, a.total, a.basic, a.project)
        for a in putuo_budget.function_amounts
        if a.provenance.source_table == "B03"
    }
    assert {(a.function_code, a.total, a.basic, a.project) for a in parsed.function_amounts} == source


def test_a_table_with_neither_title_nor_number_is_known_by_its_header_cells(putuo_budget, tmp_path):
    """Sample 21's 一般公共预算基本支出表 on a page that prints only its unit line: 人员经费 and 公用经费 in the
    header cells sign it."""
    parsed = _relaid(tmp_path / "no_title.pdf", ["单位：元"], _rows(putuo_budget, "B06"), "B06")
    source = {(a.economic_code, a.amount) for a in putuo_budget.economic_amounts}
    assert source and {(a.economic_code, a.amount) for a in parsed.economic_amounts} == source


def test_a_vertical_income_table_with_merged_labels_gives_its_sources_income_figures(putuo_budget, tmp_path):
    """The income table as a label | amount list with two levels of merged labels (一般公共预算资金 over 小计
    and its sources), laid out with sample 21's own income figures."""
    figures = dict(_table_metrics(putuo_budget, "B01"))
    general, total = figures["general_budget_income"], dict(_table_metrics(putuo_budget, "B02"))["total_income"]
    amount = f"{general:,}"
    rows = [
        ["项目", "", "金额"],
        ["合计", "", f"{total:,}"],
        ["一般公共预算资金", "小计", amount],
        ["", "公共财政拨款（补助）资金", amount],
        ["", "纳入预算管理的非税收入", ""],
        ["财政专户管理资金", "小计", ""],
        ["", "专户管理教育收费", ""],
        ["政府性基金预算资金", "", ""],
        ["国有资本经营预算资金", "", ""],
        ["其他收入", "", ""],
    ]
    spans = [((0, 2), (0, 4)), ((0, 5), (0, 6)), ((0, 0), (1, 0)), ((0, 1), (1, 1))]
    parsed = _relaid(
        tmp_path / "vertical.pdf", ["公开02表", "收入预算总表", f"{ORG_LINE} 单位：元"], rows, "B02", spans
    )
    assert _table_metrics(parsed, "B02") == {("total_income", total), ("general_budget_income", general)}
    labels = {value.row_label for value in parsed.table_values}
    assert labels == {"合计", "一般公共预算资金 / 小计", "一般公共预算资金 / 公共财政拨款（补助）资金"}
    assert not [issue for issue in parsed.issues if "B02" in issue[0]]


def test_an_expenditure_table_of_one_row_under_five_types_gives_the_totals(putuo_budget, tmp_path):
    """支出预算总表 as one row under 合计 | 基本支出 | 项目支出 | 单位预留机动经费 | 结转下年资金, labelled with the
    department's name: sample 21's B03 totals."""
    totals = dict(_table_metrics(putuo_budget, "B03"))
    row = [f"{totals[metric]:,}" for metric in ("total_expenditure", "basic_expenditure", "project_expenditure")]
    rows = [
        ["单位名称", "合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"],
        ["上海市普陀区人民政府办公室", *row, "", ""],
    ]
    parsed = _relaid(tmp_path / "one_row.pdf", ["公开03表", "支出预算总表", f"{ORG_LINE} 单位：元"], rows, "B03")
    assert _table_metrics(parsed, "B03") == _table_metrics(putuo_budget, "B03")


def test_a_table_whose_title_is_printed_again_on_its_next_page_is_one_table(putuo_budget, tmp_path):
    """Sample 21's 部门支出预算总表 over two pages, its title, unit line and header printed on both."""
    rows = _rows(putuo_budget, "B03")
    header, body = rows[:3], rows[3:]
    heading = ["公开03表", "支出预算总表", f"{ORG_LINE} 单位：元"]
    half = len(body) // 2
    pdf = table_pages_pdf(
        tmp_path / "two_pages.pdf", [(heading, header + body[:half], []), (heading, header + body[half:], [])]
    )
    parsed = _parse_file(pdf)
    assert [block.code for block in parsed.tables] == ["B03"]
    assert _table_metrics(parsed, "B03") == _table_metrics(putuo_budget, "B03")
    source = {(a.function_code, a.total) for a in putuo_budget.function_amounts if a.provenance.source_table == "B03"}
    assert {(a.function_code, a.total) for a in parsed.function_amounts} == source


def _wide_three_public_rows(
    source: ParsedReport, meeting: str, training: str, total: str | None = None
) -> list[list[str]]:
    """Sample 21's “三公” table with 会议费 and 培训费 columns in place of its 机关运行经费 column; its 合计 as
    printed, or as given (a county's 合计 counts 会议费 and 培训费 too)."""
    rows = _rows(source, "B09")
    widened = [
        row[:-1] + extra for row, extra in zip(rows, [["会议费", "培训费"], ["", ""], ["", ""], [meeting, training]])
    ]
    if total is not None:
        widened[3][0] = total
    return widened


def test_a_three_public_table_with_meeting_and_training_columns_keeps_its_items(putuo_budget, tmp_path):
    """A county's 三公 table: 会议费 and 培训费 columns after the three items; the items read as in the source."""
    pdf = table_page_pdf(
        tmp_path / "three_public.pdf",
        ["公开08表", "一般公共预算“三公”经费支出表", f"{ORG_LINE} 单位：万元"],
        _wide_three_public_rows(putuo_budget, "0.00", "0.00"),
    )
    parsed = _parse_file(pdf)
    source = {
        (cost.item, cost.budget) for cost in putuo_budget.three_public_costs if cost.provenance.source_table == "B09"
    }
    assert {(cost.item, cost.budget) for cost in parsed.three_public_costs} == source
    assert {("meeting_cost", Decimal("0.00")), ("training_cost", Decimal("0.00"))} <= _table_metrics(parsed, "B09")


def _text_report(lines: list[str]) -> ParsedReport:
    document = read_text_report("\n".join(lines).encode())
    return parse_report(document.lines, document.cells)


def _split_at_tables(prefix: str) -> tuple[list[str], list[str]]:
    """A text sample's narrative and its tables (第二部分 up to 第三部分), as a department publishing two files."""
    lines = sample_path(prefix).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.replace(" ", "").startswith("第二部分") and i > 60)
    end = next(i for i, line in enumerate(lines) if line.replace(" ", "").startswith("第三部分") and i > start)
    return lines[:start] + lines[end:], lines[start:end]


def test_a_disclosure_split_into_narrative_and_tables_files_keeps_both_identities_and_facts():
    """Sample 004 as two files: the tables-only file takes its organisation from the tables' part heading and
    单位 lines, and its year and family from their titles; together they give the source's facts."""
    source = _text_report(sample_path("004").read_text(encoding="utf-8").splitlines())
    narrative_lines, table_lines = _split_at_tables("004")
    narrative, tables = _text_report(narrative_lines), _text_report(table_lines)
    for part in (narrative, tables):
        assert part.identity.organization_key == source.identity.organization_key
        assert (part.identity.fiscal_year, part.identity.report_type) == (source.identity.fiscal_year, "final_account")
    assert tables.identity.organization_name == source.identity.organization_name == "武汉市蔡甸区人民政府办公室"

    def table_facts(parsed):
        return (
            {(m.metric, m.value) for m in parsed.metrics if m.provenance.source_table},
            {(a.function_code, a.function_name, a.total) for a in parsed.function_amounts if a.provenance.source_table},
        )

    def narrative_facts(parsed):
        return {(m.metric, m.value) for m in parsed.metrics if m.provenance.source_kind == "narrative"}

    assert table_facts(tables) == table_facts(source)
    assert narrative_facts(narrative) == narrative_facts(source)


@pytest.mark.parametrize(("unit", "scale"), [("元", 10000), ("千元", 10)])
def test_tables_in_yuan_and_thousands_give_the_same_figures_in_wan(unit, scale):
    """Sample 003's tables with every amount printed in 元 or 千元 under a matching unit line."""
    import re

    def rescaled(line: str) -> str:
        if "\t" not in line:
            return line.replace("单位：万元", f"单位：{unit}").replace("单位: 万元", f"单位: {unit}")
        # amounts print decimals; line numbers (行次) and column numbers (栏次) do not
        return re.sub(r"\d[\d,]*\.\d+", lambda amount: f"{Decimal(amount.group().replace(',', '')) * scale:.2f}", line)

    lines = sample_path("003").read_text(encoding="utf-8").splitlines()
    source, changed = _text_report(lines), _text_report([rescaled(line) for line in lines])
    as_wan = {(v.provenance.source_table, v.row_label, v.column_header, v.value) for v in source.table_values}
    read = {
        (v.provenance.source_table, v.row_label, v.column_header, v.value / scale)
        for v in changed.table_values
        if v.reported_unit == unit
    }
    assert read == as_wan


def test_every_figure_of_the_samples_tables_is_placed():
    """Read coverage of the bundled text samples with tables: every figure gets a row label and a column header."""
    for prefix in ("003", "004"):
        parsed = _text_report(sample_path(prefix).read_text(encoding="utf-8").splitlines())
        found = sum(read.numeric_cells for read in parsed.table_reads)
        placed = sum(len(read.values) for read in parsed.table_reads)
        assert found > 200 and placed == found, prefix


def test_merged_labels_are_carried_down_only_inside_the_label_columns():
    """A two-sided row whose left side prints no figure must not nest its right-hand label under the left one."""
    lines = sample_path("004").read_text(encoding="utf-8").splitlines()
    parsed = _text_report(lines)
    t01 = read_table(_block(parsed, "T01"))
    assert all(" / " not in (value.row_label or "") for value in t01.values)


@pytest.fixture(scope="module")
def regional_warehouse(tmp_path_factory, dbt_manifest):
    """One build of the regional layouts that need the whole pipeline: sample 004 as a narrative-only and a
    tables-only file (one narrative figure changed), and, with the shared samples, sample 21's “三公” table
    widened by 会议费 10.00 and 培训费 5.00 with its 合计 counting them (2025) or not (2024)."""
    from tests.conftest import build_warehouse

    root = tmp_path_factory.mktemp("regional")
    (root / "raw").mkdir()
    narrative, tables = _split_at_tables("004")
    changed = [line.replace("2024 年度收入合计 1548.12 万元", "2024 年度收入合计 1558.12 万元") for line in narrative]
    assert changed != narrative
    (root / "raw" / "情况说明.txt").write_text("\n".join(changed), encoding="utf-8")
    (root / "raw" / "公开表格.txt").write_text("\n".join(tables), encoding="utf-8")
    budget = next(SHARED_BUDGETS.glob("21_*.pdf"), None)
    if budget is not None:
        source = _parse_file(budget)
        counted = f"{Decimal(_rows(source, 'B09')[3][0]) + 15:.2f}"
        for year, total in (("2025", counted), ("2024", None)):
            table_page_pdf(
                root / "raw" / f"三公_{year}.pdf",
                [
                    f"上海市普陀区人民政府办公室{year}年部门预算",
                    "公开08表",
                    "一般公共预算“三公”经费支出表",
                    f"{ORG_LINE} 单位：万元",
                ],
                _wide_three_public_rows(source, "10.00", "5.00", total),
            )
    with build_warehouse(root) as conn:
        yield conn


def test_a_disclosure_in_two_files_is_one_organisation_and_year_and_is_checked_across_them(regional_warehouse):
    """Both files get the organisation and year, and the narrative's figures are checked against the other
    file's tables."""
    reports = regional_warehouse.execute("""select source_file, organization_name, fiscal_year, report_type
                                            from marts.dim_reports where source_format = 'text' order by source_file""").fetchall()
    assert reports == [
        ("公开表格.txt", "武汉市蔡甸区人民政府办公室", 2024, "final_account"),
        ("情况说明.txt", "武汉市蔡甸区人民政府办公室", 2024, "final_account"),
    ]
    checks = dict(
        regional_warehouse.execute("""select split_part(subject, ' ', 1), status from marts.fct_reconciliation_checks
                                                where rule_id = 'NT_COMPANION_FILE'""").fetchall()
    )
    assert checks["total_income"] == "fail"
    assert checks["total_expenditure"] == checks["grand_total"] == checks["personnel_cost"] == "pass"


def test_a_three_public_total_that_counts_meeting_and_training_costs_is_no_discrepancy(regional_warehouse):
    """The 合计 of a wider “三公” table counts 会议费 and 培训费: it is checked against all five columns."""
    if not any(SHARED_BUDGETS.glob("21_*.pdf")):
        pytest.skip(f"real budget PDFs not present at {SHARED_BUDGETS} (they are never committed)")
    statuses = dict(
        regional_warehouse.execute("""
        select d.fiscal_year, c.status from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id)
        where c.rule_id = 'TA_THREE_PUBLIC_TOTAL' and c.subject = 'B09 total budget'""").fetchall()
    )
    assert statuses == {2025: "pass", 2024: "fail"}


def test_every_sample_reads_at_least_98_percent_of_its_table_figures(sample_warehouse):
    """The bundled texts and the shared final-account PDFs: coverage where tables print figures, null where
    they are images (000–002)."""
    import duckdb

    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        rows = conn.execute(
            "select source_file, table_numbers_found, read_coverage_pct from marts.dim_reports"
        ).fetchall()
    with_figures = [(source, pct) for source, found, pct in rows if found]
    assert len(with_figures) >= 2 and all(pct >= 98 for _, pct in with_figures), with_figures
    assert all(pct is None for _, found, pct in rows if not found)
