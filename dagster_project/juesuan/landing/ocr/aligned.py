"""A table's cells from the alignment of its text when the page prints no ruling lines at all.

Some tables are printed without lines, and a faint photocopy can lose them entirely;
the ruling-line grid (cells.py) then finds nothing. The templates still set a table
in columns: the figures of a column stand under one another, with paper between
columns. So the rows are the text lines from the first line holding figures to the
last (headed by the lines below the unit line, 单位：…, which every template prints
above its table), and the columns are the spans along the page that the words of
those figure rows cover, paper between them. A line with no figure whose words lie
in one column is a line of a wrapped name, set around its row's figures: it goes to
the nearer row; unless it starts with an item's number (`十、节能环保支出`), a row without figures.

A heading standing over no figure column is a column of its own (printed empty on
this page), unless it stands over lower headings or just left of figures set flush right
that no heading stands over. A title or a unit line between figure rows starts another
table, with its own columns (a one-row 收入总计 table above the 收入预算表); one figure
row is a table under a unit line (a 三公 table) or as a table's 合计 alone on its page.
Income and expenditure side by side (收支总表) are columns like any others: a box the
detector read over an amount and the name beside it is cut at the paper between them.

Limits: a heading merged over several columns goes to the first column whose middle it
covers; a page with a ruled table and a line-less one gives only the ruled one; a row
whose codes stand higher than its wrapped name (01's 310 07 信息网络及软件购置更/新) splits
in two; a continuation page whose amounts are all boxed with names has no column for them.
"""

import re
from statistics import median

import numpy as np

from ...numbers import parse_number
from .cells import INK, GridCell
from .engine import Word
from .figures import FIGURE
from .lines import TextLine, clean_text, text_lines

_UNIT_LINE = re.compile(r"单位[:：]")
_TOTAL = re.compile(r"^\s*(?:合计|总计)")
_AMOUNT = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d{2})?|\d+\.\d{2}")  # thousands grouped, or two decimals
_NAME = re.compile(r"[\u4e00-\u9fff]")
# An item's number, as the templates print every row of a 收支总表 (一、 二十一、 1. （一）): a line starting with one
# is a row of its own, never the wrapped end of the name above (most rows of the expenditure side have no figure).
_ITEM_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、](?!\d))")


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


def _paper_runs(word: Word, gray: np.ndarray) -> list[tuple[int, int, int]]:
    """The runs of paper between ink inside the box, as (width, start, end) from the box's left."""
    ink = (gray[int(word.top) : int(word.bottom) + 1, int(word.x0) : int(word.x1) + 1] < INK).any(axis=0)
    runs, start = [], None
    for x, inked in enumerate(ink):
        if not inked and start is None:
            start = x
        elif inked and start is not None:
            if start > 0:
                runs.append((x - start, start, x))
            start = None
    return runs


def _joined_amount(text: str) -> re.Match | None:
    """An amount in a box that holds a name too: the detector joined the amount and the names of neighbouring
    columns (`91,016,775.35一、一般公共服务支出`, `一、一般公共预算资金91,016,775.35一、一般公共服务支出`)."""
    return _AMOUNT.search(text) if _NAME.search(text) else None


def _amount_cut_off(word: Word, spans: list[tuple[float, float]], gray: np.ndarray) -> list[Word]:
    """A box of an amount and the names beside it, each in the next column from the box's first (the columns set
    by the rows where they stand apart), cut at the widest run of paper between each two; the box as it was where
    one of those runs is missing."""
    amount = _joined_amount(word.text)
    if amount is None:
        return [word]
    # The amount as a figure prints (`91，016，775.35`: its commas read full-width at times), the names as read.
    texts = [word.text[: amount.start()].strip(), amount.group().replace("，", ","), word.text[amount.end() :].strip()]
    texts = [text for text in texts if text]
    first = _column_of(spans, word.x0)
    if first + len(texts) > len(spans):
        return [word]
    runs, reach, cuts = _paper_runs(word, gray), word.height / 2, []
    for column in range(first, first + len(texts) - 1):
        between = [
            run
            for run in runs
            if spans[column][1] - reach <= word.x0 + (run[1] + run[2]) / 2 <= spans[column + 1][0] + reach
        ]
        if not between:
            return [word]
        _, start, end = max(between)
        cuts.append((word.x0 + start, word.x0 + end))
    lefts = [word.x0] + [end for _, end in cuts]
    rights = [start for start, _ in cuts] + [word.x1]
    return [Word(text, word.confidence, x0, word.top, x1, word.bottom) for text, x0, x1 in zip(texts, lefts, rights)]


def _split_figures(word: Word, gray: np.ndarray) -> list[Word]:
    """A box the recogniser read over the figures of neighbouring columns ("0 0 0", "45,20045,200"): without a
    ruling line between them the detector joins them. Cut at the widest run of paper inside the box
    near where the characters say one figure ends and the next begins (figures are set in even widths)."""
    if len(FIGURE.findall(clean_text(word.text))) < 2:
        return [word]  # one figure read with the recogniser's space after a comma (`106, 000`)
    found = list(FIGURE.finditer(word.text))
    rest = FIGURE.sub("", word.text)
    if len(found) < 2 or any(ch.isalnum() for ch in rest) or len(rest.strip()) > len(found) - 1:
        return [word]
    x0 = int(word.x0)
    runs = _paper_runs(word, gray)
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
    # Merged over the columns whose middles it covers; a heading wider than its one column's text covers one.
    covered = [i for i, (x0, x1) in enumerate(spans) if word.x0 <= (x0 + x1) / 2 <= word.x1]
    if len(covered) < 2 or any(ch.isdigit() for ch in word.text):  # a figure stands where its centre is
        return [word]
    first = covered[0]
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


def _merged(boxes: list[Word], slop: float) -> list[tuple[float, float]]:
    spans: list[list[float]] = []
    for x0, x1 in sorted((word.x0, word.x1) for word in boxes):
        if spans and x0 <= spans[-1][1] - slop:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(x0, x1) for x0, x1 in spans]


def _column_spans(rows: list[TextLine]) -> list[tuple[float, float]]:
    """The spans along the page the words of the figure rows cover, merged where they overlap."""
    # A box still holding several figures (one misread where they join: "82,096,797.4282 096,797.42"), or an
    # amount and a name, would bridge the paper between two columns: it does not set them. (A figure read with
    # spaces, `66, 410, 000.00`, is one.)
    boxes = [
        word
        for line in rows
        if _figure_row(line)
        for word in line.words
        if len(FIGURE.findall(clean_text(word.text))) < 2 and not _joined_amount(word.text)
    ]
    # Boxes overlapping by less than half a character are the detector's slop (a stray mark taken in), not one column.
    slop = median(word.height for word in boxes) / 2 if boxes else 0
    # Nor does a box of headings over two columns the other boxes keep apart: 类 款 项 printed in the 合计 row and
    # boxed as one (`类款`, 01's 收入支出决算表) would merge the 类 and 款 code columns.
    spans = _merged(boxes, slop)
    for box in [box for box in boxes if not any(ch.isdigit() for ch in box.text)]:
        others = _merged([other for other in boxes if other is not box], slop)
        if sum(_overlaps((box.x0, box.x1), span, slop) for span in others) >= 2:
            boxes.remove(box)
            spans = others
    return _apart_somewhere(spans, [line for line in rows if _figure_row(line)])


def _apart_somewhere(spans: list[tuple[float, float]], rows: list[TextLine]) -> list[tuple[float, float]]:
    """Overlapping spans whose words never stand side by side on one row are one column: its names set at
    different indents (01's 总计 at the cell's left, 年初结转和结余 two characters in). Two columns stand side by
    side on some row."""

    def inside(word: Word, span: tuple[float, float]) -> bool:
        return span[0] <= word.x0 and word.x1 <= span[1]

    result = [spans[0]] if spans else []
    for span in spans[1:]:
        last = result[-1]
        together = any(
            any(inside(w, last) for w in line.words) and any(inside(w, span) for w in line.words) for line in rows
        )
        if span[0] < last[1] and not together:
            result[-1] = (last[0], max(last[1], span[1]))
        else:
            result.append(span)
    return result


def _overlaps(a: tuple[float, float], b: tuple[float, float], slop: float) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > slop


def _wrapped_end(piece: tuple[float, float], upper: list[tuple[float, float]], slop: float) -> bool:
    """The last line of a heading wrapped in its merged cell (`部门预算经济分类科目 / 编码` over 类 and 款): centred
    under a heading of a line above, within it."""
    return any(
        other[0] <= piece[0] and piece[1] <= other[1] and abs((other[0] + other[1]) - (piece[0] + piece[1])) / 2 <= slop
        for other in upper
    )


def _with_header_columns(spans: list[tuple[float, float]], header: list[TextLine]) -> list[tuple[float, float]]:
    """The figure rows' spans, and a column for each heading that stands over none of them: a column printed
    empty on this page (经营支出, 对下级单位补助支出 with no figure) is still a column of the table. The lowest
    heading line names the finest columns, so the lines are taken from the bottom up; a heading over columns
    already found (收入 over its parts) adds none, nor does one over headings of a lower line (支出 centred
    over the columns of its side, 01's 财政拨款收入支出决算总表: it may stand over the paper between them).
    A heading centred in its cell over figures set flush right and narrower than it (23's 事业收入 over a
    column of `0`) stands left of them, less than its own width away (centred in the cell): it heads that column
    where no heading stands over it (the nearest heading, where several would), and the column's span takes it in."""
    spans = list(spans)
    heights = [word.height for line in header for word in line.words]
    slop = median(heights) / 2 if heights else 0
    lines = [
        [
            (piece.x0, piece.x1)
            for word in line.words
            for part in re.finditer(r"\S+", word.text)
            for piece in [_piece(word, part.start(), part.end())]
        ]
        for line in header
    ]
    lower: list[tuple[float, float]] = []  # the headings of the lines below
    for index in reversed(range(len(lines))):
        pieces = lines[index]
        upper = [other for line in lines[:index] for other in line]
        unplaced = [
            piece
            for piece in pieces
            if not any(_overlaps(piece, other, slop) for other in spans + lower)
            and not _wrapped_end(piece, upper, slop)
        ]
        headed = {i for i, span in enumerate(spans) if any(_overlaps(span, other, slop) for other in pieces + lower)}
        heads: dict[int, tuple[float, float]] = {}
        for piece in unplaced:
            right = next((i for i, span in enumerate(spans) if span[0] > (piece[0] + piece[1]) / 2), None)
            if right is None or right in headed or spans[right][0] - piece[1] > piece[1] - piece[0]:
                continue  # a column of its own: no figures just right of it that no heading stands over
            if right not in heads or heads[right][1] < piece[1]:
                heads[right] = piece
        for i, piece in heads.items():
            spans[i] = (piece[0], spans[i][1])
        spans = sorted(spans + [piece for piece in unplaced if piece not in heads.values()])
        lower += pieces
    return spans


def _column_of(spans: list[tuple[float, float]], x: float) -> int:
    return min(
        range(len(spans)),
        key=lambda i: 0 if spans[i][0] <= x <= spans[i][1] else min(abs(x - spans[i][0]), abs(x - spans[i][1])),
    )


def _heading(line: TextLine) -> bool:
    """A line of a table's headings: no figure, words standing apart in two places or more (a wrapped name's
    line stands in one column, its name's)."""
    if _figure_row(line) or len(line.words) < 2:
        return False
    height = median(word.height for word in line.words)
    return any(b.x0 - a.x1 > 2 * height for a, b in zip(line.words, line.words[1:]))


def _title(line: TextLine) -> bool:
    """A table's title: one line of text ending in 表 (every template's title does: 收入预算表, 支出决算表)."""
    return len(line.words) == 1 and line.text.rstrip().endswith("表")


def _table_bands(lines: list[TextLine]) -> list[tuple[float, float]]:
    """The page's line-less tables, each as the band down the page from its headings (the lines below its unit
    line) to its last figure row. A table ends where a title or a unit line stands before the next figure row
    (24's 收入总计 row, then the 收入预算表 under its own headings): each table sets its own columns. A row's
    names set on a line of their own below its figures (01's 基本支出决算表) do not end it."""
    rows = [i for i, line in enumerate(lines) if _figure_row(line)]
    # One figure row is a table where a unit line heads it (01's 三公 table: its one row of 0.95 under two levels of
    # headings), or where it is a table's total pushed onto a page of its own (23's 合计 of its 支出预算总表);
    # elsewhere a line of two figures is not one.
    if not rows or (
        len(rows) == 1
        and not _TOTAL.match(lines[rows[0]].text)
        and not any(_UNIT_LINE.search(line.text) for line in lines[: rows[0]])
    ):
        return []
    groups = [[rows[0]]]
    for above, below in zip(rows, rows[1:]):
        between = lines[above + 1 : below]
        if any(_title(line) or _UNIT_LINE.search(line.text) for line in between):
            groups.append([below])
        else:
            groups[-1].append(below)
    bands, start = [], 0
    for group in groups:
        first, last = group[0], group[-1]
        # Headed by the lines below its unit line; a table printed without one (the university's 收入预算表), from
        # its first heading line (the table's title above it is one centred line).
        unit = next((i for i in range(first - 1, start - 1, -1) if _UNIT_LINE.search(lines[i].text)), None)
        if unit is None:
            unit = next((i for i in range(start, first) if _heading(lines[i])), first) - 1
        top = min(word.top for word in lines[unit + 1].words)
        bands.append((top, max(word.bottom for word in lines[last].words)))
        start = last + 1
    return bands


def _in_band(word: Word, band: tuple[float, float]) -> bool:
    return band[0] <= word.center[1] <= band[1]


def aligned_table(gray: np.ndarray, words: list[Word]) -> tuple[list[GridCell], list[Word]]:
    """The cells of the page's line-less tables (none without two figure rows on the page), and the words with
    boxes read over several columns' figures split."""
    words = [part for word in words for part in _split_figures(word, gray)]
    grid: list[GridCell] = []
    for band in _table_bands(text_lines(words)):
        inside = [word for word in words if _in_band(word, band)]
        cells, inside = _band_table(len({cell.table_no for cell in grid}) + 1, inside, gray)
        if cells:
            words = [word for word in words if not _in_band(word, band)] + inside
            grid += cells
    return grid, words


def _band_table(table_no: int, words: list[Word], gray: np.ndarray) -> tuple[list[GridCell], list[Word]]:
    """One table's cells from its band of words (headings, then figure rows), and the words split into its columns."""
    lines = text_lines(words)
    first, last = _figure_rows_range(lines)
    spans = _column_spans(lines[first : last + 1])
    if len(spans) < 2:
        return [], words
    spans = _with_header_columns(spans, lines[:first])
    words = [
        piece for word in words for cut in _amount_cut_off(word, spans, gray) for piece in _into_columns(cut, spans)
    ]
    lines = text_lines(words)
    first, last = _figure_rows_range(lines)
    rows: list[list[TextLine]] = []
    wrapped: list[tuple[int, TextLine]] = []  # (index of the row above, line)
    for index in range(0, last + 1):
        line = lines[index]
        columns = {_column_of(spans, word.center[0]) for word in line.words}
        if rows and _overlapping(rows[-1][-1], line):
            rows[-1].append(line)  # the same row, set a little higher or lower
        elif (
            rows and index > first and not _figure_row(line) and len(columns) == 1 and not _ITEM_NUMBER.match(line.text)
        ):
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
        GridCell(
            table_no,
            r + 1,
            c + 1,
            round(xs[c]),
            round(ys[r]),
            round(xs[c + 1]),
            round(ys[r + 1]),
            (round(spans[c][0]), round(spans[c][1])),
        )
        for r in range(len(rows))
        for c in range(len(spans))
    ]
    return grid, words
