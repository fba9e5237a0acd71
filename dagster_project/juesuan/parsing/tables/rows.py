"""Facts from standard-table blocks: one parser per table shape, chosen by table code."""

import re
from collections.abc import Iterator
from decimal import Decimal

from ...numbers import parse_number
from ..facts import EconomicAmount, FunctionAmount, Metric, ThreePublicCost
from .blocks import TableBlock, TableRow
from .ocr_names import nearest_known

DIGITS = re.compile(r"^\d{1,7}$")
_LINE_NUMBER = re.compile(r"^\d{1,3}$")
# A bare 、 is a number whose numeral OCR lost (`、一般公共服务支出`): no name starts with one.
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]*、|\d+[.、．])")
TOTAL_ROW = {"合计", "总计"}
_NOTE = re.compile(r"^注")


def _label(text: str) -> str:
    return _NUMBERING.sub("", text)


_CODE_HEADINGS = {"类", "款", "项"}  # PDF headers split codes into 类/款/项 columns


def is_code(text: str) -> bool:
    return bool(DIGITS.match(text)) or text in _CODE_HEADINGS


def data_rows(block: TableBlock) -> Iterator[TableRow]:
    for row in block.rows:
        if row.cells and _NOTE.match(row.cells[0]):
            return
        yield row


def _column_count(block: TableBlock) -> int | None:
    """Value columns the header numbers (栏次 1 2 3 …), when it numbers them."""
    for row in block.rows:
        if "栏次" in row.cells:
            labels = [cell for cell in row.cells[row.cells.index("栏次") + 1 :] if _LINE_NUMBER.match(cell)]
            if labels:
                return len(labels)
    return None


_FIRST_AMOUNT_HEADER = re.compile(r"^(?:本年(?:收入|支出)合计|合计|小计|决算数)$")


def _first_amount_column(block: TableBlock) -> int | None:
    """Index of the first amount column, from the header rows (rows without numbers)."""
    for row in block.rows:
        if any(parse_number(cell) is not None and not _LINE_NUMBER.match(cell) for cell in row.cells):
            return None
        for index, cell in enumerate(row.cells):
            if _FIRST_AMOUNT_HEADER.match(cell):
                return index
    return None


def _values_after(cells: list[str], start: int, first_amount: int | None, count: int | None) -> list[Decimal | None]:
    """Values of the amount columns: from the header's first amount column when it names one,
    else after the name, dropping the blank cells text extractions pad in before the values."""
    if first_amount is not None and first_amount >= start:
        values = cells[first_amount:]
    else:
        values = cells[start:]
        while count is not None and len(values) > count and values[0] == "":
            values = values[1:]
    return [parse_number(value) for value in values]


# Function tables: value columns by table (1-based as the header numbers them).
_FUNCTION_COLUMNS = {
    "T02": {"total": 1},
    "T03": {"total": 1, "basic": 2, "project": 3},
    "T05": {"total": 1, "basic": 2, "project": 3},
    # 年初结转和结余, 本年收入, 本年支出 (小计, 基本, 项目), 年末结转和结余: a row's total is its spending
    "T07": {"total": 3, "basic": 4, "project": 5},
    "T08": {"total": 1, "basic": 2, "project": 3},
}
# The 合计 row of a function table restates headline metrics.
_FUNCTION_TOTAL_METRICS = {
    "T02": {1: "total_income", 2: "fiscal_appropriation_income"},
    "T03": {1: "total_expenditure", 2: "basic_expenditure", 3: "project_expenditure"},
    "T05": {
        1: "general_budget_expenditure",
        2: "general_budget_basic_expenditure",
        3: "general_budget_project_expenditure",
    },
    "T07": {
        1: "government_fund_carryover_begin",
        2: "government_fund_income",
        3: "government_fund_expenditure",
        6: "government_fund_carryover_end",
    },
    "T08": {1: "state_capital_expenditure"},
}


def function_rows(block: TableBlock) -> tuple[list[FunctionAmount], list[Metric]]:
    columns = _FUNCTION_COLUMNS[block.code]
    count = _column_count(block)
    first_amount = _first_amount_column(block)
    amounts, metrics = [], []
    for row in data_rows(block):
        name_index = next(
            (i for i, cell in enumerate(row.cells) if cell and not is_code(cell) and parse_number(cell) is None), None
        )
        if name_index is None:
            continue
        code = "".join(cell for cell in row.cells[:name_index] if DIGITS.match(cell)) or None
        name = row.cells[name_index]
        if name in ("合", "总") and row.cells[name_index + 1 : name_index + 2] == ["计"]:
            name, name_index = name + "计", name_index + 1  # "合\t计" split over two cells
        values = _values_after(row.cells, name_index + 1, first_amount, count)
        if not any(value is not None for value in values):
            continue
        if name in TOTAL_ROW:
            for column, metric in _FUNCTION_TOTAL_METRICS[block.code].items():
                stated = {m.metric for m in metrics}  # the first 合计 row is the table's total
                if column <= len(values) and values[column - 1] is not None and metric not in stated:
                    metrics.append(Metric(metric, values[column - 1], "万元", block.unit, row.provenance))
            continue
        if code is None:
            continue  # a header row that happens to hold numbers
        picked = {key: values[column - 1] if column <= len(values) else None for key, column in columns.items()}
        amounts.append(
            FunctionAmount(
                code,
                name,
                picked["total"],
                picked.get("basic"),
                picked.get("project"),
                None,
                None,
                block.unit,
                row.provenance,
            )
        )
    return amounts, metrics


# Two-sided summary tables (T01, T04): label → metric, first occurrence per side.
_SUMMARY_LABELS = {
    "T01": (
        ("本年收入合计", "total_income"),
        ("本年支出合计", "total_expenditure"),
        ("一般公共预算财政拨款收入", "general_budget_income"),
        ("财政拨款收入", "fiscal_appropriation_income"),
        ("政府性基金预算财政拨款收入", "government_fund_income"),
        ("国有资本经营预算财政拨款收入", "state_capital_income"),
        ("上级补助收入", "superior_grant_income"),
        ("事业收入", "business_income"),
        ("经营收入", "operating_income"),
        ("附属单位上缴收入", "affiliated_unit_income"),
        ("其他收入", "other_income"),
        ("年初结转和结余", "carryover_begin"),
        ("年末结转和结余", "carryover_end"),
        ("使用非财政拨款结余(含专用结余)", "non_fiscal_balance_used"),
        ("使用非财政拨款结余（含专用结余）", "non_fiscal_balance_used"),
        ("结余分配", "balance_distribution"),
    ),
    # Budget 总表: Shanghai's 财务收支预算总表 and the university's 收支预算总表
    "B01": (
        ("收入总计", "grand_total"),
        ("支出总计", "grand_total_expenditure"),
        ("本年收入合计", "total_income"),
        ("本年支出合计", "total_expenditure"),
        ("财政拨款收入", "fiscal_appropriation_income"),
        ("财政拨款", "fiscal_appropriation_income"),
        ("一般公共预算资金", "general_budget_income"),
        ("政府性基金", "government_fund_income"),
        ("国有资本经营预算", "state_capital_income"),
        ("事业收入", "business_income"),
        ("事业单位经营收入", "operating_income"),
        ("其他收入", "other_income"),
        ("使用非财政拨款结余", "non_fiscal_balance_used"),
        ("上年结转", "carryover_begin"),
        ("结转下年", "carryover_end"),
    ),
    "B04": (
        ("收入总计", "fiscal_grand_total"),
        ("支出总计", "fiscal_grand_total_expenditure"),
        ("一般公共预算资金", "general_budget_income"),
        ("政府性基金", "government_fund_income"),
        ("国有资本经营预算", "state_capital_income"),
    ),
    "T04": (
        ("本年收入合计", "fiscal_appropriation_income"),
        ("本年支出合计", "fiscal_appropriation_expenditure"),
        ("一般公共预算财政拨款收入", "general_budget_income"),
        ("一般公共预算财政拨款", "general_budget_income"),
        ("政府性基金预算财政拨款", "government_fund_income"),
        ("国有资本经营预算财政拨款", "state_capital_income"),
        ("年初财政拨款结转和结余", "fiscal_carryover_begin"),
        ("年末财政拨款结转和结余", "fiscal_carryover_end"),
    ),
}
_GRAND_TOTAL = {
    "T01": ("grand_total", "grand_total_expenditure"),
    "T04": ("fiscal_grand_total", "fiscal_grand_total_expenditure"),
    "B01": (),
    "B04": (),
}  # budget 总表 label their totals 收入总计 / 支出总计
_CLASS_SIDE = {"T04", "B01", "B04"}  # summaries whose expenditure side lists 功能分类 classes
_MIN_TRUNCATED_LABEL = 6  # "一般公共预算财政拨" still names its row; "收入" does not


def _summary_metric(code: str, label: str, read_by_ocr: bool = False) -> str | None:
    for full, metric in _SUMMARY_LABELS[code]:
        if label == full or (len(label) >= _MIN_TRUNCATED_LABEL and full.startswith(label)):
            return metric
    near = nearest_known(label, (full for full, _ in _SUMMARY_LABELS[code])) if read_by_ocr else None
    return dict(_SUMMARY_LABELS[code])[near] if near else None  # a label OCR misread by one character


def _segments(cells: list[str], has_line_numbers: bool) -> Iterator[tuple[int, str, list[Decimal | None]]]:
    """(cell index, label, values) for each label in a row.

    Where the table numbers its lines (行次), whole numbers are line numbers, never
    amounts: amounts in these tables always print decimals.
    """
    index, label, values = 0, None, []
    for position, cell in enumerate(cells):
        if cell and parse_number(cell) is None:
            if label is not None:
                yield index, label, values
            index, label, values = position, _label(cell), []
        elif label is not None and not (has_line_numbers and _LINE_NUMBER.match(cell)):
            values.append(parse_number(cell))
    if label is not None:
        yield index, label, values


# T04's expenditure side prints one column per fund after the total (合计, 一般公共预算, 政府性基金, 国有资本经营).
_FUNDS = ("general_budget", "government_fund", "state_capital")
_FUND_INCOME = {f"{fund}_income": fund for fund in _FUNDS}
_FUND_COLUMN_METRICS = {
    "fiscal_appropriation_expenditure": "{fund}_expenditure",
    "fiscal_carryover_end": "fiscal_carryover_end_{fund}",
}


def _fund_columns(metric: str, values: list[Decimal | None], provenance, unit: str) -> Iterator[Metric]:
    if metric not in _FUND_COLUMN_METRICS or len(values) < 2:
        return
    for fund, value in zip(_FUNDS, values[1:]):
        if value is not None:
            yield Metric(_FUND_COLUMN_METRICS[metric].format(fund=fund), value, "万元", unit, provenance)


def summary_rows(block: TableBlock) -> tuple[list[Metric], list[FunctionAmount]]:
    has_line_numbers = any(cell.replace(" ", "") in {"行", "行次"} for row in block.rows[:6] for cell in row.cells)
    metrics, classes, seen = [], [], set()
    grand_totals = iter(_GRAND_TOTAL[block.code])
    for row in data_rows(block):
        if not any(parse_number(cell) is not None for cell in row.cells):
            continue  # a header row ("项目 行次 金额 … 一般公共预算财政拨款") names columns, not rows
        for index, label, values in _segments(row.cells, has_line_numbers):
            value = next((v for v in values if v is not None), None)
            ocr = row.provenance.extraction_method == "ocr"
            metric = next(grand_totals, None) if label == "总计" else _summary_metric(block.code, label, ocr)
            if metric in _FUND_INCOME and metric in seen and "fiscal_carryover_begin" in seen:
                # the fund rows under 年初财政拨款结转和结余 repeat the income rows' labels
                metric = f"fiscal_carryover_begin_{_FUND_INCOME[metric]}"
            if metric:
                if metric not in seen and value is not None:
                    metrics.append(Metric(metric, value, "万元", block.unit, row.provenance))
                    if block.code == "T04":
                        metrics += _fund_columns(metric, values, row.provenance, block.unit)
                seen.add(metric)  # later rows reuse labels (年初结转 sub-rows): first is the headline
            elif block.code in _CLASS_SIDE and index > 0 and label.endswith("支出") and value is not None:
                # Right-hand side of T04: spending per 功能分类 class.
                classes.append(FunctionAmount(None, label, value, None, None, None, None, block.unit, row.provenance))
    return metrics, classes


# T06: (code, name, amount) triples; 301 and 303 are personnel costs, the rest public costs.
_PERSONNEL_CLASSES = ("301", "303")
_T06_TOTALS = {"人员经费合计": "personnel_cost", "公用经费合计": "public_cost"}


def economic_rows(block: TableBlock) -> tuple[list[EconomicAmount], list[Metric]]:
    amounts, metrics = [], []
    for row in data_rows(block):
        code_parts: list[str] = []
        pending: tuple[str, str] | None = None  # (code, name) waiting for its amount
        for cell in row.cells + [""]:
            if pending is not None:
                code, name = pending
                amount = parse_number(cell)
                if code:
                    cost_type = "personnel" if code.startswith(_PERSONNEL_CLASSES) else "public"
                    amounts.append(EconomicAmount(code, name, cost_type, amount, block.unit, row.provenance))
                pending = None
                if amount is not None or cell == "":
                    continue
            if is_code(cell):
                code_parts.append(cell)
            elif cell in _T06_TOTALS:
                total = next(
                    (parse_number(c) for c in row.cells[row.cells.index(cell) + 1 :] if parse_number(c) is not None),
                    None,
                )
                if total is not None:
                    metrics.append(Metric(_T06_TOTALS[cell], total, "万元", block.unit, row.provenance))
            elif cell and parse_number(cell) is None and code_parts:
                pending = ("".join(code_parts), cell)
                code_parts = []
    return amounts, metrics


# T09: six items, budget (预算数) and actual (决算数) for each.
_THREE_PUBLIC_ITEMS = (
    "total",
    "overseas_travel",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
)


def three_public_rows(block: TableBlock) -> list[ThreePublicCost]:
    """Wuhan layout: 6 budget columns then 6 actual columns; Shanghai: budget/actual pairs per item."""
    paired = any(row.cells.count("预算数") > 1 for row in block.rows)
    for row in data_rows(block):
        values = [parse_number(cell) for cell in row.cells]
        if not any(value is not None for value in values) or all(_LINE_NUMBER.match(c) or not c for c in row.cells):
            continue
        values = (values + [None] * 12)[:12]
        if paired:
            budgets, actuals = values[0::2], values[1::2]
        else:
            budgets, actuals = values[:6], values[6:]
        return [
            ThreePublicCost(item, budget, actual, None, None, None, block.unit, row.provenance)
            for item, budget, actual in zip(_THREE_PUBLIC_ITEMS, budgets, actuals)
        ]
    return []
