"""An OCR'd table held to its own sums: a misreading they doubt is read again, taken only if the recogniser read it
so and the sums then hold; a text layer's figures are never read again (parsing/tables/arithmetic.py).

No recognition: 21's 一般公共预算支出功能分类预算表 (B05, page 14) from its text layer, its cells marked as OCR'd,
with the misreading its line-less copy gave (`881,579.76` read `881,57976`), and a stub recogniser. The scanned
pages themselves (01 seal, 02 noise, 21 line-less) are read in tests/test_scan_corpus.py (`READ_AGAIN`).
"""

import dataclasses
from decimal import Decimal
from functools import cache

from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.parsing.report import parse_report

from tests.test_ocr_samples import _sample

PAGE, FIGURE, MISREAD = 14, "881,579.76", "881,57976"  # 2080506 机关事业单位职业年金缴费支出: 合计 | 基本支出


@cache
def _sample_21():
    document = read_pdf_report(_sample("21"))
    return document.lines, document.cells


def _b05(cells, ocr: bool):
    """Page 14's cells, read by OCR or not, with the 基本支出 of 2080506 misread."""
    basic = max((c for c in cells if c.page_no == PAGE and c.text == FIGURE), key=lambda c: c.col_no)
    return [
        dataclasses.replace(
            c,
            text=MISREAD if c is basic else c.text,
            extraction_method="ocr" if ocr else c.extraction_method,
            confidence=0.99 if ocr else None,
        )
        if c.page_no == PAGE
        else c
        for c in cells
    ]


def _basic_of_2080506(parsed) -> Decimal:
    return next(
        a.basic for a in parsed.function_amounts if a.function_code == "2080506" and a.provenance.page_no == PAGE
    )


class _Recogniser:
    """Reads the misread cell again as `again`, every other cell as it stands; records the boxes it was asked."""

    def __init__(self, cells, again: str):
        self.texts = {(c.page_no, c.x0, c.top, c.x1, c.bottom): c.text for c in cells}
        self.again, self.asked = again, []

    def __call__(self, page_no, box):
        self.asked.append((page_no, box))
        text = self.texts[(page_no, *box)]
        return [(self.again if text == MISREAD else text, 0.98)]


def test_a_figure_the_row_and_its_class_doubt_is_read_again_and_taken_when_the_sums_then_hold():
    lines, cells = _sample_21()
    ocr_cells = _b05(cells, ocr=True)
    recogniser = _Recogniser(ocr_cells, FIGURE)
    parsed = parse_report(lines, ocr_cells, recogniser)
    assert _basic_of_2080506(parsed) == Decimal("881579.76")
    assert recogniser.asked and all(page == PAGE for page, _ in recogniser.asked)
    assert any(f"'{MISREAD}' read again as '{FIGURE}'" in message for _, message in parsed.issues)
    assert parse_report(lines, ocr_cells).function_amounts != parsed.function_amounts  # not without reading again


def test_a_reading_again_that_does_not_make_the_sums_hold_is_not_taken_and_the_sum_is_a_parse_issue():
    lines, cells = _sample_21()
    ocr_cells = _b05(cells, ocr=True)
    parsed = parse_report(lines, ocr_cells, _Recogniser(ocr_cells, "881,579.70"))
    assert _basic_of_2080506(parsed) == Decimal("88157976")  # kept as read: no value the sums wanted is made up
    assert any(
        "TA_ROW_BASIC_PROJECT 2080506" in message and "figures read by OCR" in message for _, message in parsed.issues
    )


def test_a_text_layer_figure_that_does_not_add_up_is_never_read_again():
    lines, cells = _sample_21()
    printed = _b05(cells, ocr=False)  # a report that prints the wrong figure: a finding, not a misreading
    recogniser = _Recogniser(printed, FIGURE)
    parsed = parse_report(lines, printed, recogniser)
    assert _basic_of_2080506(parsed) == Decimal("88157976")
    assert recogniser.asked == []


def test_the_sums_allow_the_rules_rounding():
    """The sums a scanned table is held to allow what the reconciliation rules allow: the Python tolerance equals
    the `sum_tolerance` macro's, evaluated by DuckDB, for every printed precision and count of parts."""
    import duckdb
    import jinja2
    from juesuan.config import DBT_PROJECT_DIR
    from juesuan.parsing.tables.arithmetic import sum_tolerance

    macros = jinja2.Environment(loader=jinja2.FileSystemLoader(DBT_PROJECT_DIR / "macros")).get_template(
        "reconciliation.sql"
    )
    with duckdb.connect() as conn:
        for decimals in range(7):
            for parts in (1, 2, 3, 9, 24):
                (rules,) = conn.execute(f"select {macros.module.sum_tolerance(decimals, parts)}").fetchone()
                assert rules == sum_tolerance(decimals, parts), (decimals, parts)
