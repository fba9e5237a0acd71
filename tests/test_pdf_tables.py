"""Tables from PDF cells: the synthetic PDF always, the real shared PDFs when present."""

from decimal import Decimal

import pytest
from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.parsing.report import parse_report
from juesuan.parsing.tables.blocks import pdf_table_blocks
from juesuan.parsing.tables.rows import function_rows

from tests.conftest import SHARED_PDFS


def test_synthetic_pdf_table_is_found_by_its_title_and_parsed(synthetic_report_pdf):
    document = read_pdf_report(synthetic_report_pdf)
    # The title is on page 1, the table on page 2: the table continues its title.
    blocks = pdf_table_blocks(document.lines, document.cells)
    assert [(b.code, len(b.rows)) for b in blocks] == [("T02", 4)]
    amounts, metrics = function_rows(blocks[0])
    assert [(a.function_code, a.total) for a in amounts] == [
        ("201", Decimal("1857.73")),
        ("2010301", Decimal("1400.04")),
    ]
    assert [(m.metric, m.value) for m in metrics][0] == ("total_income", Decimal("3061.55"))
    assert amounts[0].provenance.page_no == 2 and amounts[0].provenance.line_no is None


@pytest.fixture(scope="module")
def parsed_pdfs():
    if not any(SHARED_PDFS.glob("*.pdf")):
        pytest.skip(f"real sample PDFs not present at {SHARED_PDFS} (they are never committed)")
    return {path.name[:2]: parse_report(*_landed(path)) for path in sorted(SHARED_PDFS.glob("*.pdf"))}


def _landed(path):
    document = read_pdf_report(path)
    return document.lines, document.cells


def _metric(parsed, metric, table):
    return [m.value for m in parsed.metrics if m.metric == metric and m.provenance.source_table == table]


def test_shanghai_finance_bureau_summary_table(parsed_pdfs):
    bureau = parsed_pdfs["01"]
    assert _metric(bureau, "total_income", "T01") == [Decimal("2946.25")]
    assert _metric(bureau, "total_expenditure", "T01") == [Decimal("2940.05")]
    assert _metric(bureau, "grand_total", "T01") == [Decimal("2995.39")]  # on the page after the table starts
    assert {t.code for t in bureau.tables} == {f"T0{n}" for n in range(1, 10)}
    assert {t.code for t in bureau.tables if t.declared_empty} == {"T07", "T08"}


def test_shanghai_split_codes_and_tables_across_pages(parsed_pdfs):
    rows = {(a.provenance.source_table, a.function_code): a for a in parsed_pdfs["01"].function_amounts}
    administration = rows[("T03", "2010601")]  # 类/款/项 in three cells: 201 | 06 | 01
    assert (administration.total, administration.basic, administration.project) == (
        Decimal("1511.89"),
        Decimal("1503.52"),
        Decimal("8.37"),
    )
    assert rows[("T02", "2210201")].provenance.page_no == 9  # second page of T02


def test_shanghai_three_public_pairs_budget_and_actual(parsed_pdfs):
    table = {
        c.item: (c.budget, c.actual) for c in parsed_pdfs["02"].three_public_costs if c.provenance.source_table == "T09"
    }
    assert table["total"] == (Decimal("2.85"), Decimal("0.39"))
    assert table["reception"] == (Decimal("2.85"), Decimal("0.39"))


def test_university_template_tables_do_not_run_into_unknown_tables(parsed_pdfs):
    university = parsed_pdfs["07"]
    assert [t.code for t in university.tables] == ["T01", "T02", "T03"]
    assert _metric(university, "total_expenditure", "T03") == [Decimal("457676.75")]
    assert university.identity.organization_name == "西南大学"


def test_rows_continued_over_a_page_break_are_all_kept(parsed_pdfs):
    """The first row of each continuation page is kept, also when its cells wrap: 02's T05 row
    22102 prints its code on a text line of its own, 01's T04 class 资源勘探工业信息等支出 over two."""
    planning = {(a.provenance.source_table, a.function_code): a for a in parsed_pdfs["02"].function_amounts}
    housing_reform = planning[("T05", "22102")]
    assert (housing_reform.provenance.page_no, housing_reform.total) == (15, Decimal("461.08"))
    assert planning[("T05", "221")].provenance.page_no == 14  # its class row is on the page before
    assert planning[("T03", "212")].provenance.page_no == 11  # first row of T03's second page
    t04 = next(t for t in parsed_pdfs["01"].tables if t.code == "T04")
    first_on_page_13 = next(row for row in t04.rows if row.provenance.page_no == 13)
    assert "十四、资源勘探工业信息等支出" in first_on_page_13.cells
