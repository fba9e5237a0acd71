"""Table cells' figures as printed where OCR broke them: a broken figure's ink read again as one box, a lost decimal
point put back where its column prints one.

Figures set letter-spaced (24's `9, 129. 71`) on a grey, noisy copy come apart in the
detector: `129.` and `.71` with the `9,` boxed by nothing, read `129..71`. A ruled
cell holds one figure a line, so when the boxes in a cell's line do not make one
well-formed figure, or leave ink of the cell outside them, the ink they stand in
(runs of ink less than a character apart, inside the cell's ruling lines) is read
again as one box. The new reading is kept only if it is a well-formed figure, once a
mark between its characters (dust read as `(`, `:`, `'`) is dropped and thousands
separators read as points are commas again: no printed figure has either. A figure of
digits alone in a column whose other figures all print two decimals lost its point.
"""

import re

import cv2
import numpy as np

from .cells import INK, CellText, GridCell
from .engine import SURE, Word, read_crops
from .lines import TextLine, clean_text, text_lines

# A figure as the templates print it: grouped in thousands (2,413,577 or 82,096,797.42), or plain (0, 1234.5).
FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d+(?:\.\d{1,2})?")
_SIGNED = re.compile(rf"-?(?:{FIGURE.pattern})")
# What a figure's box may read: its own characters, and a mark dust or a stray stroke makes inside it ("30,(000.00").
_FIGURE_CHARACTERS = re.compile(r"[-\d,. ()'\":;|]*\d[-\d,. ()'\":;|]*")
_STRAY_MARK = re.compile(r"(?<=[\d,.])[()'\":;|]+(?=[\d,.])")
_INSIDE = 4  # pixels inside a cell's ruling lines: the lines' own ink is not the figure's
_MARGIN = 3  # pixels of paper around the ink read again (as the second reading has)
_CENTS = re.compile(r"-?[\d,]*\d\.\d{2}")  # a figure printed with two decimals
_NO_POINT = re.compile(r"-?\d{3,}")  # digits alone, as a figure whose point was lost reads ("18.86" -> "1886")
_COMMA_FOR_POINT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})*|\d+),\d{2}")  # "18,86": 02's 电费 18.86 on the photocopy
# A thousands separator read as a point ("1.529.84"): every point but the last is followed by three digits.
_POINTS_FOR_COMMAS = re.compile(r"-?\d{1,3}(?:\.\d{3})+\.\d{2}")


def well_formed(text: str) -> bool:
    return _SIGNED.fullmatch(text) is not None


def figure_text(reading: str) -> str:
    """A reading of a figure as printed: the recogniser's spaces and a stray mark inside it dropped ("30,(000.00"),
    thousands separators read as points made commas again ("1.529.84": two points or more are never one
    figure's decimal point), and a comma before the last two digits made the point it is ("18,86")."""
    text = _STRAY_MARK.sub("", clean_text(reading)).strip().strip(".")
    if _POINTS_FOR_COMMAS.fullmatch(text):
        whole, decimals = text.rsplit(".", 1)
        return whole.replace(".", ",") + "." + decimals
    if _COMMA_FOR_POINT.fullmatch(text):  # thousands are grouped in threes: a comma before two last digits is a point
        whole, decimals = text.rsplit(",", 1)
        return whole + "." + decimals
    return text


def _ink_span(gray: np.ndarray, cell: GridCell, line: TextLine) -> tuple[int, int] | None:
    """Left and right of the ink the line's boxes stand in: runs of ink in the line's band inside the cell, joined
    where less than a character apart, those the boxes touch (a speck a character away is not the figure)."""
    top, bottom = int(min(w.top for w in line.words)), int(max(w.bottom for w in line.words)) + 1
    left, right = cell.x0 + _INSIDE, cell.x1 - _INSIDE
    if right - left < 2:
        return None
    inked = np.flatnonzero((gray[top:bottom, left:right] < INK).any(axis=0))
    if not inked.size:
        return None
    character = bottom - top
    breaks = np.flatnonzero(np.diff(inked) > character)
    starts, ends = np.r_[inked[0], inked[breaks + 1]] + left, np.r_[inked[breaks], inked[-1]] + left
    x0, x1 = min(w.x0 for w in line.words), max(w.x1 for w in line.words)
    touched = [(s, e) for s, e in zip(starts, ends) if s <= x1 and e >= x0]
    return (int(min(s for s, _ in touched)), int(max(e for _, e in touched))) if touched else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _broken(line: TextLine, span: tuple[int, int]) -> bool:
    """Boxes that do not make one figure, or ink of the cell left outside them by more than half a character (a
    digit and its comma, missed at the figure's start, are about one)."""
    if not well_formed(line.text.strip(".")):
        return True
    half = (max(w.bottom for w in line.words) - min(w.top for w in line.words)) / 2
    return span[0] < min(w.x0 for w in line.words) - half or span[1] > max(w.x1 for w in line.words) + half


def _kept(line: TextLine, text: str, confidence: float) -> bool:
    """A reading of the whole ink replaces the boxes if it is a well-formed figure and, where the boxes made one
    already, adds digits to theirs, read surely (or as surely as they were): ink they left out adds to a figure, never
    changes it (a code's cell re-read with a piece of ruling line in it reads the same digits, less surely)."""
    if not well_formed(text):
        return False
    if not well_formed(line.text.strip(".")):
        return True
    before, after = _digits(line.text), _digits(text)
    return len(after) > len(before) and before in after and confidence >= min(line.confidence, SURE)


def whole_figures(gray: np.ndarray, grid: list[GridCell], words: list[Word]) -> list[Word]:
    """The words with every broken figure of a ruled cell replaced by one reading of its ink, where that reading
    is a well-formed figure."""
    placed: dict[GridCell, list[Word]] = {}
    for word in words:
        cell = next((cell for cell in grid if cell.holds(word)), None)
        if cell is not None:
            placed.setdefault(cell, []).append(word)
    again: list[tuple[TextLine, Word]] = []  # (the boxes' line, the box of their ink)
    for cell, inside in placed.items():
        for line in text_lines(inside):
            if not all(_FIGURE_CHARACTERS.fullmatch(w.text) for w in line.words):
                continue
            span = _ink_span(gray, cell, line)
            if span is None or not _broken(line, span):
                continue
            top, bottom = min(w.top for w in line.words), max(w.bottom for w in line.words)
            again.append((line, Word("", 0.0, span[0], top, span[1], bottom)))
    if not again:
        return words
    height, width = gray.shape
    crops = [
        cv2.cvtColor(
            gray[
                max(0, int(box.top) - _MARGIN) : min(height, int(box.bottom) + _MARGIN + 1),
                max(0, int(box.x0) - _MARGIN) : min(width, int(box.x1) + _MARGIN + 1),
            ],
            cv2.COLOR_GRAY2RGB,
        )
        for _, box in again
    ]
    replaced: dict[int, Word | None] = {}
    for (line, box), (text, score) in zip(again, read_crops(crops)):
        text = figure_text(text)
        if _kept(line, text, score):
            for piece in line.words:
                replaced[id(piece)] = None
            replaced[id(line.words[0])] = Word(text, float(score), box.x0, box.top, box.x1, box.bottom)
    return [replaced.get(id(w), w) for w in words if replaced.get(id(w), w) is not None]


def points_restored(cells: list[CellText]) -> list[CellText]:
    """Cells with the decimal point the recogniser lost put back where their column says it is: in a column whose
    other figures all print two decimals (amounts in 元 or 万元), a figure of digits alone is one whose point was
    lost ("1886" among "39.76", "2.48": 02's 电费 18.86 on the photocopy). Integer columns (codes, counts) have no
    figure with decimals and are left alone; so is a column with a figure of other decimals."""
    columns: dict[tuple[int, int], list[CellText]] = {}
    for cell in cells:
        columns.setdefault((cell.cell.table_no, cell.cell.col_no), []).append(cell)
    lost = set()
    for column in columns.values():
        figures = [c for c in column if c.text and well_formed(c.text)]
        pointless = [c for c in figures if _NO_POINT.fullmatch(c.text)]
        others = [c for c in figures if c not in pointless and _digits(c.text) != "0"]
        if pointless and len(others) >= 2 and all(_CENTS.fullmatch(c.text) for c in others):
            lost.update(id(c) for c in pointless)
    return [CellText(c.cell, f"{c.text[:-2]}.{c.text[-2:]}", c.confidence) if id(c) in lost else c for c in cells]
