"""One table cell of a scanned page read again, when the table's arithmetic says a figure in it may be misread.

The page was read at `DPI` with the detector's tight boxes; a digit lost under a seal's
ink or a point dropped in a noisy box may read otherwise when the cell is rendered at
twice that, with paper around it, and cleaned alone. What is returned is only what the
recogniser read there (the caller decides whether any reading is taken:
parsing/tables/arithmetic.py).
"""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pdfplumber

from .cleanup import clean_page
from .engine import read_crops, recognize
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
        """The readings of the box (points on the page), each once and the sharper scale first, as they are made
        (the caller stops at one it takes): the words the detector finds in it joined, and the box as one line."""
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
            rgb = clean_page(image).rgb
            words = sorted(recognize(rgb), key=lambda word: word.x0)
            found = [("".join(w.text for w in words), min((w.confidence for w in words), default=0.0))]
            for text, confidence in found + read_crops([rgb]):
                text = figure_text(text).replace(" ", "")
                if text and text not in seen:
                    seen.add(text)
                    yield text, confidence

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
