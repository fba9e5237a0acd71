"""The recogniser's boxes fitted to a ruled grid: a box read across a column's ruling line cut at it, and ink in a
cell no box holds read.

Even on a clean copy the detector joins texts printed close on either side of a ruling
line: an amount set flush right in its cell and the name set flush left in the next (21's
收支总表 `91,016,775.35一、一般公共服务支出`), or the amounts of two neighbouring columns
(22's `82,096,797.4282,096,797.42`). Each box goes to the cell holding its centre
(cells.py), so both texts land in one cell and the other stays empty. No printed text
crosses a ruling line, so such a box is cut at each line it crosses and each side's ink
read again as its own line. Where the joined box was already made one figure of one
cell (figures.py reads a broken figure's ink inside its cell), the other cell is left
with ink and no box: a cell's ink no box holds is read as one line, and kept where it
reads a well-formed figure surely (a seal's or dust's strokes in an empty cell do not).

These run after the page's words come from the cache, a few crops a page where they apply.
"""

import cv2
import numpy as np

from .cells import INK, GridCell
from .engine import SURE, Word, read_crops
from .figures import figure_text, well_formed

_INSIDE = 4  # pixels inside a cell's ruling lines: the lines' own ink is not the text's
_MARGIN = 3  # pixels of paper around the ink read again


def _ink_box(gray: np.ndarray, x0: float, top: float, x1: float, bottom: float, character: float):
    """The box of the ink in the region that stands as tall as a character's strokes (digits, Chinese; `character`
    a text box's height), with the flat marks in their band; None where only specks or a piece of a horizontal
    line lie."""
    x0, top, x1, bottom = max(0, int(x0)), max(0, int(top)), int(x1), int(bottom)
    if x1 - x0 < 2 or bottom - top < 2:
        return None
    ink = (gray[top:bottom, x0:x1] < INK).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    # A piece of ruling line runs through the region (top to bottom, or side to side): no character does.
    through = {
        i
        for i in range(1, count)
        if stats[i][cv2.CC_STAT_HEIGHT] >= bottom - top or stats[i][cv2.CC_STAT_WIDTH] >= x1 - x0
    }
    tall = [stats[i] for i in range(1, count) if stats[i][cv2.CC_STAT_HEIGHT] >= character / 3 and i not in through]
    if not tall:
        return None
    upper = min(s[cv2.CC_STAT_TOP] for s in tall)
    lower = max(s[cv2.CC_STAT_TOP] + s[cv2.CC_STAT_HEIGHT] for s in tall)
    # Flat marks in the tall strokes' band are text too: `一`, `、`, a point.
    marks = [
        stats[i]
        for i in range(1, count)
        if i not in through and upper <= stats[i][cv2.CC_STAT_TOP] + stats[i][cv2.CC_STAT_HEIGHT] / 2 <= lower
    ]
    left = min(s[cv2.CC_STAT_LEFT] for s in marks)
    right = max(s[cv2.CC_STAT_LEFT] + s[cv2.CC_STAT_WIDTH] for s in marks)
    return x0 + left, top + upper, x0 + right, top + lower


def _crop(gray: np.ndarray, box) -> np.ndarray:
    height, width = gray.shape
    x0, top, x1, bottom = box
    region = gray[
        max(0, top - _MARGIN) : min(height, bottom + _MARGIN), max(0, x0 - _MARGIN) : min(width, x1 + _MARGIN)
    ]
    return cv2.cvtColor(np.ascontiguousarray(region), cv2.COLOR_GRAY2RGB)


def _lines_crossed(grid: list[GridCell], word: Word) -> list[int]:
    """The column ruling lines inside the box: the left edges of the row's cells but the first."""
    y = word.center[1]
    return sorted(
        {
            cell.x0
            for cell in grid
            if cell.col_no > 1 and cell.top <= y <= cell.bottom and word.x0 + _INSIDE < cell.x0 < word.x1 - _INSIDE
        }
    )


def _held(side: tuple, words: list[Word], word: Word) -> bool:
    """Whether another box holds the centre of this ink: it is read there already (a figure read whole in its
    cell, figures.py), and a crop of a piece of it reads garbage (the last digit's edge read `D`)."""
    x, y = (side[0] + side[2]) / 2, (side[1] + side[3]) / 2
    return any(other is not word and other.x0 <= x <= other.x1 and other.top <= y <= other.bottom for other in words)


def cut_at_rulings(gray: np.ndarray, grid: list[GridCell], words: list[Word]) -> list[Word]:
    """The words with every box read across a column's ruling line replaced by a reading of each side's ink; a
    side another box reads already (a figure's last digit boxed with the next cell's name, `5一、一般公共服务支出`,
    the figure read whole in its cell) is dropped."""
    cuts: list[tuple[Word, list[tuple]]] = []
    for word in words:
        lines = _lines_crossed(grid, word)
        if not lines:
            continue
        bounds = [word.x0 - _INSIDE, *lines, word.x1 + _INSIDE]
        sides = [
            _ink_box(gray, left + _INSIDE, word.top - _MARGIN, right - _INSIDE, word.bottom + _MARGIN, word.height)
            for left, right in zip(bounds, bounds[1:])
        ]
        sides = [side for side in sides if side is not None]
        if len(sides) >= 2:  # ink on one side only: the box merely reaches over the line
            cuts.append((word, [side for side in sides if not _held(side, words, word)]))
    if not cuts:
        return words
    readings = iter(read_crops([_crop(gray, side) for _, sides in cuts for side in sides]))
    replaced: dict[int, list[Word]] = {}
    for word, sides in cuts:
        pieces = []
        for side in sides:
            text, score = next(readings)
            if text.strip():
                pieces.append(Word(text, float(score), *map(float, side)))
        replaced[id(word)] = pieces
    return [piece for word in words for piece in replaced.get(id(word), [word])]


def read_unboxed_figures(gray: np.ndarray, grid: list[GridCell], words: list[Word], character: float) -> list[Word]:
    """The words and a reading of each ruled cell's ink that no box holds, where it is a well-formed figure read
    surely. `character`: the height of a text box of the page, in pixels."""
    held = {cell for word in words for cell in grid if cell.holds(word)}
    empty = [cell for cell in grid if cell not in held]
    inked = [
        _ink_box(gray, cell.x0 + _INSIDE, cell.top + _INSIDE, cell.x1 - _INSIDE, cell.bottom - _INSIDE, character)
        for cell in empty
    ]
    boxes = [box for box in inked if box is not None]
    if not boxes:
        return words
    found = []
    for box, (text, score) in zip(boxes, read_crops([_crop(gray, box) for box in boxes])):
        text = figure_text(text).replace(" ", "")
        if well_formed(text) and score >= SURE:
            found.append(Word(text, float(score), *map(float, box)))
    return words + found
