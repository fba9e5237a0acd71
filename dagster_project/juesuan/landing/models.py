"""Typed records produced by landing, before they reach DuckDB."""

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class RejectedReport(Exception):
    """A file that cannot be landed; the message is the human-readable reject_reason."""


class RetryLater(RejectedReport):
    """A report not read this time for want of time, not for what it is: a later run tries it again."""


@dataclass(frozen=True)
class ReportFile:
    source_file: str  # relative to the input folder; bytes that are not UTF-8 as \xNN escapes (discovery.shown_name)
    path: Path
    sha256: str
    bytes: int
    reject_reason: str | None = None  # set by discovery when the path must not or cannot be read
    source_file_hex: str | None = None  # the relative path's bytes in hex, when they are not UTF-8

    @property
    def report_id(self) -> str:
        return report_id_for(self.sha256)

    @property
    def input_folder(self) -> Path:
        """The folder source_file is relative to."""
        return Path(*self.path.parts[: len(self.path.parts) - len(PurePosixPath(self.source_file).parts)])

    @property
    def source_format(self) -> str:
        return "pdf" if self.path.suffix.lower() == ".pdf" else "text"


def report_id_for(sha256: str) -> str:
    return sha256[:16]


@dataclass(frozen=True)
class Line:
    page_no: int | None
    line_no: int
    text: str
    extraction_method: str = "text"  # text (text layer) | ocr (recognised from the page image)
    confidence: float | None = None  # OCR recognition confidence (0–1) of the line's least sure word


@dataclass(frozen=True)
class TableCell:
    page_no: int
    table_no: int  # 1-based within the page
    row_no: int
    col_no: int
    text: str | None  # None for a merged-away cell pdfplumber reports as absent
    x0: float | None
    top: float | None
    x1: float | None
    bottom: float | None
    extraction_method: str = "text"  # text | ocr
    confidence: float | None = None  # OCR recognition confidence (0–1) of the cell's least sure word


@dataclass(frozen=True)
class PageExtraction:
    """How one PDF page was read, and why: the text layer, OCR, or neither."""

    page_no: int
    extraction_method: str  # text | ocr
    reason: str
    seconds: float | None = None  # time OCR took on the page; None for the text layer
    from_cache: bool = False  # OCR result reused from the page-image cache


@dataclass
class LandedDocument:
    page_count: int | None
    lines: list[Line]
    cells: list[TableCell] = field(default_factory=list)
    encoding: str | None = None  # of a text report, as read (utf_8, gb18030, big5, utf_16 ...)
    pages: list[PageExtraction] = field(default_factory=list)  # PDF only
