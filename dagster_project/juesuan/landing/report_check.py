"""Decide whether landed text is a budget disclosure at all."""

from .models import LandedDocument, RejectedReport

# A 部门决算/预算 disclosure names itself; a page of anything else does not.
REPORT_MARKERS = ("决算", "预算")


def ensure_is_report(document: LandedDocument) -> None:
    text = "".join(line.text for line in document.lines)
    if not text.strip():
        raise RejectedReport("file contains no text")
    if not any(marker in text for marker in REPORT_MARKERS):
        raise RejectedReport(
            "not a budget disclosure: the text never mentions 决算 or 预算 (final account / budget)"
        )
