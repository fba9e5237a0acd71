"""Decide whether landed text is a budget disclosure at all."""

import re

from .models import LandedDocument, RejectedReport

# A 部门决算/预算 disclosure names itself and states money in 万元 or 元 (Traditional
# characters in Big5 text: 決算, 預算, 萬元); notes or READMEs about reports may name
# them but state no amounts. A tables-only file states its unit once, on the unit line ("单位：元").
REPORT_MARKERS = ("决算", "预算", "決算", "預算")
MONEY_UNIT = re.compile(r"万元|萬元|\d\s*元|单位\s*[:：]\s*千?元")


def ensure_is_report(document: LandedDocument) -> None:
    text = "".join(line.text for line in document.lines)
    # Text read in an encoding other than UTF-8 says so: a wrong guess is then visible.
    read_as = f" (read as {document.encoding})" if document.encoding not in (None, "utf_8") else ""
    if not text.strip():
        raise RejectedReport(f"file contains no text{read_as}")
    if not any(marker in text for marker in REPORT_MARKERS):
        raise RejectedReport(
            f"not a budget disclosure: the text{read_as} never mentions 决算 or 预算 (final account / budget)"
        )
    if not MONEY_UNIT.search(text):
        raise RejectedReport(f"not a budget disclosure: no amount in 万元 or 元 anywhere in the text{read_as}")
