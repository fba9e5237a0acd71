"""Recognised words into reading-order lines, the shape pdfplumber's text extraction has."""

import re
from dataclasses import dataclass
from statistics import median

from .engine import Word

# The recogniser reads a stray "-" before or inside "一" ("一、-一般公共服务支出", "十-一、");
# the templates never put a hyphen between two Chinese characters.
_STRAY_HYPHEN = re.compile(r"(?<=[\u4e00-\u9fff、])-(?=[\u4e00-\u9fff])")
# At the start of a word it reads "一" itself as "-" ("-般行政管理事务"); no name of the templates starts with a hyphen.
_ONE_AS_HYPHEN = re.compile(r"(^|\s)-(?=[\u4e00-\u9fff])")
# Its dictionary has a space, which it puts after a decimal point or thousands comma ("2739. 56").
_SPACE_IN_NUMBER = re.compile(r"(?<=\d[.,]) (?=\d)")


@dataclass(frozen=True)
class TextLine:
    text: str
    confidence: float  # of its least sure word
    words: tuple[Word, ...]


def clean_text(text: str) -> str:
    return _ONE_AS_HYPHEN.sub(r"\1一", _SPACE_IN_NUMBER.sub("", _STRAY_HYPHEN.sub("", text)))


def _same_line(line: list[Word], word: Word) -> bool:
    """The word's vertical centre falls inside the line's band."""
    top = median(w.top for w in line)
    bottom = median(w.bottom for w in line)
    return top <= word.center[1] <= bottom


def _joined(words: list[Word]) -> str:
    # A gap wider than half a character is a column or word break, as in pdfplumber's text.
    parts = [words[0].text]
    for previous, word in zip(words, words[1:]):
        gap = word.x0 - previous.x1
        parts.append((" " if gap > 0.5 * min(previous.height, word.height) else "") + word.text)
    return clean_text("".join(parts))


def _same_ink_twice(word: Word, other: Word) -> bool:
    """The detector boxed part of a letter-spaced word on its own as well ("因" inside "因公出国（境）费", read
    "因因公出国…"): the shorter box overlaps the longer by a third of its width and reads part of its text."""
    overlap = min(word.x1, other.x1) - max(word.x0, other.x0)
    return len(word.text) < len(other.text) and word.text in other.text and overlap >= (word.x1 - word.x0) / 3


def _once(words: list[Word]) -> list[Word]:
    return [w for w in words if not any(_same_ink_twice(w, other) for other in words if other is not w)]


def text_lines(words: list[Word]) -> list[TextLine]:
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.center[1], w.x0)):
        if lines and _same_line(lines[-1], word):
            lines[-1].append(word)
        else:
            lines.append([word])
    result = []
    for line in lines:
        ordered = sorted(_once(line), key=lambda w: w.x0)
        result.append(TextLine(_joined(ordered), min(w.confidence for w in ordered), tuple(ordered)))
    return result
