"""A figure the detector broke inside a ruled cell is read whole from the cell's ink (one crop recognised: seconds).

24's budget sets its figures letter-spaced (`9, 129. 71`); on its page 8 as a 150 dpi
photocopy the detector boxed `129.` and `.71` and nothing over the `9,`, and the cell
read `129..71` (5 of the page's 21 table facts were lost that way). Here the boxes are
placed as the detector placed them, over the figure's own characters on the page.
"""

import pdfplumber
import pytest
from juesuan.landing.ocr.cells import cell_texts, table_grids
from juesuan.landing.ocr.engine import Word
from juesuan.landing.ocr.figures import figure_text, whole_figures
from juesuan.landing.ocr.pages import DPI, page_image

from tests.conftest import SHARED_BUDGETS

FIGURE = "9,129.71"  # 24's page 8, B02 row 2050202 小学教育, 合计


@pytest.fixture(scope="module")
def page():
    found = sorted(SHARED_BUDGETS.glob("24_*.pdf"))
    if not found:
        pytest.skip(f"sample 24 not present under {SHARED_BUDGETS}")
    with pdfplumber.open(found[0]) as pdf:
        printed = pdf.pages[7]
        word = next(w for w in printed.extract_words() if w["text"] == FIGURE)
        image = page_image(printed)
    return image, table_grids(image.gray, DPI), word


def _boxes(word: dict, pieces: list[tuple[int, int]]) -> list[Word]:
    """The figure's characters start:end as the detector boxed them (the templates set figures in even widths)."""
    scale, width = DPI / 72, (word["x1"] - word["x0"]) / len(FIGURE)
    return [
        Word(
            FIGURE[start:end],
            0.95,
            (word["x0"] + start * width) * scale,
            word["top"] * scale - 3,
            (word["x0"] + end * width) * scale,
            word["bottom"] * scale + 3,
        )
        for start, end in pieces
    ]


@pytest.mark.parametrize(
    "pieces",
    [
        [(2, 6), (5, 8)],  # "129." and ".71", overlapping at the point; "9," in no box
        [(2, 8)],  # "129.71": well-formed, but a character of the cell's ink outside its box
    ],
)
def test_a_broken_figure_is_read_whole_from_its_cells_ink(page, pieces):
    image, grid, word = page
    broken = _boxes(word, pieces)
    before = [c.text for c in cell_texts(grid, broken) if c.text]
    assert before and FIGURE not in before
    words = whole_figures(image.gray, grid, broken)
    assert [c.text for c in cell_texts(grid, words) if c.text] == [FIGURE]
    (whole,) = words
    assert whole.confidence > 0.9


def test_a_whole_figure_is_left_as_the_detector_read_it(page):
    image, grid, word = page
    (box,) = _boxes(word, [(0, 8)])
    assert whole_figures(image.gray, grid, [box]) == [box]


@pytest.mark.parametrize(
    ("reading", "figure"),
    [
        ("1.529.84", "1,529.84"),  # 24's 1,529.84 on the photocopy: its comma read as a point
        ("30,(000.00", "30,000.00"),  # 21's 培训费 on the photocopy: dust read as a bracket
        ("9, 129. 71", "9,129.71"),  # the recogniser's space after a separator
        ("18,86", "18.86"),  # 02's 电费 on the photocopy: its point read as a comma
        ("1,234,56", "1,234.56"),
        ("2,250.8", "2,250.8"),  # a dropped digit is not made up
        ("1.529", "1.529"),  # one point may be a decimal point
    ],
)
def test_a_figures_reading_is_the_figure_as_printed(reading, figure):
    assert figure_text(reading) == figure


@pytest.fixture(scope="module")
def cells_02():
    """02's page 16 (T06 with 电费 18.86) as the text layer gives its cells, in the shape OCR gives them."""
    from juesuan.landing.ocr.cells import CellText, GridCell
    from juesuan.landing.pdf_reader import read_pdf_report

    from tests.conftest import SHARED_PDFS

    found = sorted(SHARED_PDFS.glob("02_*.pdf"))
    if not found:
        pytest.skip(f"sample 02 not present under {SHARED_PDFS}")
    return [
        CellText(
            GridCell(c.table_no, c.row_no, c.col_no, int(c.x0), int(c.top), int(c.x1), int(c.bottom)), c.text, 0.99
        )
        for c in read_pdf_report(found[0]).cells
        if c.page_no == 16
    ]


def test_a_lost_decimal_point_is_put_back_where_its_column_prints_it(cells_02):
    from juesuan.landing.ocr.figures import points_restored

    assert points_restored(cells_02) == cells_02  # nothing to restore on the page as printed
    (electricity,) = [c for c in cells_02 if c.text == "18.86"]
    misread = [c if c is not electricity else type(c)(c.cell, "1886", c.confidence) for c in cells_02]
    assert points_restored(misread) == cells_02  # 02's 电费 on the photocopy
    code = next(c for c in cells_02 if c.text == "30206")
    assert code in points_restored(cells_02)  # a code column has no decimals: digits alone stay
