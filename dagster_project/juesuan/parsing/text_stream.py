"""Narrative text as one stream: wrapped lines joined, every character traced to its line.

Extraction tools wrap Chinese paragraphs mid-sentence (even mid-number-and-unit),
so sentence patterns must run over joined text, not line by line.
"""

import bisect
import re
from dataclasses import dataclass

from ..landing.models import Line
from .facts import Provenance

_PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
# Headings stand on a line of their own: 第三部分…, 一、…, （一）…
_HEADING = re.compile(
    r"^[#\s*]*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])[^。；]{0,40}$"
)
# Markup and all white space go: extraction tools put spaces inside words and numbers' units.
_NOISE = re.compile(r"\*\*|</?b>|\s+")


def is_narrative(text: str) -> bool:
    """Table rows (tab-separated) and bare page numbers are not prose."""
    return bool(text.strip()) and "\t" not in text and not _PAGE_NUMBER.match(text)


@dataclass
class TextStream:
    text: str
    starts: list[int]  # offset in text where each line begins
    lines: list[Line]

    @classmethod
    def from_lines(cls, lines: list[Line]) -> "TextStream":
        parts, starts, kept, offset = [], [], [], 0
        for line in lines:
            if not is_narrative(line.text):
                continue
            cleaned = _NOISE.sub("", line.text)
            if _HEADING.match(line.text):
                cleaned += "。"  # a heading ends where its line ends; joined lines would hide that
            parts.append(cleaned)
            starts.append(offset)
            kept.append(line)
            offset += len(cleaned)
        return cls("".join(parts), starts, kept)

    def provenance(self, start: int, end: int) -> Provenance:
        """Narrative provenance: the first line of the span, and the span's lines verbatim."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        span = self.lines[first : last + 1]
        return Provenance(
            source_kind="narrative",
            source_table=None,
            page_no=span[0].page_no,
            line_no=span[0].line_no,
            source_text="\n".join(line.text for line in span),
        )
