"""Land a text report (.txt/.md): decode it and keep every line verbatim."""

import codecs
import re

from charset_normalizer import from_bytes

from .models import LandedDocument, Line, RejectedReport

# Encodings Chinese disclosures are saved in. GB18030 is a superset of GBK and GB2312;
# Big5 is Traditional Chinese; UTF-16/32 is what "Unicode" means to some Windows tools.
CANDIDATE_ENCODINGS = [
    "utf_8",
    "gb18030",
    "big5",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "utf_32_le",
    "utf_32_be",
]
DETECTION_SAMPLE_BYTES = 1 << 20
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Explicit page marks some extraction tools write; a form feed also starts a new page.
PAGE_MARK = re.compile(
    r"^\s*(?:<!--\s*page\s*(?P<a>\d+)\s*-->|-{2,}\s*page\s*(?P<b>\d+)\s*-{2,}|\[page\s*(?P<c>\d+)\])\s*$",
    re.IGNORECASE,
)


def _from_sample(data: bytes) -> tuple[str, str] | None:
    """Detection on the first MB (cut after a line feed, a byte no GB18030 or Big5 character
    contains), confirmed by decoding the whole: detection on 50 MB takes most of a minute."""
    end = data.rfind(b"\n", 0, DETECTION_SAMPLE_BYTES) + 1 or DETECTION_SAMPLE_BYTES
    match = from_bytes(data[:end], cp_isolation=CANDIDATE_ENCODINGS).best()
    if match is None:
        return None
    try:
        return data.decode(match.encoding), match.encoding
    except UnicodeDecodeError:
        return None  # the sample misled; detect on the whole


def _detected_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) as charset-normalizer reads it among the candidate encodings."""
    if len(data) > DETECTION_SAMPLE_BYTES and b"\x00" not in data:
        sampled = _from_sample(data)
        if sampled:
            return sampled
    match = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if match is None:
        raise RejectedReport("not text: the bytes read as none of UTF-8, GB18030, Big5, UTF-16 or UTF-32")
    wide = match.encoding.startswith(("utf_16", "utf_32"))
    if b"\x00" in data and not wide:
        raise RejectedReport("file is binary (contains NUL bytes), not a text report")
    text = str(match)
    # Without a byte-order mark, stray NULs can pass for UTF-16; a report has lines.
    if wide and not data.startswith(_WIDE_BOMS) and "\n" not in text:
        raise RejectedReport("file is binary (contains NUL bytes), not a text report")
    return text, match.encoding


def decode_report_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 when the bytes are UTF-8, else the encoding detected."""
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig"), "utf_8"
        except UnicodeDecodeError:
            pass
    return _detected_text(data)


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
    text, encoding = decode_report_bytes(data)
    document = split_lines(text)
    document.encoding = encoding
    return document
