"""Page clean-up and the ruling-line grid on degraded copies of a real table page (no recognition: seconds)."""

import cv2
import numpy as np
import pdfplumber
import pytest
from juesuan.landing.ocr.aligned import aligned_table
from juesuan.landing.ocr.cells import cell_texts, table_grids
from juesuan.landing.ocr.cleanup import clean_page
from juesuan.landing.ocr.engine import Word
from juesuan.landing.ocr.pages import DPI, _render

from tests.conftest import SHARED_BUDGETS, SHARED_PDFS
from tests.scan_corpus import (
    DEGRADATIONS,
    _bowed,
    _grey_paper,
    _noisy,
    _rng,
    _rotated,
    _sealed,
    _without_lines,
    degrade_page,
)

# 01's 一般公共预算财政拨款支出决算表 (page 16): 92 figures in a ruled grid of 5 columns.
SAMPLE, PAGE = "01", 16


@pytest.fixture(scope="module")
def page():
    found = sorted(SHARED_PDFS.glob(f"{SAMPLE}_*.pdf"))
    if not found:
        pytest.skip(f"sample {SAMPLE} not present under {SHARED_PDFS}")
    with pdfplumber.open(found[0]) as pdf:
        rendered = _render(pdf.pages[PAGE - 1])
    return rendered, table_grids(clean_page(rendered).gray, DPI)


def _same_grid(found, expected, pixels: float):
    assert [(c.table_no, c.row_no, c.col_no) for c in found] == [(c.table_no, c.row_no, c.col_no) for c in expected]
    for a, b in zip(found, expected):
        assert (a.x0, a.top, a.x1, a.bottom) == pytest.approx((b.x0, b.top, b.x1, b.bottom), abs=pixels)


def test_the_clean_page_has_the_grid_pdfplumber_finds(page):
    _, grid = page
    found = sorted(SHARED_PDFS.glob(f"{SAMPLE}_*.pdf"))[0]
    with pdfplumber.open(found) as pdf:
        expected = [
            cell for table in pdf.pages[PAGE - 1].find_tables() for row in table.rows for cell in row.cells if cell
        ]
    assert len(grid) == len(expected) > 40


@pytest.mark.parametrize("degrees", [-2.0, -0.7, 1.2, 2.0])
def test_a_turned_page_is_straightened_and_gives_the_straight_pages_grid(page, degrees):
    rendered, expected = page
    turned = _rotated(_grey_paper(rendered, _rng("test", degrees)), degrees, 225.0).clip(0, 255).astype(np.uint8)
    cleaned = clean_page(turned)
    assert cleaned.skew == pytest.approx(-degrees, abs=0.1)
    _same_grid(table_grids(cleaned.gray, DPI), expected, pixels=6)


def test_a_turned_pages_cell_box_is_given_on_the_page_as_scanned(page):
    rendered, expected = page
    cleaned = clean_page(_rotated(rendered.astype(np.float32), 1.5, 255.0).astype(np.uint8))
    cell = table_grids(cleaned.gray, DPI)[-1]
    x0, top, x1, bottom = cleaned.box_on_page(cell.x0, cell.top, cell.x1, cell.bottom)
    # Turned back by 1.5°, the bottom-right cell's box grows by its turn, about width × sin 1.5° in height.
    assert x0 <= cell.x0 + 20 and x1 >= cell.x1 - 20 and bottom - top > cell.bottom - cell.top


def test_a_red_seal_over_the_table_leaves_its_grid(page):
    rendered, expected = page
    with pdfplumber.open(sorted(SHARED_PDFS.glob(f"{SAMPLE}_*.pdf"))[0]) as pdf:
        box = pdf.pages[PAGE - 1].find_tables()[0].bbox
    sealed = _sealed(rendered.astype(np.float32), _rng("seal"), DPI, box).astype(np.uint8)
    assert (sealed[..., 0].astype(int) - sealed[..., 1] > 100).sum() > 5000  # the seal is there, in red
    _same_grid(table_grids(clean_page(sealed).gray, DPI), expected, pixels=3)


def test_faint_broken_ruling_lines_still_make_the_grid(page):
    rendered, expected = page
    gray = cv2.cvtColor(rendered, cv2.COLOR_RGB2GRAY)
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 80), np.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((80, 1), np.uint8))
    worn = gray.copy()
    worn[(across | down) > 0] = 175  # faint: toner running out
    for start in range(0, max(worn.shape), 90):  # broken: a 6-pixel gap (1 mm) every 90 pixels along every line
        worn[:, start : start + 6][across[:, start : start + 6] > 0] = 255
        worn[start : start + 6][down[start : start + 6] > 0] = 255
    _same_grid(table_grids(clean_page(cv2.cvtColor(worn, cv2.COLOR_GRAY2RGB)).gray, DPI), expected, pixels=3)


def test_a_bowed_noisy_page_keeps_its_grid(page):
    rendered, expected = page
    rng = _rng("bowed")
    bowed = np.clip(_noisy(_bowed(_grey_paper(rendered, rng), rng, 225.0), rng), 0, 255).astype(np.uint8)
    _same_grid(table_grids(clean_page(bowed).gray, DPI), expected, pixels=8)


def test_the_scan_corpus_is_the_same_on_every_run(page):
    rendered, _ = page
    for degradation in DEGRADATIONS.values():
        first = degrade_page(rendered, degradation, ("01", PAGE), (40, 80, 550, 700))
        assert first == degrade_page(rendered, degradation, ("01", PAGE), (40, 80, 550, 700))
    assert degrade_page(rendered, DEGRADATIONS["skew"], ("01", 1)) != degrade_page(
        rendered, DEGRADATIONS["skew"], ("01", 2)
    )


# Boxes RapidOCR gave on 22's 部门收入预算总表 (page 9) with its ruling lines erased: without a line between
# them the detector joins the 合计 and 财政拨款收入 figures of a row into one box, with or without a space.
LINELESS_WORDS = [
    Word("单位：元", 1.000, 1677, 288, 1795, 323),
    Word("项目", 1.000, 525, 356, 588, 393),
    Word("收入预算", 1.000, 1302, 357, 1421, 392),
    Word("功能分类科目编码", 1.000, 202, 417, 429, 450),
    Word("合计", 1.000, 1001, 439, 1069, 483),
    Word("功能分类科目名称", 1.000, 566, 444, 796, 479),
    Word("财政拨款收入事业收入", 0.999, 1154, 445, 1473, 478),
    Word("类", 1.000, 218, 473, 255, 508),
    Word("一般公共服务支出", 1.000, 439, 531, 667, 568),
    Word("201", 1.000, 206, 533, 257, 567),
    Word("82,096,797.4282,096,797.42", 0.994, 953, 536, 1334, 565),
    Word("201", 1.000, 207, 592, 256, 627),
    Word("政府办公厅（室）及相关机构事务", 1.000, 438, 592, 863, 624),
    Word("03", 0.999, 297, 594, 333, 624),
    Word("82,096,797.42 82,096,797.42", 0.982, 953, 595, 1335, 624),
    Word("行政运行", 1.000, 436, 643, 556, 684),
    Word("201", 1.000, 207, 648, 256, 683),
    Word("01", 0.999, 377, 649, 413, 679),
    Word("03", 1.000, 298, 650, 333, 680),
    Word("12,029,501.84 12,029,501.84", 0.987, 954, 651, 1334, 680),
]


def test_a_table_without_ruling_lines_is_read_in_the_columns_its_text_stands_in():
    found = sorted(SHARED_BUDGETS.glob("22_*.pdf"))
    if not found:
        pytest.skip(f"sample 22 not present under {SHARED_BUDGETS}")
    with pdfplumber.open(found[0]) as pdf:
        cleaned = clean_page(_without_lines(_render(pdf.pages[8]), DPI))
    assert table_grids(cleaned.gray, DPI) == []  # no line left to make a grid
    grid, words = aligned_table(cleaned.gray, LINELESS_WORDS)
    rows: dict[int, list[str]] = {}
    for cell in cell_texts(grid, words):
        rows.setdefault(cell.cell.row_no, []).append(cell.text)
    # The heading over the three code columns stands in the first, as a ruled table reports a merged cell;
    # the joined figures are cut apart at the paper between them.
    assert list(rows.values()) == [
        ["", "", "", "项目", "", "收入预算"],
        ["功能分类科目编码", "", "", "", "", ""],
        ["", "", "", "功能分类科目名称", "合计", "财政拨款收入事业收入"],
        ["类", "", "", "", "", ""],
        ["201", "", "", "一般公共服务支出", "82,096,797.42", "82,096,797.42"],
        ["201", "03", "", "政府办公厅（室）及相关机构事务", "82,096,797.42", "82,096,797.42"],
        ["201", "03", "01", "行政运行", "12,029,501.84", "12,029,501.84"],
    ]
