"""An OCR'd table fact's confidence is that of the cells it carries (no recognition: the text layer's cells,
marked as OCR'd with chosen confidences)."""

import dataclasses

import pdfplumber
import pytest

from juesuan.config import ocr_min_confidence
from juesuan.landing.models import Line
from juesuan.landing.pdf_reader import LINE_Y_TOLERANCE, _page_cells
from juesuan.parsing.report import parse_report
from tests.conftest import SHARED_BUDGETS

# 23's 部门收入预算总表 (B02) runs over pages 10 to 12; page 12's rows print 合计 | 财政拨款收入 and three
# other-income columns of 0 (`208 | 05 | 06 | 机关事业单位职业年金缴费支出 | 2,413,577 | 2,413,577 | 0 | 0 | 0`):
# the 功能分类 fact carries the 合计 only.
SAMPLE, PAGES, OCR_PAGE = "23", (10, 11, 12), 12
SURE, UNSURE = 0.97, 0.78


@pytest.fixture(scope="module")
def table_pages():
    found = sorted(SHARED_BUDGETS.glob(f"{SAMPLE}_*.pdf"))
    if not found:
        pytest.skip(f"sample {SAMPLE} not present under {SHARED_BUDGETS}")
    lines, cells = [], []
    with pdfplumber.open(found[0]) as pdf:
        for page_no in PAGES:
            page = pdf.pages[page_no - 1]
            for text in (page.extract_text(y_tolerance=LINE_Y_TOLERANCE) or "").splitlines():
                lines.append(Line(page_no, len(lines) + 1, text))
            cells += _page_cells(page, page_no)
    return lines, cells


def _read_by_ocr(cells, unsure: dict[tuple[int, int], float]):
    """Page 12's cells as OCR gives them: every cell read surely but those at (row, column) in `unsure`."""
    return [dataclasses.replace(c, extraction_method="ocr", confidence=unsure.get((c.row_no, c.col_no), SURE))
            if c.page_no == OCR_PAGE else c for c in cells]


def _page_facts(parsed):
    return {(f.function_code, f.total): f for f in parsed.function_amounts if f.provenance.page_no == OCR_PAGE}


def test_an_unsure_figure_the_fact_does_not_carry_leaves_it_its_own_figures_confidence(table_pages):
    lines, cells = table_pages
    row = next(c.row_no for c in cells if c.page_no == OCR_PAGE and c.text == "机关事业单位职业年金缴费支出")
    # A lone 0 in the 事业收入 column, read unsurely as the recogniser reads lone zeros.
    zero = next(c.col_no for c in cells if c.page_no == OCR_PAGE and c.row_no == row and c.text == "0")
    parsed = parse_report(lines, _read_by_ocr(cells, {(row, zero): UNSURE}))
    assert UNSURE < ocr_min_confidence() < SURE
    fact = _page_facts(parsed)[("2080506", 2413577)]
    assert fact.provenance.extraction_method == "ocr" and fact.provenance.confidence == SURE
    assert not [message for stage, message in parsed.issues if stage.startswith("ocr")]
    # fct_table_values: each figure with its own cell's confidence
    values = [v for v in parsed.table_values if v.provenance.page_no == OCR_PAGE and v.row_code == "2080506"]
    assert len(values) == 5 and {v.col_no: v.provenance.confidence for v in values if v.cell_text == "0"}[zero] == UNSURE
    assert sorted(v.provenance.confidence for v in values) == [UNSURE] + [SURE] * 4


def test_an_unsure_figure_the_fact_carries_makes_it_a_parse_issue(table_pages):
    lines, cells = table_pages
    total = next(c for c in cells if c.page_no == OCR_PAGE and c.text == "45,200")  # 红十字事业's 合计
    parsed = parse_report(lines, _read_by_ocr(cells, {(total.row_no, total.col_no): UNSURE}))
    facts = _page_facts(parsed)
    assert ("20816", 45200) not in facts and ("2081602", 45200) in facts  # only the row read unsurely is dropped
    issues = [message for stage, message in parsed.issues if stage == f"ocr (page {OCR_PAGE})"]
    assert len(issues) == 1 and f"confidence {UNSURE:.2f}, below the floor" in issues[0] and "红十字事业" in issues[0]


def test_an_unsure_code_part_makes_the_fact_a_parse_issue(table_pages):
    """The code says which figure a fact is: a misread code is as wrong as a misread amount."""
    lines, cells = table_pages
    part = next(c for c in cells if c.page_no == OCR_PAGE and c.text == "17")  # 计划生育服务's 项 code (2100717)
    parsed = parse_report(lines, _read_by_ocr(cells, {(part.row_no, part.col_no): UNSURE}))
    facts = _page_facts(parsed)
    assert ("2100717", 200000) not in facts and ("21007", 200000) in facts
