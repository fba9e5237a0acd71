"""Table facts from OCR'd cells: a fact's confidence is that of the cells it carries, and a name misread by one
character is the national name (no recognition: a real table's text-layer cells, marked as OCR'd, with the
confidences and misreadings the recogniser gave on the scan corpus)."""

import dataclasses
from functools import cache

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


@cache
def _text_layer(pages: tuple[int, ...]) -> tuple[list[Line], list]:
    """The lines and table cells of the sample's pages, as the PDF reader lands them from the text layer."""
    found = sorted(SHARED_BUDGETS.glob(f"{SAMPLE}_*.pdf"))
    if not found:
        pytest.skip(f"sample {SAMPLE} not present under {SHARED_BUDGETS}")
    lines, cells = [], []
    with pdfplumber.open(found[0]) as pdf:
        for page_no in pages:
            page = pdf.pages[page_no - 1]
            for text in (page.extract_text(y_tolerance=LINE_Y_TOLERANCE) or "").splitlines():
                lines.append(Line(page_no, len(lines) + 1, text))
            cells += _page_cells(page, page_no)
    return lines, cells


@pytest.fixture
def table_pages():
    return _text_layer(PAGES)


def _read_by_ocr(cells, unsure: dict[tuple[int, int], float] | None = None, misread: dict[str, str] | None = None):
    """Page 12's cells as OCR gives them: every cell read surely but those at (row, column) in `unsure`, the texts
    in `misread` read as their value there."""
    unsure, misread = unsure or {}, misread or {}
    return [
        dataclasses.replace(
            c,
            text=misread.get(c.text, c.text),
            extraction_method="ocr",
            confidence=unsure.get((c.row_no, c.col_no), SURE),
        )
        if c.page_no == OCR_PAGE
        else c
        for c in cells
    ]


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
    assert (
        len(values) == 5 and {v.col_no: v.provenance.confidence for v in values if v.cell_text == "0"}[zero] == UNSURE
    )
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


def _names(parsed) -> dict[str, str]:
    return {f.function_code: f.function_name for f in parsed.function_amounts if f.provenance.page_no == OCR_PAGE}


def test_a_name_misread_by_one_character_is_the_national_name(table_pages):
    lines, cells = table_pages
    # As read on the skewed and photocopied copies of this page: the 一 of 一般行政管理事务 dropped (2081602 is not
    # in the national list's 项, the name is); 计划生育事务 with one character replaced (the code's own name).
    misread = {"一般行政管理事务": "般行政管理事务", "计划生育事务": "计划生肓事务"}
    names = _names(parse_report(lines, _read_by_ocr(cells, misread=misread)))
    assert names["2081602"] == "一般行政管理事务" and names["21007"] == "计划生育事务"
    assert names["2100717"] == "计划生育服务"  # one character from 21007's name, but another row's: left as read
    # The text layer's names are never changed (a report may print its own wording).
    assert (
        _names(parse_report(lines, [dataclasses.replace(c, text=misread.get(c.text, c.text)) for c in cells]))[
            "2081602"
        ]
        == "般行政管理事务"
    )


def test_a_wrapped_name_missing_its_last_line_is_its_codes_national_name(table_pages):
    lines, cells = table_pages
    # As read on 25's photocopied page 8: 社会保障和就业支出 wraps, its second line 支出 not found.
    names = _names(
        parse_report(lines, _read_by_ocr(cells, misread={"卫生健康支出": "卫生健康", "计划生育事务": "计划"}))
    )
    assert names["210"] == "卫生健康支出" and names["21007"] == "计划"  # two characters say too little


def test_a_name_two_characters_off_is_left_as_read(table_pages):
    lines, cells = table_pages
    misread = {"就业补助": "就补", "红十字事业": "红十事"}  # two characters dropped: not a one-character misreading
    names = _names(parse_report(lines, _read_by_ocr(cells, misread=misread)))
    assert names["20807"] == "就补" and names["20816"] == "红十事"


def test_a_summary_label_misread_by_one_character_still_names_its_metric():
    """23's 财务收支预算总表 (B01, page 9): `1. 一般公共预算资金 | 189,767,551`, 算 read as 箅 (as the recogniser
    confuses them); a label two characters off names nothing."""
    lines, cells = _text_layer((9,))
    label = next(c for c in cells if c.text == "1. 一般公共预算资金")
    as_read = [
        dataclasses.replace(
            c, text=c.text.replace("算", "箅") if c is label else c.text, extraction_method="ocr", confidence=SURE
        )
        for c in cells
    ]
    metrics = {m.metric: m for m in parse_report(lines, as_read).metrics if m.provenance.source_table == "B01"}
    assert metrics["general_budget_income"].value == 189767551
    assert "1.一般公共预箅资金" in metrics["general_budget_income"].provenance.source_text  # as read
    two_off = [
        dataclasses.replace(c, text="1. 一般公共预箅资") if c.text == "1. 一般公共预箅资金" else c for c in as_read
    ]
    assert "general_budget_income" not in {
        m.metric for m in parse_report(lines, two_off).metrics if m.provenance.source_table == "B01"
    }
