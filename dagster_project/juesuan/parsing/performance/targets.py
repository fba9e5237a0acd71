"""项目绩效目标表 (a budget's project performance targets) from PDF table cells.

Each project's sheet starts with a table whose first row is 项目名称; its indicator rows
(一级/二级/三级指标, 指标值, 分值) run on, across pages, until the next sheet. An indicator
row ends with its weight (分值) after its target (指标值) and name (三级指标); the 一级/二级
cells before the name are merged over the rows below, so they carry down. Targets only:
a budget has no actuals or scores yet.
"""

import re
from collections import defaultdict
from collections.abc import Iterator

from ...landing.models import TableCell
from ...numbers import parse_number
from ..facts import PerformanceIndicator, Provenance
from .self_evaluation import LEVEL1
from .values import parse_indicator_value

_PROJECT_NAME = "项目名称"
_MIN_WIDTH = 4  # name, target, weight and at least one indicator level
_HEADER = re.compile(r"一级指标|三级指标|指标值")


def _text(cell: TableCell) -> str:
    return re.sub(r"\s+", "", cell.text or "")


def _tables(cells: list[TableCell]) -> Iterator[tuple[int, list[list[str]]]]:
    """(page, rows of cell texts) per PDF table, in page order; merged-over cells are blank."""
    grouped: dict[tuple[int, int], dict[int, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    for cell in cells:
        grouped[(cell.page_no, cell.table_no)][cell.row_no][cell.col_no] = _text(cell)
    for (page_no, _), rows in sorted(grouped.items()):
        width = max(max(row) for row in rows.values())
        yield page_no, [[rows[r].get(c, "") for c in range(1, width + 1)] for r in sorted(rows)]


def project_targets(cells: list[TableCell]) -> Iterator[PerformanceIndicator]:
    project = level1 = level2 = None
    for page_no, rows in _tables(cells):
        if rows[0][:1] == [_PROJECT_NAME]:
            project = next((text for text in rows[0][1:] if text), None)
            level1 = level2 = None
        if project is None or len(rows[0]) < _MIN_WIDTH:
            continue
        for cells_of_row in rows:
            filled = [text for text in cells_of_row if text]
            if len(filled) < 3 or _HEADER.search("".join(filled)) or parse_number(filled[-1]) is None:
                continue
            *levels, name, target, weight = filled
            levels = [text for text in levels if text not in (_PROJECT_NAME, project)][-2:]
            if len(levels) == 2:
                level1, level2 = levels
            elif levels and levels[0] in LEVEL1:
                level1, level2 = levels[0], None
            elif levels:
                level2 = levels[0]
            value = parse_indicator_value(target)
            yield PerformanceIndicator(
                scope="project",
                project_name=project,
                goal_no=None,
                level1_indicator=level1,
                level2_indicator=level2,
                indicator_name=name,
                target_text=target,
                actual_text=None,
                target_value=value.value,
                actual_value=None,
                value_unit=value.unit,
                comparator=value.comparator,
                weight=parse_number(weight),
                score=None,
                provenance=Provenance("table", None, page_no, None, "\t".join(cells_of_row)),
            )
