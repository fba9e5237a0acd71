"""OCR of pages without a text layer: the pieces on small inputs, the whole reader on a synthetic scan."""

import os
import subprocess
import sys
from decimal import Decimal

import cv2
import numpy as np
import pdfplumber
import pytest
from juesuan.landing.models import RejectedReport, RetryLater
from juesuan.landing.ocr.cells import GridCell, cell_texts, table_grids
from juesuan.landing.ocr.engine import Word, _settled
from juesuan.landing.ocr.lines import text_lines
from juesuan.landing.ocr.pages import DPI, _render
from juesuan.landing.ocr.triage import triage_page
from juesuan.landing.pdf_reader import read_pdf_report
from juesuan.numbers import parse_number
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.conftest import T02_ROWS
from tests.pdf_factory import image_only_pdf


def test_words_become_reading_order_lines_without_the_recognisers_noise():
    # Boxes RapidOCR gave on page 6 of sample 01 (收入支出决算总表), in the order it returned them.
    words = [
        Word("决算数", 0.99997, 596, 656, 680, 687),
        Word("项目", 0.99611, 285, 656, 341, 689),
        Word("一、-一般公共服务支出", 0.95190, 754, 695, 1015, 727),
        Word("2,940.05", 0.99908, 602, 698, 699, 729),
        Word("一、一般公共预算财政拨款收入", 0.99056, 110, 697, 468, 726),
        Word("2106. 66", 0.99985, 1172, 696, 1272, 730),
    ]
    lines = text_lines(words)
    assert [line.text for line in lines] == [
        "项目 决算数",
        "一、一般公共预算财政拨款收入 2,940.05 一、一般公共服务支出 2106.66",
    ]
    assert lines[1].confidence == pytest.approx(0.95190)


def test_a_letter_spaced_word_boxed_twice_is_read_once():
    # Boxes RapidOCR gave on a clean 170 dpi image of 01's page 16 (T06 row 30212, the name printed letter-spaced
    # and wrapped: 因 公 出 国 （ 境 ） 费 / 用): the detector boxed the first 因 alone as well.
    words = [
        Word("302", 0.99, 774, 1275, 820, 1305),
        Word("因", 0.99962, 959, 1278, 981, 1299),
        Word("因公出国（境）费", 0.97687, 969, 1274, 1240, 1304),
        Word("用", 0.99999, 957, 1308, 982, 1337),
    ]
    assert [line.text for line in text_lines(words)] == ["302 因公出国（境）费", "用"]
    cell = GridCell(1, 1, 2, 940, 1265, 1250, 1345)
    assert [c.text for c in cell_texts([cell], words)] == ["因公出国（境）费\n用"]
    # A short word that merely stands beside a longer one reading the same characters is kept.
    beside = [Word("因", 0.99, 900, 1278, 922, 1299), Word("因公出国（境）费", 0.98, 969, 1274, 1240, 1304)]
    assert [line.text for line in text_lines(beside)] == ["因 因公出国（境）费"]


def test_ruled_table_grid_matches_pdfplumbers_cells(synthetic_report_pdf):
    with pdfplumber.open(synthetic_report_pdf) as pdf:
        page = pdf.pages[1]
        expected = [cell for row in page.find_tables()[0].rows for cell in row.cells]
        gray = cv2.cvtColor(_render(page), cv2.COLOR_RGB2GRAY)
    grid = table_grids(gray, DPI)
    assert [(c.row_no, c.col_no) for c in grid] == [(r, c) for r in range(1, 5) for c in range(1, 5)]
    for cell, (x0, top, x1, bottom) in zip(grid, expected):
        assert [cell.x0 * 72 / DPI, cell.top * 72 / DPI, cell.x1 * 72 / DPI, cell.bottom * 72 / DPI] == pytest.approx(
            [x0, top, x1, bottom], abs=1.5
        )


def test_a_missing_ruling_line_merges_cells_into_one_at_its_top_left():
    image = np.full((400, 800), 255, np.uint8)
    for y in (50, 150, 250, 350):
        cv2.line(image, (50, y), (750, y), 0, 2)
    for x in (50, 400, 750):
        cv2.line(image, (x, 50), (x, 350), 0, 2)
    cv2.line(image, (225, 150), (225, 350), 0, 2)  # the header row spans two columns on the left
    cells = table_grids(image, DPI)
    assert [(c.row_no, c.col_no) for c in cells] == [(1, 1), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3)]
    header = cells[0]
    assert (header.x0, header.x1) == pytest.approx((50, 400), abs=3)


def _page_with_image(path, title: str | None, image_box: tuple[int, int, int, int]):
    """A page with one blank image at (x, y, width, height) and an optional title line."""
    page = canvas.Canvas(str(path), pagesize=A4)
    scan = path.with_suffix(".png")
    Image.new("RGB", (200, 280), "white").save(scan)
    page.drawImage(str(scan), *image_box)
    if title:
        page.drawString(72, 800, title)
    page.showPage()
    page.save()
    return pdfplumber.open(path).pages[0]


def test_triage_reads_an_image_page_with_a_title_by_ocr_and_a_text_page_by_its_text_layer(
    tmp_path, synthetic_report_pdf
):
    pasted = triage_page(_page_with_image(tmp_path / "pasted.pdf", "Table 2", (40, 60, 515, 720)))
    assert pasted.needs_ocr and pasted.reason.startswith("an image covers 74% of the page")
    small_image = triage_page(_page_with_image(tmp_path / "logo.pdf", "Table 2", (40, 60, 100, 100)))
    assert not small_image.needs_ocr
    with pdfplumber.open(synthetic_report_pdf) as pdf:
        assert [triage_page(page).needs_ocr for page in pdf.pages] == [False, False]


@pytest.fixture
def scanned_report(synthetic_report_pdf, tmp_path):
    return image_only_pdf(synthetic_report_pdf, tmp_path / "scanned.pdf")


def _figures(cells):
    return {(c.row_no, c.col_no): parse_number(c.text) for c in cells if parse_number(c.text or "") is not None}


def test_a_scanned_report_is_read_by_ocr_into_the_same_cells(scanned_report):
    document = read_pdf_report(scanned_report)
    assert [(p.extraction_method, p.reason.split(";")[0]) for p in document.pages] == [("ocr", "no text layer")] * 2
    expected = {
        (r, c): parse_number(text)
        for r, row in enumerate(T02_ROWS, 1)
        for c, text in enumerate(row, 1)
        if parse_number(text) is not None
    }
    assert _figures(document.cells) == expected
    assert expected[(2, 3)] == Decimal("3061.55")
    assert all(c.extraction_method == "ocr" for c in document.cells)
    assert all(0.5 < c.confidence <= 1 for c in document.cells if c.text)
    assert all(line.extraction_method == "ocr" and line.confidence for line in document.lines)


def test_a_rerun_takes_the_ocr_from_the_page_image_cache(scanned_report, tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_OCR_CACHE", str(tmp_path / "cache"))
    first = read_pdf_report(scanned_report)
    monkeypatch.setattr("juesuan.landing.ocr.pages.recognize", lambda image: pytest.fail("OCR ran again"))
    second = read_pdf_report(scanned_report)
    assert [p.from_cache for p in first.pages] == [False, False] and [p.from_cache for p in second.pages] == [
        True,
        True,
    ]
    assert second.cells == first.cells and second.lines == first.lines


def test_page_limit_keeps_the_rest_on_their_text_layer_and_says_why(scanned_report, monkeypatch):
    monkeypatch.setenv("JUESUAN_OCR_MAX_PAGES", "1")
    document = read_pdf_report(scanned_report)
    assert document.pages[0].extraction_method == "ocr"
    assert document.pages[1].extraction_method == "text"
    assert "1 pages were OCR'd already (JUESUAN_OCR_MAX_PAGES)" in document.pages[1].reason
    assert {c.page_no for c in document.cells} == set()  # the table is on page 2


def test_a_page_the_engine_cannot_read_is_recorded_with_the_reason(scanned_report, tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_OCR_CACHE", str(tmp_path / "empty_cache"))

    def broken(image):
        raise RuntimeError("model file damaged")

    monkeypatch.setattr("juesuan.landing.ocr.pages.recognize", broken)
    with pytest.raises(RejectedReport, match="page could not be read by OCR: RuntimeError: model file damaged"):
        read_pdf_report(scanned_report)


def test_ocr_off_rejects_a_scan_as_before(scanned_report, monkeypatch):
    monkeypatch.setenv("JUESUAN_OCR", "off")
    with pytest.raises(RejectedReport, match=r"no text layer \(scanned\); OCR it first"):
        read_pdf_report(scanned_report)


def test_an_ocr_time_budget_turns_the_report_away_for_a_later_run_that_reads_on(scanned_report, tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_OCR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JUESUAN_OCR_BUDGET_S", "0.001")  # spent by the first page
    with pytest.raises(
        RetryLater,
        match=r"^OCR time budget spent: 1 of 2 pages read by OCR, \d+ s of recognition "
        r"\(JUESUAN_OCR_BUDGET_S=0.001\); page 2 on not read; a later run reads on",
    ):
        read_pdf_report(scanned_report)
    later = read_pdf_report(scanned_report)  # page 1 comes from the cache and costs no budget: page 2 is read now
    assert [(p.extraction_method, p.from_cache) for p in later.pages] == [("ocr", True), ("ocr", False)]
    assert {c.page_no for c in later.cells} == {2}


def test_a_report_turned_away_by_the_ocr_budget_is_extracted_again_on_the_next_run(
    scanned_report, tmp_path, monkeypatch
):
    """The worker records the budget's rejection as one to retry (not settled), with the reason the reader gave."""
    import hashlib

    from juesuan.extract.workers import extract_into_store
    from juesuan.facts.store import FactsStore
    from juesuan.landing.models import ReportFile

    monkeypatch.setenv("JUESUAN_OCR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JUESUAN_OCR_BUDGET_S", "0.001")
    data = scanned_report.read_bytes()
    report = ReportFile(scanned_report.name, scanned_report, hashlib.sha256(data).hexdigest(), len(data))
    store = FactsStore(str(tmp_path / "facts"), "v1")
    store.prepare()
    outcome = extract_into_store(report, store.root, store.version)
    assert outcome.status == "rejected" and outcome.reject_reason.startswith("OCR time budget spent")
    assert outcome.reject_reason.endswith("tried again on the next run")
    assert report.report_id in store.complete_reports() and report.report_id not in store.settled_reports()


def test_ocr_writes_nothing_under_home(scanned_report, tmp_path):
    """onnxruntime's telemetry client would write ~/.cache/Microsoft/DeveloperTools/.onnxruntime (a device id, a database)."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {**os.environ, "HOME": str(home), "JUESUAN_OCR_CACHE": str(tmp_path / "cache")}
    for name in ("XDG_CACHE_HOME", "ORT_DISABLE_TELEMETRY"):
        environment.pop(name, None)
    script = (
        "import sys; from pathlib import Path; from juesuan.landing.pdf_reader import read_pdf_report; "
        "print(len(read_pdf_report(Path(sys.argv[1])).cells))"
    )
    read = subprocess.run(
        [sys.executable, "-c", script, str(scanned_report)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert int(read.stdout) == 16  # a fresh process loaded the engine and OCR'd the table
    assert sorted(home.rglob("*")) == []
    assert any((tmp_path / "cache").iterdir())


class _StubReader:
    """The recogniser's readings of each crop (known by its shape) at each padded width; records what it read."""

    def __init__(self, crops, readings):
        self.crops, self.readings, self.read_at = crops, readings, []

    def read(self, crops, width):
        self.read_at += [(crop.shape[:2], width) for crop in crops]
        return [self.readings[crop.shape[:2], width] for crop in crops]


def test_an_unsure_box_its_paper_reading_agrees_with_is_not_read_at_the_models_width():
    # as 23's page 12 reads its lone 0 cells: 0.57-0.79 from the detector's tight crop, 0.98 with paper around it
    zero, code, speck = (
        Word("0", 0.72, 10, 10, 22, 30),
        Word("201O1", 0.61, 40, 10, 90, 30),
        Word(".", 0.3, 100, 10, 104, 14),
    )
    sure = Word("合计", 0.99, 120, 10, 160, 30)
    words = [zero, code, sure, speck]
    tight = [np.zeros((int(w.height), int(w.x1 - w.x0), 3), np.uint8) for w in words]
    readings = {
        ((26, 13), 160): ("0", 0.98),  # with paper: sure, the same text
        ((26, 51), 160): ("20101", 0.70),  # with paper: another text, unsure
        ((20, 50), 320): ("20101", 0.85),  # the code at the model's width gives its text
        ((26, 51), 320): ("20101", 0.95),  # and with paper there, the same text surely
        ((10, 5), 160): ("", 0.2),
        ((4, 4), 320): (".", 0.4),  # below RapidOCR's floor (0.5): dropped
        ((10, 5), 320): ("", 0.2),
    }
    reader = _StubReader(tight, readings)
    settled = _settled(np.zeros((200, 200, 3), np.uint8), words, reader)
    assert [(w.text, w.confidence) for w in settled] == [("0", 0.98), ("20101", 0.95), ("合计", 0.99)]
    assert ((20, 12), 320) not in reader.read_at  # the 0 is settled by its paper reading
    assert ((20, 50), 320) in reader.read_at
