"""Standard tables as blocks of rows, from tab-separated text or from PDF table cells.

Both sources become the same thing, a list of TableRow, so one set of table
parsers serves both. A table is identified by its title (layouts), and
ends at the next title or part heading; a PDF table continues onto the next
page when that page has no title and a table with the same number of columns.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from statistics import median

from ...landing.models import Line, TableCell
from ..facts import Provenance
from ..text_norm import compact
from .layouts import UNIT_LINE, UNKNOWN, code_for_header, find_table_titles

_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_HTML = re.compile(r"</?b>")
# "本表无数据", "本单位无政府性基金预算财政拨款收入支出", "2024 年度无国有资本经营预算财政拨款支出"
_DECLARED_EMPTY = re.compile(
    r"本表无数据|本表为空|(?:单位|部门|年度)(?:当年)?无(?:政府性基金|国有资本|.{0,30}(?:收入|支出))"
)
# The table's own arithmetic: "1栏各行=（2+3+4+5+6+7）栏各行", "27行=（1+2+3）行".
_FORMULA = re.compile(r"\d+\s*[栏行][^=＝]{0,4}[=＝]")


@dataclass(frozen=True)
class CellBox:
    """Where a PDF cell stands on its page (points), for a figure's provenance."""

    x0: float | None
    top: float | None
    x1: float | None
    bottom: float | None


@dataclass(frozen=True)
class TableRow:
    cells: list[str]
    provenance: Provenance
    boxes: list[CellBox | None] | None = None  # PDF rows: each cell's box (None where the cell is absent)
    confidences: list[float | None] | None = None  # OCR'd rows: each cell's recognition confidence


@dataclass
class TableBlock:
    code: str
    title: Line
    unit: str | None  # None until resolved: a table without a unit line shares the previous table's
    rows: list[TableRow] = field(default_factory=list)
    declared_empty: bool = False
    formulas: list[str] = field(default_factory=list)


def _cell_text(text: str | None) -> str:
    # Wrapped cell text ("本年收入合\n计") is one label; Chinese joins without spaces.
    return re.sub(r"\s+", "", _HTML.sub("", text or ""))


def text_table_blocks(lines: list[Line], family: str | None = None) -> list[TableBlock]:
    """Blocks from a text extraction whose table rows are tab-separated lines; other 预算/决算 tables
    (code UNKNOWN) too."""
    titles = find_table_titles(lines, include_unknown=True, family=family)
    index_of = {line.line_no: i for i, line in enumerate(lines)}
    blocks = []
    for title, following in zip(titles, titles[1:] + [None]):
        block = TableBlock(code=title.code, title=title.line, unit=title.unit)
        end = index_of[following.line.line_no] if following else len(lines)
        for line in lines[index_of[title.line.line_no] + 1 : end]:
            if _PART_HEADING.match(compact(line.text)):
                break
            _add_text_line(block, line)
        blocks.append(block)
    return _with_units(blocks)


def _with_units(blocks: list[TableBlock]) -> list[TableBlock]:
    """A table printed without a unit line (the university's 收入预算表) is in its set's unit, the last
    standard table's; without any earlier unit it cannot be read and is dropped."""
    unit = None
    resolved = []
    for block in blocks:
        block.unit = block.unit or unit
        if block.code != UNKNOWN:
            unit = block.unit
        if block.unit is not None:
            resolved.append(block)
    return resolved


def _add_text_line(block: TableBlock, line: Line) -> None:
    if "\t" in line.text:
        provenance = Provenance("table", block.code, line.page_no, line.line_no, line.text)
        block.rows.append(TableRow([_cell_text(cell) for cell in line.text.split("\t")], provenance))
    elif _DECLARED_EMPTY.search(compact(line.text)):
        block.declared_empty = True
    if _FORMULA.search(line.text):
        block.formulas.append(line.text.strip())


def pdf_table_blocks(lines: list[Line], cells: list[TableCell], family: str | None = None) -> list[TableBlock]:
    """Blocks from PDF table cells, titled by the table titles in each page's text; other 预算/决算
    tables (code UNKNOWN) too."""
    lines_by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        lines_by_page[line.page_no].append(line)
    tables: dict[int, dict[int, list[TableCell]]] = defaultdict(lambda: defaultdict(list))
    for cell in cells:
        tables[cell.page_no][cell.table_no].append(cell)

    blocks: list[TableBlock] = []
    current: TableBlock | None = None
    current_width = 0
    for page_no in sorted(set(tables) | set(lines_by_page)):
        page_lines = lines_by_page.get(page_no, [])
        page_blocks = [
            TableBlock(code=title.code, title=title.line, unit=title.unit)
            for title in find_table_titles(page_lines, include_unknown=True, family=family)
        ]
        if page_blocks and current is not None and _repeats_title(page_blocks[0], current):
            page_blocks[0] = current  # a table whose title is printed again on each page it runs over
        blocks.extend(block for block in page_blocks if block is not current)
        page_tables = sorted(tables.get(page_no, {}))
        # Tables beyond the page's titles stand above the first title: the previous table's last rows.
        leading = len(page_tables) - len(page_blocks)
        continued = 0
        for position, table_no in enumerate(page_tables):
            table_cells = tables[page_no][table_no]
            width = max(cell.col_no for cell in table_cells)
            if page_blocks and position < leading and current is not None and current.rows and width == current_width:
                continued += 1  # continues the current table
            elif page_blocks:
                current = page_blocks[min(position - continued, len(page_blocks) - 1)]
            elif current is not None and current.rows and _is_total_tail(table_cells, width, current_width):
                current.rows.extend(_pdf_rows(current.code, page_no, table_cells, width, align_to=current_width))
                continue
            elif current is not None and current.rows and (placed := _under_columns(table_cells, current)):
                current.rows.extend(_pdf_rows(current.code, page_no, placed, current_width))
                continue
            elif current is None or (current.rows and width != current_width):
                # a table printed with no title at all is known by its header, or is not a standard table
                current = _untitled_block(page_lines, table_cells, family)
                if current is None:
                    continue  # a list of units, a performance sheet …
                blocks.append(current)
            current_width = width
            current.rows.extend(_pdf_rows(current.code, page_no, table_cells, width))
        for line in page_lines:
            if _DECLARED_EMPTY.search(compact(line.text)):
                owner = next((b for b in reversed(page_blocks) if b.title.line_no < line.line_no), current)
                if owner is not None:
                    owner.declared_empty = True
        if page_blocks:
            current = page_blocks[-1]
    return _with_units(blocks)


_HEADER_ROWS = 3


def _untitled_block(page_lines: list[Line], cells: list[TableCell], family: str | None) -> TableBlock | None:
    """A standard table whose page prints no title: its header rows sign its code; the page's first line
    stands for the title (the block's provenance), its unit line for the unit."""
    header = "".join(_cell_text(cell.text) for cell in cells if cell.row_no <= _HEADER_ROWS)
    code = code_for_header(header, family)
    if code is None or not page_lines:
        return None
    unit = next((m.group(1) for line in page_lines if (m := UNIT_LINE.search(line.text))), None)
    return TableBlock(code=code, title=page_lines[0], unit=unit)


def _repeats_title(block: TableBlock, current: TableBlock) -> bool:
    return block.code == current.code and compact(block.title.text) == compact(current.title.text)


def _is_total_tail(cells: list[TableCell], width: int, table_width: int) -> bool:
    """A lone 合计 row pushed onto the next page, its label merged over the code and name columns."""
    return (
        width < table_width
        and len({cell.row_no for cell in cells}) == 1
        and _cell_text(min(cells, key=lambda cell: cell.col_no).text) in ("合计", "总计")
    )


def _under_columns(cells: list[TableCell], table: TableBlock) -> list[TableCell] | None:
    """A table read from the alignment of its text (no ruling lines) has no column where its page printed none
    (a continuation whose 经营收入 column is empty throughout), so it is narrower than the ruled table it
    continues. Where each of its columns stands under its own column of that table, on the same place of the
    page, it continues it: its cells are numbered as those columns. A ruled table keeps all its columns."""
    if not all(cell.extraction_method == "ocr" for cell in cells):
        return None
    width = max(len(row.boxes or []) for row in table.rows)
    if max(cell.col_no for cell in cells) >= width:
        return None
    spans = []
    for col in range(width):
        boxes = [row.boxes[col] for row in table.rows if row.boxes and len(row.boxes) > col and row.boxes[col]]
        if not boxes or any(box.x0 is None for box in boxes):
            return None
        spans.append((median(box.x0 for box in boxes), median(box.x1 for box in boxes)))
    place = {}
    for cell in cells:
        centre = (cell.x0 + cell.x1) / 2
        place[cell.col_no] = next((col for col, (x0, x1) in enumerate(spans, 1) if x0 <= centre <= x1), None)
    order = [place[col] for col in sorted(place)]
    if None in order or order != sorted(set(order)):
        return None
    return [replace(cell, col_no=place[cell.col_no]) for cell in cells]


def _pdf_rows(
    code: str, page_no: int, cells: list[TableCell], width: int, align_to: int | None = None
) -> list[TableRow]:
    """Rows of cell texts; with align_to, a narrower row keeps its label first and its values
    under the table's last columns."""
    by_row: dict[int, dict[int, TableCell]] = defaultdict(dict)
    for cell in cells:
        by_row[cell.row_no][cell.col_no] = cell
    rows = []
    for row_no in sorted(by_row):
        row = by_row[row_no]
        texts = [_cell_text(row[col].text) if col in row else "" for col in range(1, width + 1)]
        boxes = [
            CellBox(row[col].x0, row[col].top, row[col].x1, row[col].bottom) if col in row else None
            for col in range(1, width + 1)
        ]
        confidences = [row[col].confidence if col in row else None for col in range(1, width + 1)]
        if align_to:
            texts = texts[:1] + [""] * (align_to - width) + texts[1:]
            boxes = boxes[:1] + [None] * (align_to - width) + boxes[1:]
            confidences = confidences[:1] + [None] * (align_to - width) + confidences[1:]
        provenance = Provenance("table", code, page_no, None, "\t".join(texts), *_row_reading(list(row.values())))
        rows.append(TableRow(texts, provenance, boxes, confidences if provenance.extraction_method == "ocr" else None))
    return rows


def _row_reading(cells: list[TableCell]) -> tuple[str, float | None]:
    """How the row was read; for OCR, the confidence of its least sure figure (or cell, when it has no figure)."""
    read = [cell for cell in cells if cell.extraction_method == "ocr" and cell.confidence is not None]
    if not read:
        return ("ocr" if any(cell.extraction_method == "ocr" for cell in cells) else "text"), None
    figures = [cell for cell in read if any(ch.isdigit() for ch in cell.text or "")]
    return "ocr", min(cell.confidence for cell in figures or read)
