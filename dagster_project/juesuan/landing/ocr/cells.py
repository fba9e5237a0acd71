"""Table cells from a page image: the grid comes from the table's ruling lines, the text from the word boxes.

Word boxes alone do not give rows and columns (wrapped names, empty columns), so the
ruling lines are found with morphological opening (a long thin kernel keeps only
lines, not character strokes), a missing line between two grid cells merges them
(as pdfplumber reports a merged cell: once, at its top-left), and each word goes to
the cell that holds its centre.

Scanned lines are not perfect: what remains of a page's turn or bow after clean-up
tilts a line by a pixel along the kernel, and toner gaps break it. So the ink is
thickened across the line before the opening, the gaps between the segments found
are closed along it, and segments a few pixels apart are one line.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from .engine import Word
from .lines import text_lines

INK = 200  # grey level below which a pixel is ink; anti-aliased hairlines render light
_SNAP = 7  # pixels (1 mm at 170 dpi): segments this close are one ruling line, and its band either side
_PRESENT = 0.6  # share of a cell edge a ruling line must cover for the edge to exist


@dataclass(frozen=True)
class GridCell:
    table_no: int
    row_no: int
    col_no: int
    x0: int
    top: int
    x1: int
    bottom: int
    # A line-less table's cell has no printed box: where its column's text stands (x0, x1), which places the
    # column under the ruled columns of the table it continues (parsing/tables/blocks.py).
    text_span: tuple[int, int] | None = None

    def holds(self, word: Word) -> bool:
        x, y = word.center
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass(frozen=True)
class CellText:
    cell: GridCell
    text: str
    confidence: float | None  # of its least sure word; None for an empty cell


@dataclass(frozen=True)
class Rulings:
    """One direction's ruling lines: `lines` where lines run long enough to be lines, `edges` with shorter ones too."""

    lines: np.ndarray
    edges: np.ndarray


def _rulings(ink: np.ndarray, along: int, character: int, length: int) -> Rulings:
    """One direction's ruling lines (along 1: horizontal): runs of ink at least `length` long, gaps bridged."""

    def kernel(size: int, across: int) -> np.ndarray:
        return cv2.getStructuringElement(cv2.MORPH_RECT, (size, across) if along == 1 else (across, size))

    # Thickened by a pixel either side across the line, a line tilted by a pixel along a kernel still fills it.
    thick = cv2.dilate(ink, kernel(1, 3))
    # Pieces of a character's length (longer than any stroke of table text), then the gaps between them closed:
    # a scanned line broken by toner gaps up to half a character wide is whole again before the long kernel.
    # (A row lower than two characters whose line is broken keeps a piece too short: its cells merge.)
    pieces = cv2.morphologyEx(thick, cv2.MORPH_OPEN, kernel(character, 1))
    bridged = cv2.morphologyEx(pieces, cv2.MORPH_CLOSE, kernel(character // 2, 1))
    # Where the lines are comes from the long runs only; whether a line closes a cell edge rests on the pieces
    # (a line across one low row is shorter than the long kernel).
    return Rulings(cv2.morphologyEx(bridged, cv2.MORPH_OPEN, kernel(length, 1)), bridged)


def _ruling_masks(gray: np.ndarray, dpi: int) -> tuple[Rulings, Rulings]:
    ink = np.where(gray < INK, 255, 0).astype(np.uint8)
    character = dpi * 12 // 72  # a 12pt character's size in pixels: longer than any stroke in body text
    return _rulings(ink, 1, character, 2 * character), _rulings(ink, 0, character, character + character // 4)


def _positions(mask: np.ndarray, axis: int) -> list[int]:
    """Where the ruling lines of one direction lie: segment centres, snapped together."""
    count, _, stats, centroids = cv2.connectedComponentsWithStats(mask)
    centres = sorted(centroids[i][1 - axis] for i in range(1, count))
    positions: list[list[float]] = []
    for centre in centres:
        if positions and centre - positions[-1][-1] <= _SNAP:
            positions[-1].append(centre)
        else:
            positions.append([centre])
    return [round(sum(group) / len(group)) for group in positions]


def _edge_present(mask: np.ndarray, along: int, start: int, end: int, across: int, axis: int) -> bool:
    """Whether a ruling line covers most of the edge at `along` from start to end (axis 0: horizontal edge)."""
    start, end = start + _SNAP, end - _SNAP
    if end <= start:
        return True
    band = (
        mask[along - _SNAP : along + _SNAP + 1, start:end]
        if axis == 0
        else mask[start:end, along - _SNAP : along + _SNAP + 1]
    )
    covered = band.any(axis=axis)
    return covered.mean() >= _PRESENT


def _grid_cells(horizontal: Rulings, vertical: Rulings, table_no: int) -> list[GridCell]:
    ys, xs = _positions(horizontal.lines, 0), _positions(vertical.lines, 1)
    if len(ys) < 2 or len(xs) < 2:
        return []
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _edge_present(vertical.edges, xs[c + 1], ys[r], ys[r + 1], 0, 1):
                parent[root(r * cols + c + 1)] = root(r * cols + c)
            if r + 1 < rows and not _edge_present(horizontal.edges, ys[r + 1], xs[c], xs[c + 1], 0, 0):
                parent[root((r + 1) * cols + c)] = root(r * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(root(r * cols + c), []).append((r, c))
    # Rows and columns are numbered by where cells start, as pdfplumber numbers them.
    row_starts = sorted({min(r for r, _ in g) for g in groups.values()})
    col_starts = sorted({min(c for _, c in g) for g in groups.values()})
    cells = []
    for group in groups.values():
        r0, r1 = min(r for r, _ in group), max(r for r, _ in group)
        c0, c1 = min(c for _, c in group), max(c for _, c in group)
        cells.append(
            GridCell(
                table_no, row_starts.index(r0) + 1, col_starts.index(c0) + 1, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]
            )
        )
    return sorted(cells, key=lambda cell: (cell.row_no, cell.col_no))


def table_grids(gray: np.ndarray, dpi: int) -> list[GridCell]:
    """The cells of every ruled table on the page, tables numbered top to bottom."""
    horizontal, vertical = _ruling_masks(gray, dpi)
    character = dpi * 12 // 72
    # A table is the ruling lines within half a character of each other: a scanned corner whose lines do not
    # quite meet still holds its table together. Its window is the lines' own extent, not the widened one.
    rulings = horizontal.lines | vertical.lines
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(rulings, np.ones((character, character), np.uint8))
    )
    regions = []
    for i in range(1, count):
        ys, xs = np.nonzero((labels == i) & (rulings > 0))
        if len(xs) and xs.max() - xs.min() > 4 * character and ys.max() - ys.min() > 2 * character:
            regions.append((int(ys.min()), int(xs.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)))
    regions.sort()
    cells: list[GridCell] = []
    for top, left, width, height in regions:
        window = (slice(top, top + height), slice(left, left + width))
        table = _grid_cells(
            Rulings(horizontal.lines[window], horizontal.edges[window]),
            Rulings(vertical.lines[window], vertical.edges[window]),
            len({c.table_no for c in cells}) + 1,
        )
        cells += [
            GridCell(c.table_no, c.row_no, c.col_no, c.x0 + left, c.top + top, c.x1 + left, c.bottom + top)
            for c in table
        ]
    return cells


def cell_texts(grid: list[GridCell], words: list[Word]) -> list[CellText]:
    """Each grid cell with the words whose centre it holds, wrapped lines joined by newlines."""
    placed: dict[GridCell, list[Word]] = {cell: [] for cell in grid}
    for word in words:
        cell = next((cell for cell in grid if cell.holds(word)), None)
        if cell is not None:
            placed[cell].append(word)
    texts = []
    for cell, inside in placed.items():
        # No cell of the templates begins or ends with a full stop (amounts print as 1,234.56, codes as digits,
        # names in Chinese): one there is a speck of dust read as a point (".303", "11.", "奖金.").
        lines = [line.text.strip(".") for line in text_lines(inside)]
        texts.append(
            CellText(cell, "\n".join(line for line in lines if line), min((w.confidence for w in inside), default=None))
        )
    return texts
