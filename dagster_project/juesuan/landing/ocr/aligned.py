"""A table's cells from the alignment of its text when the page prints no ruling lines at all.

Some tables are printed without lines, and a faint photocopy can lose them entirely;
the ruling-line grid (cells.py) then finds nothing. The templates still set a table
in columns: the figures of a column stand under one another, with paper between
columns. So the rows are the text lines from the first line holding figures to the
last (headed by the lines below the unit line, 单位：…, which every template prints
above its table), and the columns are the spans along the page that the words of
those figure rows cover, paper between them. A line with no figure whose words lie
in one column continues the name above it (a wrapped cell).

Limits: a heading merged over several columns goes to the column under its centre;
a page with a ruled table and a line-less one gives only the ruled one.
"""

import re

from ...parsing.numbers import parse_number
from .cells import GridCell
from .engine import Word
from .lines import TextLine, text_lines

_UNIT_LINE = re.compile(r"单位[:：]")


def _is_figure(text: str) -> bool:
    return parse_number(text.strip()) is not None


def _split_figures(word: Word) -> list[Word]:
    """A box the recogniser read over several figures of neighbouring columns ("0 0 0"), split at its spaces
    in proportion to the characters (no ruling line kept the columns apart)."""
    parts = word.text.split()
    if len(parts) < 2 or not all(_is_figure(part) for part in parts):
        return [word]
    width = (word.x1 - word.x0) / len(word.text)
    words, start = [], 0
    for part in parts:
        at = word.text.index(part, start)
        words.append(Word(part, word.confidence, word.x0 + at * width, word.top, word.x0 + (at + len(part)) * width, word.bottom))
        start = at + len(part)
    return words


def _figure_row(line: TextLine) -> bool:
    return len(line.words) >= 2 and any(_is_figure(word.text) for word in line.words)


def _column_spans(rows: list[TextLine]) -> list[tuple[float, float]]:
    """The spans along the page the words of the figure rows cover, merged where they overlap."""
    spans: list[list[float]] = []
    for x0, x1 in sorted((word.x0, word.x1) for line in rows if _figure_row(line) for word in line.words):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(x0, x1) for x0, x1 in spans]


def _column_of(spans: list[tuple[float, float]], x: float) -> int:
    return min(range(len(spans)), key=lambda i: 0 if spans[i][0] <= x <= spans[i][1] else min(abs(x - spans[i][0]), abs(x - spans[i][1])))


def aligned_table(words: list[Word]) -> tuple[list[GridCell], list[Word]]:
    """The cells of the page's line-less table (none without two figure rows), and the words with boxes read
    over several columns' figures split."""
    words = [part for word in words for part in _split_figures(word)]
    lines = text_lines(words)
    figure_rows = [i for i, line in enumerate(lines) if _figure_row(line)]
    if len(figure_rows) < 2:
        return [], words
    first, last = figure_rows[0], figure_rows[-1]
    unit = next((i for i in range(first - 1, -1, -1) if _UNIT_LINE.search(lines[i].text)), first - 1)
    spans = _column_spans(lines[first : last + 1])
    if len(spans) < 2:
        return [], words
    rows: list[list[TextLine]] = []
    for index in range(unit + 1, last + 1):
        line = lines[index]
        columns = {_column_of(spans, word.center[0]) for word in line.words}
        if rows and index > first and not _figure_row(line) and len(columns) == 1:
            rows[-1].append(line)  # a wrapped name: the rest of the cell above
        else:
            rows.append([line])
    # Boundaries halfway between neighbouring columns and rows; the outer ones just outside the text.
    xs = [spans[0][0] - 2] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [spans[-1][1] + 2]
    tops = [min(w.top for line in row for w in line.words) for row in rows]
    bottoms = [max(w.bottom for line in row for w in line.words) for row in rows]
    ys = [tops[0] - 2] + [(a + b) / 2 for a, b in zip(bottoms, tops[1:])] + [bottoms[-1] + 2]
    grid = [GridCell(1, r + 1, c + 1, round(xs[c]), round(ys[r]), round(xs[c + 1]), round(ys[r + 1]))
            for r in range(len(rows)) for c in range(len(spans))]
    return grid, words
