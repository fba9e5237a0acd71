"""A table's cells from the alignment of its text when the page prints no ruling lines at all.

Some tables are printed without lines, and a faint photocopy can lose them entirely;
the ruling-line grid (cells.py) then finds nothing. The templates still set a table
in columns: the figures of a column stand under one another, with paper between
columns. So the rows are the text lines from the first line holding figures to the
last (headed by the lines below the unit line, 单位：…, which every template prints
above its table), and the columns are the spans along the page that the words of
those figure rows cover, paper between them. A line with no figure whose words lie
in one column is a line of a wrapped name, set around its row's figures: it goes to
the nearer row.

Limits: a heading merged over several columns goes to the column under its centre;
a page with a ruled table and a line-less one gives only the ruled one.
"""

import re
from statistics import median

import numpy as np

from ...numbers import parse_number
from .cells import INK, GridCell
from .engine import Word
from .figures import FIGURE
from .lines import TextLine, text_lines

_UNIT_LINE = re.compile(r"单位[:：]")


def _is_figure(text: str) -> bool:
    return parse_number(text.strip()) is not None


def _piece(word: Word, start: int, end: int) -> Word:
    """The characters start:end of a word, their box in proportion (table text is set in even widths)."""
    width = (word.x1 - word.x0) / len(word.text)
    return Word(
        word.text[start:end].strip(),
        word.confidence,
        word.x0 + start * width,
        word.top,
        word.x0 + end * width,
        word.bottom,
    )


def _split_figures(word: Word, gray: np.ndarray) -> list[Word]:
    """A box the recogniser read over the figures of neighbouring columns ("0 0 0", "45,20045,200"): without a
    ruling line between them the detector joins them. Cut at the widest run of paper inside the box
    near where the characters say one figure ends and the next begins (figures are set in even widths)."""
    found = list(FIGURE.finditer(word.text))
    rest = FIGURE.sub("", word.text)
    if len(found) < 2 or any(ch.isalnum() for ch in rest) or len(rest.strip()) > len(found) - 1:
        return [word]
    x0, x1 = int(word.x0), int(word.x1) + 1
    ink = (gray[int(word.top) : int(word.bottom) + 1, x0:x1] < INK).any(axis=0)
    runs, start = [], None  # runs of paper between ink, as (width, start, end)
    for x, inked in enumerate(ink):
        if not inked and start is None:
            start = x
        elif inked and start is not None:
            if start > 0:
                runs.append((x - start, start, x))
            start = None
    # Each cut at the widest run of paper within two characters of where the characters say the figures meet.
    character = (word.x1 - word.x0) / len(word.text)
    gaps = []
    for match in found[1:]:
        meet = word.x0 + (match.start() - 0.5) * character - x0
        near = [run for run in runs if abs((run[1] + run[2]) / 2 - meet) <= 2 * character]
        if not near:
            return [word]
        _, a, b = max(near)
        gaps.append((x0 + a, x0 + b))
    if gaps != sorted(set(gaps)):
        return [word]
    lefts, rights = [word.x0] + [b for _, b in gaps], [a for a, _ in gaps] + [word.x1]
    return [
        Word(match.group(), word.confidence, left, word.top, right, word.bottom)
        for match, left, right in zip(found, lefts, rights)
    ]


def _into_columns(word: Word, spans: list[tuple[float, float]]) -> list[Word]:
    """A box over several columns: split at its spaces when its parts stand in different columns ("合计 财政拨款
    收入"); else a heading merged over them, which stands in its first column (as a ruled table reports it)."""
    parts = list(re.finditer(r"\S+", word.text))
    pieces = [_piece(word, part.start(), part.end()) for part in parts]
    if len({_column_of(spans, piece.center[0]) for piece in pieces}) > 1:
        return pieces
    first, last = _column_of(spans, word.x0), _column_of(spans, word.x1)
    if first == last or any(ch.isdigit() for ch in word.text):  # a figure stands where its centre is
        return [word]
    left = max(word.x0, spans[first][0])
    return [Word(word.text, word.confidence, left, word.top, max(left + 1, spans[first][1]), word.bottom)]


def _figure_row(line: TextLine) -> bool:
    return len(line.words) >= 2 and any(_is_figure(word.text) for word in line.words)


def _overlapping(above: TextLine, below: TextLine) -> bool:
    """Two lines of one table row: figures set in a Latin font sit a few points off the Chinese text's baseline,
    so the recogniser's lines split the row; its boxes still overlap by half their height. Rows do not."""
    top, bottom = max(w.bottom for w in above.words), min(w.top for w in below.words)
    height = min(median(w.height for w in above.words), median(w.height for w in below.words))
    return top - bottom >= height / 2


def _gap(line: TextLine, row: list[TextLine]) -> float:
    """How far the line's centre is from the centre of the row's first line (its figures' line)."""

    def centre(line: TextLine) -> float:
        return median((w.top + w.bottom) / 2 for w in line.words)

    return abs(centre(line) - centre(row[0]))


def _figure_rows_range(lines: list[TextLine]) -> tuple[int, int]:
    rows = [i for i, line in enumerate(lines) if _figure_row(line)]
    return rows[0], rows[-1]


def _column_spans(rows: list[TextLine]) -> list[tuple[float, float]]:
    """The spans along the page the words of the figure rows cover, merged where they overlap."""
    spans: list[list[float]] = []
    # A box still holding several figures (one misread where they join: "82,096,797.4282 096,797.42") would
    # bridge the paper between two columns: it does not set them.
    boxes = [word for line in rows if _figure_row(line) for word in line.words if len(FIGURE.findall(word.text)) < 2]
    # Boxes overlapping by less than half a character are the detector's slop (a stray mark taken in), not one column.
    slop = median(word.height for word in boxes) / 2 if boxes else 0
    for x0, x1 in sorted((word.x0, word.x1) for word in boxes):
        if spans and x0 <= spans[-1][1] - slop:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(x0, x1) for x0, x1 in spans]


def _column_of(spans: list[tuple[float, float]], x: float) -> int:
    return min(
        range(len(spans)),
        key=lambda i: 0 if spans[i][0] <= x <= spans[i][1] else min(abs(x - spans[i][0]), abs(x - spans[i][1])),
    )


def aligned_table(gray: np.ndarray, words: list[Word]) -> tuple[list[GridCell], list[Word]]:
    """The cells of the page's line-less table (none without two figure rows), and the words with boxes read
    over several columns' figures split."""
    words = [part for word in words for part in _split_figures(word, gray)]
    lines = text_lines(words)
    if sum(_figure_row(line) for line in lines) < 2:
        return [], words
    first, last = _figure_rows_range(lines)
    unit = next((i for i in range(first - 1, -1, -1) if _UNIT_LINE.search(lines[i].text)), first - 1)
    spans = _column_spans(lines[first : last + 1])
    if len(spans) < 2:
        return [], words
    table = {id(word) for line in lines[unit + 1 : last + 1] for word in line.words}
    words = [piece for word in words for piece in (_into_columns(word, spans) if id(word) in table else [word])]
    lines = text_lines(words)
    first, last = _figure_rows_range(lines)
    unit = next((i for i in range(first - 1, -1, -1) if _UNIT_LINE.search(lines[i].text)), first - 1)
    rows: list[list[TextLine]] = []
    wrapped: list[tuple[int, TextLine]] = []  # (index of the row above, line)
    for index in range(unit + 1, last + 1):
        line = lines[index]
        columns = {_column_of(spans, word.center[0]) for word in line.words}
        if rows and _overlapping(rows[-1][-1], line):
            rows[-1].append(line)  # the same row, set a little higher or lower
        elif rows and index > first and not _figure_row(line) and len(columns) == 1:
            wrapped.append((len(rows) - 1, line))  # a line of a wrapped name
        else:
            rows.append([line])
    # A wrapped name's lines stand around its row's figures, vertically centred: each goes to the nearer row.
    for above, line in wrapped:
        nearer = above
        if above + 1 < len(rows) and _gap(line, rows[above + 1]) < _gap(line, rows[above]):
            nearer = above + 1
        rows[nearer].append(line)
    for row in rows:
        row.sort(key=lambda line: line.words[0].top)
    # Boundaries halfway between neighbouring columns and rows; the outer ones just outside the table's text.
    left = min(w.x0 for row in rows for line in row for w in line.words)
    right = max(w.x1 for row in rows for line in row for w in line.words)
    xs = (
        [min(left, spans[0][0]) - 2]
        + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])]
        + [max(right, spans[-1][1]) + 2]
    )
    tops = [min(w.top for line in row for w in line.words) for row in rows]
    bottoms = [max(w.bottom for line in row for w in line.words) for row in rows]
    ys = [tops[0] - 2] + [(a + b) / 2 for a, b in zip(bottoms, tops[1:])] + [bottoms[-1] + 2]
    grid = [
        GridCell(1, r + 1, c + 1, round(xs[c]), round(ys[r]), round(xs[c + 1]), round(ys[r + 1]))
        for r in range(len(rows))
        for c in range(len(spans))
    ]
    return grid, words
