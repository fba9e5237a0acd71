"""OCR of one document's pages: triage every page, then render, recognise (or reuse the cache), lines and cells.

`JUESUAN_OCR=off` keeps the text layer only; `JUESUAN_OCR_MAX_PAGES` bounds the pages
OCR'd per report (the rest keep their text layer, and say why); `JUESUAN_OCR_BUDGET_S`
bounds the time OCR may take on one report: pages past it are not read, and the
reader turns the report away for a later run (the pages read stay in the cache, so
each run reads further).
"""

import sys
import time
from dataclasses import dataclass
from statistics import median

import numpy as np
import pdfplumber
from tqdm import tqdm

from ...config import ocr_budget_seconds, ocr_enabled, ocr_max_pages
from ..models import PageExtraction, TableCell
from . import cache
from .aligned import aligned_table
from .cells import INK, GridCell, cell_texts, table_grids
from .cleanup import CleanPage, clean_page
from .engine import Word, recognize
from .figures import points_restored, whole_figures
from .grid_words import cut_at_rulings, read_unboxed_figures
from .lines import TextLine, text_lines
from .triage import triage_page

DPI = 170  # at 120 dpi the recogniser drops decimal points (6.18 → 618)


@dataclass
class OcrPage:
    lines: list[TextLine]
    cells: list[TableCell]


def _render(page: pdfplumber.page.Page) -> np.ndarray:
    return np.array(page.to_image(resolution=DPI, antialias=True).original.convert("RGB"))


def page_image(page: pdfplumber.page.Page) -> CleanPage:
    """The page rendered and cleaned as the recogniser and the grid see it."""
    return clean_page(_render(page))


def _words(page: CleanPage, grid: list[GridCell]) -> tuple[list[Word], bool]:
    """The page's words (figures the detector broke in a ruled cell read whole), and whether they came from the cache."""
    if page.gray.min() >= INK:  # a blank page: nothing for the recogniser to find
        return [], False
    image = page.rgb
    key = cache.page_key(image)
    words = cache.cached_words(key)
    if words is not None:
        return words, True
    words = whole_figures(page.gray, grid, recognize(image))
    cache.store_words(key, words)
    return words, False


def _table_cells(
    page: pdfplumber.page.Page, page_no: int, image: CleanPage, grid: list[GridCell], words
) -> list[TableCell]:
    scale = 72 / DPI
    left, top = page.bbox[0], page.bbox[1]
    cells = []
    if not grid:  # no ruling lines at all: the columns the text stands in
        grid, words = aligned_table(image.gray, words)
    elif words:
        words = cut_at_rulings(image.gray, grid, words)
        words = read_unboxed_figures(image.gray, grid, words, median(word.height for word in words))
    for c in points_restored(cell_texts(grid, words)):
        # Boxes in the page as printed: a straightened page's cell is turned back (its box then holds the turned cell).
        x0, x1 = c.cell.text_span or (c.cell.x0, c.cell.x1)
        x0, y0, x1, y1 = image.box_on_page(x0, c.cell.top, x1, c.cell.bottom)
        cells.append(
            TableCell(
                page_no,
                c.cell.table_no,
                c.cell.row_no,
                c.cell.col_no,
                c.text,
                float(left + x0 * scale),
                float(top + y0 * scale),
                float(left + x1 * scale),
                float(top + y1 * scale),
                "ocr",
                c.confidence,
            )
        )
    return cells


class DocumentOcr:
    """Reads the pages of one PDF that triage sends to OCR, within the per-report page limit."""

    def __init__(self, pages: list[pdfplumber.page.Page], label: str):
        self.enabled = ocr_enabled()
        self.triage = [triage_page(page) for page in pages] if self.enabled else []
        self.max_pages = ocr_max_pages()
        self.budget = ocr_budget_seconds()
        self.read_count = 0
        self.seconds = 0.0  # spent on OCR so far
        self.unread: list[int] = []  # pages left unread when the time budget was spent
        self.wanted = wanted = min(sum(t.needs_ocr for t in self.triage), self.max_pages)
        # tqdm draws only on a terminal (disable=None); to stderr so summaries on stdout stay clean.
        self.progress = (
            tqdm(total=wanted, desc=f"OCR {label}", unit="page", file=sys.stderr, disable=None, leave=False)
            if wanted
            else None
        )

    def read(self, page: pdfplumber.page.Page, page_no: int) -> tuple[PageExtraction, OcrPage | None]:
        """How the page is read; its OCR'd lines and cells, or None to read its text layer."""
        if not self.enabled:
            return PageExtraction(page_no, "text", "text layer (OCR off: JUESUAN_OCR=off)"), None
        triage = self.triage[page_no - 1]
        if not triage.needs_ocr:
            return PageExtraction(page_no, "text", triage.reason), None
        if self.read_count >= self.max_pages:
            reason = f"{triage.reason}, but {self.max_pages} pages were OCR'd already (JUESUAN_OCR_MAX_PAGES): text layer kept"
            return PageExtraction(page_no, "text", reason), None
        if self.seconds >= self.budget:
            self.unread.append(page_no)
            reason = f"{triage.reason}; not read: the report's OCR time budget ({self.budget:g} s, JUESUAN_OCR_BUDGET_S) was spent"
            return PageExtraction(page_no, "ocr", reason), OcrPage([], [])
        self.read_count += 1
        started = time.perf_counter()
        from_cache = False
        try:
            image = page_image(page)
            grid = table_grids(image.gray, DPI)
            words, from_cache = _words(image, grid)
            result = OcrPage(text_lines(words), _table_cells(page, page_no, image, grid, words))
        except Exception as error:  # a page that cannot be rendered or recognised must not lose the report
            reason = f"{triage.reason}; page could not be read by OCR: {type(error).__name__}: {error}"[:300]
            return PageExtraction(page_no, "ocr", reason), OcrPage([], [])
        finally:
            seconds = time.perf_counter() - started
            if not from_cache:  # pages from the cache do not count, so each later run reads further
                self.seconds += seconds
            if self.progress is not None:
                self.progress.update()
        found = f"OCR read {len(result.lines)} lines" if result.lines else "OCR found no text on it"
        return PageExtraction(page_no, "ocr", f"{triage.reason}; {found}", round(seconds, 3), from_cache), result

    def budget_spent(self) -> str | None:
        """Why the report must be read again later, when the time budget left pages unread."""
        if not self.unread:
            return None
        return (
            f"OCR time budget spent: {self.read_count} of {self.wanted} pages read by OCR, {self.seconds:.0f} s of "
            f"recognition (JUESUAN_OCR_BUDGET_S={self.budget:g}); page {self.unread[0]} on not read; "
            f"a later run reads on (the pages read are cached)"
        )

    def __enter__(self) -> "DocumentOcr":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.progress is not None:
            self.progress.close()
