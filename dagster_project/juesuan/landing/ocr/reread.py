"""One table cell of a scanned page read again, when the table's arithmetic says a figure in it may be misread.

The page was read at `DPI` in the detector's tight boxes; a digit lost under a seal's
ink or a point dropped in a noisy box may read otherwise when the cell is rendered
alone at twice that, and at that, with paper around it, cleaned as a page, and read
as one line. Not through the detector: on the three misreadings the scan corpus left
(01 seal `302A`, 02 noise `3.10`, 21 line-less `881,57976`) the box read as one line
gave the printed text at both scales in 0.03-0.08 CPU s, the detector's boxes joined
gave it once in four tries for 0.5-3.5 CPU s (RapidOCR scales a small image up before
detecting). What is returned is only what the recogniser read there; whether any
reading is taken is the caller's (parsing/tables/arithmetic.py).
"""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pdfplumber

from .cleanup import clean_page
from .engine import read_crops
from .figures import figure_text
from .pages import DPI

_SCALES = (2 * DPI, DPI)  # the cell at twice the page's resolution, and at the page's own
_PAPER = 2.0  # points of paper around the cell's box


class CellRereader:
    """Reads boxes of one PDF's pages again; the PDF is opened on the first reading and closed with `close`."""

    def __init__(self, path: Path):
        self.path = path
        self._pdf: pdfplumber.PDF | None = None

    def __call__(self, page_no: int, box: tuple[float, float, float, float]) -> Iterator[tuple[str, float]]:
        """The readings of the box (points on the page) as one line, each once and the sharper scale first, as they
        are made (the caller stops at one it takes)."""
        if self._pdf is None:
            self._pdf = pdfplumber.open(self.path)
        page = self._pdf.pages[page_no - 1]
        x0, top, x1, bottom = box
        bounds = (
            max(page.bbox[0], x0 - _PAPER),
            max(page.bbox[1], top - _PAPER),
            min(page.bbox[2], x1 + _PAPER),
            min(page.bbox[3], bottom + _PAPER),
        )
        seen = set()
        for scale in _SCALES:
            image = np.array(page.crop(bounds).to_image(resolution=scale, antialias=True).original.convert("RGB"))
            for text, confidence in read_crops([clean_page(image).rgb]):
                text = figure_text(text).replace(" ", "")
                if text and text not in seen:
                    seen.add(text)
                    yield text, confidence

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
