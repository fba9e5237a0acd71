"""Every figure of a table, placed by the table's own structure: its row labels and its column headers.

One reader for all sources (PDF cells, OCR cells, tab-separated text): the rows of a
TableBlock. It finds the header band (the rows above the first figure, merged
headings carried over the columns they span), the label columns left of the figures
(a merged label carried down to the rows it spans: 一般公共预算资金 / 小计), 类/款/项
codes split over cells, line-number columns (行次) and column-number rows (栏次),
and reads two-sided tables (收入 | 金额 | 支出 | 金额) and label | amount lists alike.
What it cannot place is counted, so a report's read coverage is known.
"""

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal

from ...numbers import parse_number
from ..facts import Provenance
from .blocks import CellBox, TableBlock, TableRow

_LINE_NUMBER = re.compile(r"^\d{1,3}$")
_CLASS_CODE = re.compile(r"^\d{3,7}$")  # 201, 20101, 2010101, or one cut short (2010)
_SPLIT_CODE_PART = re.compile(r"^\d{2}$")  # the 款 or 项 part of a code split over cells
_CODE_HEADER = re.compile(r"^(?:类|款|项|科目编码|功能分类科目编码|经济分类科目编码|编码|代码|.*科目代码)$")
_LINE_NUMBER_HEADER = re.compile(r"^(?:行次?|栏次|序号)$")
_NOTE = re.compile(r"^(?:注|说明)[:：\d]")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d))")
_LABEL_NOISE = re.compile(r"^其中[:：]?")
_WIDTH = str.maketrans("（）：，　", "():, ")


def normalise_label(text: str) -> str:
    """A label as the vocabulary spells it: half-width brackets, no numbering, no 其中：, no spaces."""
    text = re.sub(r"\s+", "", text.translate(_WIDTH))
    text = _LABEL_NOISE.sub("", _NUMBERING.sub("", text))
    return _NUMBERING.sub("", text)


@dataclass(frozen=True)
class TableValue:
    """One figure of a table, with the labels that say what it is."""

    table_title: str
    row_no: int  # the data row's position in its table (1-based)
    col_no: int  # the figure's column (1-based)
    row_code: str | None  # 功能分类 / 经济分类 code the row prints, joined when split over cells
    row_label: str | None  # the row's labels, outermost first, joined with " / "
    column_header: str | None  # the column's header texts, top row first, joined with " / "
    value: Decimal
    reported_unit: str
    cell_text: str
    provenance: Provenance
    cell_box: CellBox | None  # the PDF cell's box on its page; None for text reports


@dataclass(frozen=True)
class TableRead:
    """What the reader made of one table: every placed figure and the count of figures it saw."""

    values: list[TableValue]
    numeric_cells: int
    unplaced: list[TableRow]  # rows holding a figure the reader could not place (no label or no header)


def _is_column_numbers(cells: list[str]) -> bool:
    """A row numbering the columns: "栏次 1 2 3" or a bare "1 2 3 4"."""
    numbers = [cell for cell in cells if cell]
    if any(cell in ("栏次", "栏号") for cell in numbers):
        return True
    return (
        len(numbers) >= 2
        and all(_LINE_NUMBER.match(c) for c in numbers)
        and [int(c) for c in numbers] == list(range(int(numbers[0]), int(numbers[0]) + len(numbers)))
    )


def _figures(cells: list[str]) -> list[int]:
    return [i for i, cell in enumerate(cells) if cell and parse_number(cell) is not None]


def _header_band(rows: list[TableRow]) -> tuple[list[list[str]], int]:
    """The header rows (with their merged cells carried right) and the index of the first data row."""
    band: list[list[str]] = []
    for index, row in enumerate(rows):
        cells = row.cells
        if _figures(cells) and not _is_column_numbers(cells):
            return _carry_merged(band), index
        if not _is_column_numbers(cells):
            band.append(cells)
    return _carry_merged(band), len(rows)


def _carry_merged(band: list[list[str]]) -> list[list[str]]:
    """A heading merged over several columns stands in its first column only: carry it right over
    the columns a lower header row splits it into (公务用车购置及运行费 over 小计 | 购置费 | 运行费)."""
    width = max((len(row) for row in band), default=0)
    rows = [row + [""] * (width - len(row)) for row in band]
    for upper, lower in zip(rows, rows[1:]):
        for col in range(1, width):
            if not upper[col] and upper[col - 1] and lower[col] and lower[col - 1]:
                upper[col] = upper[col - 1]
    return rows


def _column_headers(band: list[list[str]]) -> list[str]:
    width = max((len(row) for row in band), default=0)
    headers = []
    for col in range(width):
        parts: list[str] = []
        for row in band:
            text = row[col] if col < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        headers.append(" / ".join(parts))
    return headers


def read_table(block: TableBlock) -> TableRead:
    """Every figure of the block placed by row label and column header."""
    rows = []
    for row in block.rows:
        if row.cells and _NOTE.match(row.cells[0]):
            break  # notes under the table ("注：本表…") end it
        rows.append(row)
    band, first_data = _header_band(rows)
    headers = _column_headers(band)
    skip = {col for col, text in enumerate(headers) if _LINE_NUMBER_HEADER.match(text.split(" / ")[-1])}
    code_columns = {col for col, text in enumerate(headers) if _CODE_HEADER.match(text.split(" / ")[-1])}
    data = [row for row in rows[first_data:] if not _is_column_numbers(row.cells)]
    # Labels left of the first figure column name rows (and nest); a label right of it starts a table's other side.
    first_figure = min((col for row in data for col in _figures(row.cells) if col not in skip), default=0)
    skip_right = skip | set(range(first_figure, max((len(row.cells) for row in data), default=0)))
    label_column = min(
        (col for row in data for col, _ in _leading_labels(row.cells, skip_right, code_columns)[:1]), default=0
    )
    title = block.title.text.strip()
    values: list[TableValue] = []
    unplaced: list[TableRow] = []
    numeric_cells = 0
    labelled = any(_leading_labels(row.cells, skip, code_columns) for row in data)  # 三公 tables: one row of figures
    outer: list[str] = []  # a merged label above, spanning the rows below it
    for row_no, row in enumerate(data, start=1):
        leading = _leading_labels(row.cells, skip_right, code_columns)
        if len(leading) >= 2:
            outer = [leading[0][1]]
        elif leading and leading[0][0] == label_column:
            outer = []
        figures = list(
            _row_figures(row.cells, skip, code_columns, headers, outer if len(leading) < 2 else [], first_figure)
        )
        numeric_cells += len(figures)
        placed = [figure for figure in figures if (figure[3] or figure[4] or not labelled) and figure[5]]
        if len(placed) < len(figures):
            unplaced.append(row)
        for col, cell, number, code, label, header in placed:
            box = row.boxes[col] if row.boxes and col < len(row.boxes) else None
            values.append(
                TableValue(
                    title,
                    row_no,
                    col + 1,
                    code,
                    label,
                    header,
                    number,
                    block.unit or "万元",
                    cell,
                    _cell_provenance(row, col),
                    box,
                )
            )
    return TableRead(values, numeric_cells, unplaced)


def _cell_provenance(row: TableRow, col: int) -> Provenance:
    """The row's provenance; for an OCR'd cell, with the cell's own confidence (not its row's least sure)."""
    confidence = row.confidences[col] if row.confidences and col < len(row.confidences) else None
    return dataclasses.replace(row.provenance, confidence=confidence) if confidence is not None else row.provenance


def _is_code(cells: list[str], col: int, code_columns: set[int]) -> bool:
    """A 类/款/项 code in its own cell before the row's name (201 | 01 | 02 | 一般公共服务支出): a
    class code, or a two-digit part right after another code part."""
    if col in code_columns:
        return cells[col].isdigit()  # 合计 merged over the code and name columns is the row's label
    if not any(c and parse_number(c) is None for c in cells[col + 1 : col + 4]):
        return False
    if _CLASS_CODE.match(cells[col]):
        return True
    before = next((c for c in reversed(cells[:col]) if c), "")
    return bool(_SPLIT_CODE_PART.match(cells[col])) and bool(
        _CLASS_CODE.match(before) or _SPLIT_CODE_PART.match(before)
    )


def _leading_labels(cells: list[str], skip: set[int], code_columns: set[int]) -> list[tuple[int, str]]:
    """The (column, text) labels of a row before its first figure."""
    labels = []
    for col, cell in enumerate(cells):
        if not cell or col in skip or _is_code(cells, col, code_columns):
            continue
        if parse_number(cell) is not None:
            break
        labels.append((col, cell))
    return labels


def _row_figures(
    cells: list[str], skip: set[int], code_columns: set[int], headers: list[str], outer: list[str], first_figure: int
):
    """(col, text, value, code, label path, header) of each figure; a label after figures, or right of the
    first figure column, starts the table's right-hand side (收入 | 金额 | 支出 | 金额), with labels of its own."""
    labels: list[str] = list(outer)
    codes: list[str] = []
    after_figure = False
    for col, cell in enumerate(cells):
        if not cell or col in skip:
            continue
        if col == first_figure and not after_figure and parse_number(cell) is None:
            after_figure = True  # the left side printed no figure: its labels are not this side's
        if _is_code(cells, col, code_columns):
            if after_figure:
                labels, codes, after_figure = [], [], False
            codes.append(cell)
            continue
        number = parse_number(cell)
        if number is None:
            if after_figure:
                labels, codes, after_figure = [], [], False
            labels.append(cell)
            continue
        after_figure = True
        yield (
            col,
            cell,
            number,
            "".join(codes) or None,
            " / ".join(labels) or None,
            _header_of(headers, col, len(cells)),
        )


def _header_of(headers: list[str], col: int, row_width: int) -> str | None:
    """The column's header; a figure past the header's last titled column (text extractions pad rows
    with blank cells) aligns to the header from the right."""
    if col < len(headers) and headers[col]:
        return headers[col]
    titled = [index for index, text in enumerate(headers) if text]
    if not titled or col <= titled[-1]:
        return None
    from_right = row_width - 1 - col
    return headers[titled[-1] - from_right] if from_right <= titled[-1] and headers[titled[-1] - from_right] else None
