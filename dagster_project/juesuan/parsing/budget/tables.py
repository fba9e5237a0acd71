"""Facts from budget tables (B02/B03/B05–B09) whose columns are read from their headers.

Budget tables of different regions order their amount columns differently (the
university's 收入预算表 puts 上年结转 before 财政拨款收入), so each column's role comes
from its header text: the header rows (two or three lines, merged cells carried
in the first column they span) are joined per column and matched by keyword.
"""

from collections.abc import Iterator
from decimal import Decimal
from itertools import zip_longest

from ...numbers import parse_number
from ..facts import EconomicAmount, FunctionAmount, Metric, ThreePublicCost
from ..tables.blocks import TableBlock, TableRow
from ..tables.function_codes import level_of
from ..tables.rows import DIGITS, TOTAL_ROW, data_rows, economic_rows, is_code

Roles = tuple[tuple[str, tuple[str, ...]], ...]

# Column roles by header keyword, first match wins (基本支出 before 合计: "基本支出合计" is basic).
_FUNCTION_ROLES: Roles = (
    ("basic", ("基本支出",)),
    ("project", ("项目支出",)),
    ("fiscal_appropriation", ("财政拨款收入",)),
    ("carryover", ("上年结转",)),
    ("total", ("合计",)),
    ("total", ("财政拨款支出",)),  # the university's 财政拨款支出预算表 heads its total so
)
_ECONOMIC_ROLES: Roles = (("personnel", ("人员经费",)), ("public", ("公用经费",)), ("total", ("合计",)))
# The 合计 row of each budget table restates headline metrics.
_TOTAL_METRICS = {
    "B02": {"total": "total_income", "fiscal_appropriation": "fiscal_appropriation_income"},
    "B03": {"total": "total_expenditure", "basic": "basic_expenditure", "project": "project_expenditure"},
    "B05": {
        "total": "general_budget_expenditure",
        "basic": "general_budget_basic_expenditure",
        "project": "general_budget_project_expenditure",
    },
    "B06": {"total": "general_budget_basic_expenditure", "personnel": "personnel_cost", "public": "public_cost"},
    "B07": {"total": "government_fund_expenditure"},
    "B08": {"total": "state_capital_expenditure"},
}


def _has_amount(row: TableRow) -> bool:
    return any(parse_number(cell) is not None and not DIGITS.match(cell) for cell in row.cells)


def header_texts(block: TableBlock) -> list[str]:
    """Each column's header: the texts of the rows above the first row holding an amount, joined."""
    header: list[str] = []
    for row in block.rows:
        if _has_amount(row):
            break
        header = [a + b for a, b in zip_longest(header, row.cells, fillvalue="")]  # text rows may be ragged
    return header


def column_roles(block: TableBlock, roles: Roles) -> dict[str, int]:
    """role → column index, the first column whose header names the role."""
    found: dict[str, int] = {}
    for index, text in enumerate(header_texts(block)):
        role = next((role for role, words in roles if any(word in text for word in words)), None)
        if role and role not in found:
            found[role] = index
    return found


def _pick(cells: list[str], columns: dict[str, int]) -> dict[str, Decimal | None]:
    return {role: parse_number(cells[index]) if index < len(cells) else None for role, index in columns.items()}


def _total_metrics(block: TableBlock, row: TableRow, values: dict[str, Decimal | None]) -> Iterator[Metric]:
    metrics = _TOTAL_METRICS.get(block.code, {})
    if "carryover" in values:  # a 收入合计 beside a 上年结转 column is the 收入总计 (the university's 2023 table)
        metrics = {**metrics, "total": "grand_total"}
    for role, metric in metrics.items():
        if values.get(role) is not None:
            yield Metric(metric, values[role], "万元", block.unit, row.provenance)


def budget_function_rows(block: TableBlock) -> tuple[list[FunctionAmount], list[Metric]]:
    """功能分类 rows of B02/B03/B05/B07/B08; codes split over 类/款/项 cells (`212 | 01 | 02`) are joined."""
    columns = column_roles(block, _FUNCTION_ROLES)
    amounts, metrics = [], []
    if "total" not in columns:
        return amounts, metrics
    for row in data_rows(block):
        name_index = next(
            (i for i, cell in enumerate(row.cells) if cell and not is_code(cell) and parse_number(cell) is None), None
        )
        if name_index is None or name_index >= columns["total"]:
            continue
        values = _pick(row.cells, columns)
        if not any(value is not None for value in values.values()):
            continue
        name = row.cells[name_index]
        if name in TOTAL_ROW:
            if not metrics:  # the first 合计 row is the table's total
                metrics += _total_metrics(block, row, values)
            continue
        code = "".join(cell for cell in row.cells[:name_index] if DIGITS.match(cell))
        if level_of(code):  # a unit row ("105236 西南大学") is not a function row
            amounts.append(
                FunctionAmount(
                    code,
                    name,
                    values.get("total"),
                    values.get("basic"),
                    values.get("project"),
                    None,
                    None,
                    block.unit,
                    row.provenance,
                )
            )
    return amounts, metrics


def budget_economic_rows(block: TableBlock) -> tuple[list[EconomicAmount], list[Metric]]:
    """B06: economic classes (the 合计 column) and the 合计 row's 人员经费 / 公用经费."""
    amounts, _ = economic_rows(block)
    columns = column_roles(block, _ECONOMIC_ROLES)
    for row in data_rows(block):
        # The 合计 label is merged over the code and name cells; read without ruling lines, it stands in one of them.
        label = next((cell for cell in row.cells if cell), "")
        if label in TOTAL_ROW and any(parse_number(cell) is not None for cell in row.cells):
            return amounts, list(_total_metrics(block, row, _pick(row.cells, columns)))
    return amounts, []


# B09 columns by header keyword: the combined Shanghai table adds 机关运行经费 as its last column.
_THREE_PUBLIC_ROLES: Roles = (
    ("operating_cost", ("机关运行",)),
    ("vehicle_total", ("小计",)),
    ("vehicle_purchase", ("购置费",)),
    ("vehicle_operation", ("运行费",)),
    ("vehicle_total", ("公务用车", "公务车")),  # the merged heading over 小计 / 购置费 / 运行费
    ("overseas_travel", ("出国",)),
    ("reception", ("接待",)),
    ("total", ("合计",)),
)
_VEHICLE_PARTS = ("vehicle_purchase", "vehicle_operation")


def _three_public_columns(block: TableBlock) -> list[str | None]:
    """The role of every column; columns left blank under the merged 公务用车购置及运行费 heading
    are its 购置费 and 运行费, in the template's order."""
    columns: list[str | None] = []
    for text in header_texts(block):
        role = next((role for role, words in _THREE_PUBLIC_ROLES if any(word in text for word in words)), None)
        pending = [part for part in _VEHICLE_PARTS if part not in columns]
        if role is None and columns and "vehicle_total" in columns and pending and not text:
            role = pending[0]
        columns.append(role)
    return columns


def budget_three_public_rows(block: TableBlock) -> tuple[list[ThreePublicCost], list[Metric]]:
    """B09 budgets (into budget, never actual) and the combined table's 机关运行经费预算."""
    columns = _three_public_columns(block)
    costs, metrics = [], []
    for row in data_rows(block):
        if not _has_amount(row):
            continue
        for role, cell in zip(columns, row.cells):
            value = parse_number(cell)
            if role == "operating_cost" and value is not None:
                metrics.append(Metric("operating_cost", value, "万元", block.unit, row.provenance))
            elif role is not None and value is not None:
                costs.append(ThreePublicCost(role, value, None, None, None, None, block.unit, row.provenance))
        break  # one row of budgets
    return costs, metrics
