"""Land one report file: read it by format and check it is a disclosure."""

from .models import LandedDocument, RejectedReport, ReportFile
from .pdf_reader import read_pdf_report
from .report_check import ensure_is_report
from .text_reader import read_text_report


def land_report_file(report_file: ReportFile) -> LandedDocument:
    """The landed document, or RejectedReport with the reason."""
    if report_file.bytes == 0:
        raise RejectedReport("file is empty (0 bytes)")
    if report_file.source_format == "pdf":
        document = read_pdf_report(report_file.path)
    else:
        document = read_text_report(report_file.path.read_bytes())
    ensure_is_report(document)
    return document
