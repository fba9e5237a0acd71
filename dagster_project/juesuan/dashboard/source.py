"""The source itself beside a finding: for a PDF, the page cropped around the figure with the figure boxed."""

import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import ImageDraw
from PIL.Image import Image

from ..landing.pdf_reader import LINE_Y_TOLERANCE

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
MARGIN = 45  # points of page kept above and below the row or line
RESOLUTION = 110  # dpi: legible Chinese at a modest image size
# (width, height) in pixels: a strip of a huge page (a poster, a malformed 200-inch MediaBox) is drawn smaller
# rather than at 110 dpi (which cost 3.9 GB per view when the whole page was rendered first)
MAX_PIXELS = (1800, 900)


def _compact(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _union(boxes: list[Box]) -> Box:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def cell_boxes(cells: list[tuple], source_text: str, printed: str) -> tuple[Box, Box] | None:
    """(row, figure cell) boxes of the table row whose cells read as source_text, from raw.table_cells rows
    (table_no, row_no, col_no, text, x0, top, x1, bottom)."""
    rows: dict[tuple[int, int], list[tuple]] = {}
    for cell in cells:
        rows.setdefault((cell[0], cell[1]), []).append(cell)
    wanted, figure = _compact(source_text), _compact(printed).lstrip("-")
    for row in rows.values():
        if "".join(_compact(cell[3]) for cell in row) == wanted:
            hits = [cell[4:] for cell in row if _compact(cell[3]) == figure]
            if hits:
                return _union([cell[4:] for cell in row]), hits[0]
    return None


def text_boxes(pdf_path: Path, page_no: int, line_text: str, printed: str) -> tuple[Box, Box] | None:
    """(line, figure) boxes of a printed line (raw.lines text) on the page, from pdfplumber's text lines."""
    wanted, figure = _compact(line_text), _compact(printed).lstrip("-")
    with pdfplumber.open(pdf_path) as pdf:
        # the lines as landing read them (same tolerance), so raw.lines text matches
        for line in pdf.pages[page_no - 1].extract_text_lines(y_tolerance=LINE_Y_TOLERANCE):
            if _compact(line["text"]) != wanted:
                continue
            chars = [char for char in line["chars"] if char["text"].strip()]
            at = "".join(char["text"] for char in chars).find(figure)
            if at >= 0:
                hit = chars[at : at + len(figure)]
                return (
                    (line["x0"], line["top"], line["x1"], line["bottom"]),
                    _union([(c["x0"], c["top"], c["x1"], c["bottom"]) for c in hit]),
                )
    return None


def page_excerpt(pdf_path: Path, page_no: int, context: Box, figure: Box) -> Image:
    """The page cropped to the full width around `context`, the context outlined and the figure boxed in red.
    Only that strip is rendered, at RESOLUTION or less: never more than MAX_PIXELS, whatever the page's size."""
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[page_no - 1]
        width, height = page.get_size()
        top, bottom = max(0, context[1] - MARGIN), min(height, context[3] + MARGIN)
        scale = min(RESOLUTION / 72, MAX_PIXELS[0] / width, MAX_PIXELS[1] / max(bottom - top, 1))
        # crop: points cut from the left, bottom, right and top edges; the bitmap is the strip alone
        image = page.render(scale=scale, crop=(0, height - bottom, 0, top)).to_pil().convert("RGB")
    finally:
        document.close()
    draw = ImageDraw.Draw(image)

    def pixels(box: Box, pad: float = 0) -> tuple[float, float, float, float]:
        return (
            (box[0] - pad) * scale,
            (box[1] - pad - top) * scale,
            (box[2] + pad) * scale,
            (box[3] + pad - top) * scale,
        )

    draw.rectangle(pixels(context), outline=(40, 90, 200), width=1)
    draw.rectangle(pixels(figure, 2), outline=(220, 0, 0), width=3)
    return image
