"""Sections of the 情况说明 narrative, found by their numbered headings (一、…说明)."""

import bisect
import re

from ..text_norm import compact
from ..text_stream import TextStream

_HEADING = re.compile(r"^[一二三四五六七八九十]+、(?P<title>.{2,40})$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）](?P<title>.{2,30})$")

# Most specific first; the key names the section, matched on the heading's compacted title.
SECTION_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("three_public_costs", ("三公",)),
    ("operating_cost", ("机关运行经费",)),
    ("procurement", ("政府采购",)),
    ("state_assets", ("国有资产",)),
    ("performance", ("绩效",)),
    ("basic_expenditure", ("基本支出决算",)),
    ("general_budget", ("一般公共预算财政拨款支出决算",)),
    ("fiscal_appropriation", ("财政拨款收入支出决算总体",)),
    ("overview", ("收入支出决算总体",)),
    ("income", ("收入决算",)),
    ("expenditure", ("支出决算",)),
)


def section_key(title: str) -> str | None:
    for key, words in SECTION_KEYWORDS:
        if all(word in title for word in words):
            return key
    return None


class Sections:
    """Maps a stream offset to the narrative section it falls in (None before any heading)."""

    def __init__(self, stream: TextStream):
        self.starts: list[int] = []
        self.keys: list[str | None] = []
        self._parent_key: str | None = None
        for line, start in zip(stream.lines, stream.starts):
            text = compact(line.text)
            if _PART.match(text):  # 第二部分 (tables) or 第四部分 end the previous section
                self.starts.append(start)
                self.keys.append(None)
                self._parent_key = None
                continue
            heading = _HEADING.match(text)
            if heading and not heading.group("title").endswith("表"):
                self.starts.append(start)
                self.keys.append(section_key(heading.group("title")))
                self._parent_key = self.keys[-1]
                continue
            # "（一）机关运行经费支出情况" under "十一、其他重要事项": a sub-heading names the
            # topic only where its section has none, so it never overrides a known section.
            sub = _SUBHEADING.match(text)
            if sub and self.keys and self._parent_key is None and (key := section_key(sub.group("title"))):
                self.starts.append(start)
                self.keys.append(key)

    def key_at(self, offset: int) -> str | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.keys[index] if index >= 0 else None

    def spans(self, key: str) -> list[tuple[int, int]]:
        """(start, end) offsets of every section with this key."""
        ends = self.starts[1:] + [10**12]
        return [(start, end) for start, end, k in zip(self.starts, ends, self.keys) if k == key]
