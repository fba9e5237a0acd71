"""The recogniser's boxes fitted to a ruled grid (landing/ocr/grid_words.py), on real pages (a few crops recognised).

Even clean image copies of 21 and 22 lost table facts this way (95.0% and 96.6% of the
table facts their text layer gives): the detector boxed 21's `91,016,775.35` with the
`一、一般公共服务支出` of the next cell (收支总表, page 8) and 22's two
`82,096,797.42` of neighbouring columns as one (收入预算总表, page 9); 23's lone `0`
of 因公出国(境)费 (page 29) had no box on any copy. Here the boxes are placed as the
detector placed them, over the text layer's own characters on the page.
"""

import pdfplumber
import pytest
from juesuan.landing.ocr.cells import cell_texts, table_grids
from juesuan.landing.ocr.engine import Word
from juesuan.landing.ocr.grid_words import cut_at_rulings, read_unboxed_figures
from juesuan.landing.ocr.pages import DPI, page_image
from juesuan.numbers import parse_number

from tests.conftest import SHARED_BUDGETS

_SCALE = DPI / 72


def _page(prefix: str, page_no: int):
    """The page rendered as the OCR reader sees it, its ruled grid, and its text-layer words."""
    found = sorted(SHARED_BUDGETS.glob(f"{prefix}_*.pdf"))
    if not found:
        pytest.skip(f"sample {prefix} not present under {SHARED_BUDGETS}")
    with pdfplumber.open(found[0]) as pdf:
        printed = pdf.pages[page_no - 1]
        image = page_image(printed)
        words = printed.extract_words()
    return image, table_grids(image.gray, DPI), words


def _box(words: list[dict], text: str, first: dict, last: dict) -> Word:
    """One box from the start of `first` to the end of `last` (text-layer words), as the detector joined them."""
    return Word(
        text,
        1.0,
        first["x0"] * _SCALE,
        min(first["top"], last["top"]) * _SCALE - 3,
        last["x1"] * _SCALE,
        max(first["bottom"], last["bottom"]) * _SCALE + 3,
    )


def _cells(grid, words) -> set[str]:
    return {c.text for c in cell_texts(grid, words) if c.text}


@pytest.mark.parametrize(
    ("prefix", "page_no", "left", "right"),
    [
        ("21", 8, "91,016,775.35", "一、一般公共服务支出"),  # B01: 财政拨款收入's amount | the first expenditure
        ("22", 9, "82,096,797.42", "82,096,797.42"),  # B02: row 201's 合计 | 财政拨款收入
    ],
)
def test_a_box_read_across_a_ruling_line_is_cut_at_it(prefix, page_no, left, right):
    image, grid, words = _page(prefix, page_no)
    first = next(w for w in words if w["text"] == left)
    last = next(w for w in words if w["text"] == right and w["x0"] > first["x1"] and w["top"] == first["top"])
    joined = [_box(words, left + right, first, last)]
    assert _cells(grid, joined) == {left + right}  # before: both texts in one cell, the other cell empty
    cut = cut_at_rulings(image.gray, grid, joined)
    assert len(cut) == 2
    assert [c.text for c in sorted(cell_texts(grid, cut), key=lambda c: c.cell.col_no) if c.text] == [left, right]


def test_a_figures_last_digit_boxed_with_the_next_cells_name_is_cut_off_it():
    """21 as a noisy copy: the detector boxed the figure short (`91,016,775.3`, read whole in its cell afterwards)
    and its last digit with the next cell's name (`5一、一般公共服务支出`)."""
    image, grid, words = _page("21", 8)
    figure = next(w for w in words if w["text"] == "91,016,775.35")
    name = next(w for w in words if w["text"] == "一、一般公共服务支出" and w["top"] == figure["top"])
    digit = dict(figure, x0=figure["x1"] - (figure["x1"] - figure["x0"]) / len(figure["text"]))
    boxes = [_box(words, "91,016,775.35", figure, figure), _box(words, "5一、一般公共服务支出", digit, name)]
    cut = cut_at_rulings(image.gray, grid, boxes)
    # The digit's ink is the whole figure's box's: not read again on its own (a piece of it read `D` on the photocopy).
    assert [w.text for w in cut] == ["91,016,775.35", "一、一般公共服务支出"]
    assert [c.text for c in sorted(cell_texts(grid, cut), key=lambda c: c.cell.col_no) if c.text] == [
        "91,016,775.35",
        "一、一般公共服务支出",
    ]


def test_a_cells_figure_no_box_holds_is_read_from_its_ink():
    """With no box at all on 23's 三公 page every figure of its table is read from its cell's ink, the lone `0`
    too; its headings (not figures) and empty cells give none."""
    image, grid, words = _page("23", 29)
    printed = sorted(w["text"] for w in words if parse_number(w["text"]) is not None and "年" not in w["text"])
    assert "0" in printed and len(printed) == 7
    found = read_unboxed_figures(image.gray, grid, [], character=13 * _SCALE)
    assert sorted(w.text for w in found) == printed
    assert sorted(c.text for c in cell_texts(grid, found) if c.text) == printed
