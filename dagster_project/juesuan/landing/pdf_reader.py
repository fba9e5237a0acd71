"""Land a PDF report with pdfplumber: text lines per page and every table as cells.

pdfplumber's text order scrambles table layouts (values land on the line after
their labels), so tables are kept separately as positioned cells for the parser.
"""

from io import BytesIO
from pathlib import Path

import pdfplumber
import pikepdf
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ..limits import Limits
from .models import LandedDocument, Line, PageExtraction, RejectedReport, RetryLater, TableCell
from .ocr.pages import DocumentOcr
from .page_tree import checked_page_count
from .pdf_streams import oversized_stream

# Digits set in a Latin font sit up to ~5pt off the CJK baseline of their line (12pt text);
# pdfplumber's default tolerance of 3 splits them onto a line of their own.
LINE_Y_TOLERANCE = 5


def _root_cause(error: Exception) -> Exception:
    """pdfplumber wraps pdfminer's exception as the first argument of PdfminerException."""
    if isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], Exception):
        return error.args[0]
    return error


def _checked_source(path: Path, limits: Limits) -> Path | BytesIO:
    """What pdfplumber may open: the file, or its decrypted copy; RejectedReport before any page is parsed.

    qpdf opens a PDF that has only an owner password (permissions, no password to
    read) and writes it decrypted in memory, so pdfminer never meets the encryption.
    """
    try:
        # Inherited page attributes are left where they are: pushing them down builds qpdf's page list (2.3 GB
        # for a million references to one page); pdfminer reads them from the tree itself.
        with pikepdf.open(path, inherit_page_attributes=False) as pdf:
            checked_page_count(pdf, limits.max_pages)
            oversized = oversized_stream(pdf, limits.max_stream_bytes)
            if oversized:
                objid, raw_size = oversized
                raise RejectedReport(
                    f"PDF stream {objid} ({raw_size:,} bytes) decompresses to more than {limits.max_stream_mb} MB "
                    f"({Limits.env_name('max_stream_mb')}); not inflated"
                )
            if not pdf.is_encrypted:
                return path
            decrypted = BytesIO()
            pdf.save(decrypted, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
            decrypted.seek(0)
            return decrypted
    except pikepdf.PasswordError as error:
        raise RejectedReport("PDF is encrypted with a password; provide an unencrypted copy") from error
    except pikepdf.PdfError as error:
        reason = str(error).removeprefix(f"{path}: ")
        raise RejectedReport(f"not a readable PDF (corrupt or truncated): {reason}"[:300]) from error


def _open(source: Path | BytesIO) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(source)
    except Exception as error:  # pdfminer raises many types for broken files
        cause = _root_cause(error)
        if isinstance(cause, PDFPasswordIncorrect):
            raise RejectedReport("PDF is encrypted with a password; provide an unencrypted copy") from error
        raise RejectedReport(
            f"not a readable PDF (corrupt or truncated): {type(cause).__name__}: {cause}"[:300]
        ) from error


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


def read_pdf_report(path: Path, limits: Limits | None = None) -> LandedDocument:
    limits = limits or Limits()
    pdf = _open(_checked_source(path, limits))
    try:
        lines: list[Line] = []
        cells: list[TableCell] = []
        pages: list[PageExtraction] = []
        char_count = 0
        try:
            with DocumentOcr(pdf.pages, path.name) as ocr:
                for page_no, page in enumerate(pdf.pages, start=1):
                    if len(page.chars) > limits.max_page_chars:
                        raise RejectedReport(
                            f"PDF page {page_no} has {len(page.chars):,} characters, over the limit of "
                            f"{limits.max_page_chars:,} ({Limits.env_name('max_page_chars')})"
                        )
                    char_count += len(page.chars)
                    extraction, ocr_page = ocr.read(page, page_no)
                    pages.append(extraction)
                    if ocr_page is not None:
                        lines += [
                            Line(page_no, len(lines) + i, line.text, "ocr", line.confidence)
                            for i, line in enumerate(ocr_page.lines, 1)
                        ]
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
        if ocr.budget_spent():  # a report with pages unread is not landed half read
            raise RetryLater(ocr.budget_spent())
        if char_count == 0 and not ocr.enabled:
            raise RejectedReport("PDF has no text layer (scanned); OCR it first")
        if char_count == 0 and not lines:
            raise RejectedReport(f"PDF has no text layer and OCR read no text: page 1: {pages[0].reason}"[:300])
        return LandedDocument(page_count=page_count, lines=lines, cells=cells, pages=pages)
    finally:
        pdf.close()
