"""Land one report file: read it by format and check it is a disclosure."""

import stat

from ..limits import Limits
from .discovery import escape_reason, path_error_reason
from .models import LandedDocument, RejectedReport, ReportFile
from .report_check import ensure_is_report
from .text_reader import read_text_report


def land_report_file(report_file: ReportFile, limits: Limits | None = None) -> LandedDocument:
    """The landed document, or RejectedReport with the reason. Limits default to the environment's."""
    limits = limits or Limits.from_env()
    reason = report_file.reject_reason or escape_reason(report_file.path, report_file.input_folder)
    if reason:
        raise RejectedReport(reason)
    try:
        is_regular = stat.S_ISREG(report_file.path.stat().st_mode)
    except OSError as error:  # gone, or unreadable, since the inventory
        raise RejectedReport(path_error_reason(error, report_file.path)) from error
    if not is_regular:  # a named pipe put in place of the file would block the read for ever
        raise RejectedReport("not a regular file; not read")
    if report_file.bytes == 0:
        raise RejectedReport("file is empty (0 bytes)")
    if report_file.bytes > limits.max_file_bytes:
        raise RejectedReport(
            f"file is {report_file.bytes / (1 << 20):,.1f} MB, over the limit of {limits.max_file_mb} MB "
            f"({Limits.env_name('max_file_mb')}); not read"
        )
    try:
        if report_file.source_format == "pdf":
            # imported for PDFs only: pdfplumber, pikepdf and OpenCV take about 0.6 s, which a text never needs
            # (extraction workers have it preloaded: extract/workers.py)
            from .pdf_reader import read_pdf_report

            document = read_pdf_report(report_file.path, limits)
        else:
            document = read_text_report(report_file.path.read_bytes())
    except OSError as error:
        raise RejectedReport(path_error_reason(error, report_file.path)) from error
    ensure_is_report(document)
    return document
