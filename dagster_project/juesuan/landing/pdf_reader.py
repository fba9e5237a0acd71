"""Land a PDF report with pdfplumber: text lines per page and every table as cells.

pdfplumber's text order scrambles table layouts (values land on the line after
their labels), so tables are kept separately as positioned cells for the parser.
"""

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .models import LandedDocument, Line, PageExtraction, RejectedReport, TableCell
from .ocr.pages import DocumentOcr


# Digits set in a Latin font sit up to ~5pt off the CJK baseline of their line (12pt text);
# pdfplumber's default tolerance of 3 splits them onto a line of their own.
LINE_Y_TOLERANCE = 5


def _root_cause(error: Exception) -> Exception:
    """pdfplumber wraps pdfminer's exception as the first argument of PdfminerException."""
    if isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], Exception):
        return error.args[0]
    return error


def _open(path: Path) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except Exception as error:  # pdfminer raises many types for broken files
        cause = _root_cause(error)
        if isinstance(cause, PDFPasswordIncorrect):
            raise RejectedReport("PDF is encrypted with a password; provide an unencrypted copy") from error
        raise RejectedReport(f"not a readable PDF (corrupt or truncated): {type(cause).__name__}: {cause}"[:300]) from error


def _page_cells(page: pdfplumber.page.Page, page_no: int) -> list[TableCell]:
    cells = []
    for table_no, table in enumerate(page.find_tables(), start=1):
        for row_no, (row, texts) in enumerate(zip(table.rows, table.extract()), start=1):
            for col_no, (bbox, text) in enumerate(zip(row.cells, texts), start=1):
                if bbox is None:  # covered by a merged cell to its left or above
                    continue
                x0, top, x1, bottom = bbox
                cells.append(TableCell(page_no, table_no, row_no, col_no, text, x0, top, x1, bottom))
    return cells


def read_pdf_report(path: Path) -> LandedDocument:
    pdf = _open(path)
    try:
        lines: list[Line] = []
        cells: list[TableCell] = []
        pages: list[PageExtraction] = []
        char_count = 0
        try:
            with DocumentOcr(pdf.pages, path.name) as ocr:
                for page_no, page in enumerate(pdf.pages, start=1):
                    char_count += len(page.chars)
                    extraction, ocr_page = ocr.read(page, page_no)
                    pages.append(extraction)
                    if ocr_page is not None:
                        lines += [Line(page_no, len(lines) + i, line.text, "ocr", line.confidence) for i, line in enumerate(ocr_page.lines, 1)]
                        cells += ocr_page.cells
                        continue
                    for text in (page.extract_text(y_tolerance=LINE_Y_TOLERANCE) or "").splitlines():
                        lines.append(Line(page_no=page_no, line_no=len(lines) + 1, text=text))
                    cells.extend(_page_cells(page, page_no))
            page_count = len(pdf.pages)
        except RejectedReport:
            raise
        except Exception as error:
            raise RejectedReport(f"PDF could not be read past its header: {type(error).__name__}: {error}") from error
        if page_count == 0:
            raise RejectedReport("PDF has no pages")
        if char_count == 0 and not ocr.enabled:
            raise RejectedReport("PDF has no text layer (scanned); OCR it first")
        if char_count == 0 and not lines:
            raise RejectedReport(f"PDF has no text layer and OCR read no text: page 1: {pages[0].reason}"[:300])
        return LandedDocument(page_count=page_count, lines=lines, cells=cells, pages=pages)
    finally:
        pdf.close()
