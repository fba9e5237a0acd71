"""Land a text report (.txt/.md): decode it and keep every line verbatim."""

import re

from .models import LandedDocument, Line, RejectedReport

# Tried in order: GB18030 is a superset of GBK and GB2312, so it covers both.
ENCODINGS = ("utf-8-sig", "gb18030")

# Explicit page marks some extraction tools write; a form feed also starts a new page.
PAGE_MARK = re.compile(
    r"^\s*(?:<!--\s*page\s*(?P<a>\d+)\s*-->|-{2,}\s*page\s*(?P<b>\d+)\s*-{2,}|\[page\s*(?P<c>\d+)\])\s*$",
    re.IGNORECASE,
)


def decode_report_bytes(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise RejectedReport("file is binary (contains NUL bytes), not a text report")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RejectedReport("text is neither UTF-8 nor GB18030/GBK; re-save it as UTF-8")


def split_lines(text: str) -> LandedDocument:
    """Lines numbered from 1 across the whole report; page_no only where the text marks pages."""
    lines: list[Line] = []
    page_no: int | None = None
    line_no = 0
    pages = text.split("\f")
    if len(pages) > 1:
        page_no = 1
    for page_index, page_text in enumerate(pages):
        if page_index:
            page_no = (page_no or 0) + 1
        for raw_line in page_text.splitlines():
            mark = PAGE_MARK.match(raw_line)
            if mark:
                page_no = int(mark.group("a") or mark.group("b") or mark.group("c"))
            line_no += 1
            lines.append(Line(page_no=page_no, line_no=line_no, text=raw_line))
    page_count = len({line.page_no for line in lines if line.page_no is not None}) or None
    return LandedDocument(page_count=page_count, lines=lines)


def read_text_report(data: bytes) -> LandedDocument:
    return split_lines(decode_report_bytes(data))
