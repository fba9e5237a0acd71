"""Registry of the nine standard tables, identified by title (regions order them differently)."""

import re
from dataclasses import dataclass

from ...landing.models import Line
from ..text_norm import compact


@dataclass(frozen=True)
class TableLayout:
    code: str
    name: str  # English name for docs and summaries
    required: tuple[str, ...]  # every one must appear in the compacted title
    forbidden: tuple[str, ...] = ()


# Most specific first: later titles are substrings of earlier ones' variants.
STANDARD_TABLES: tuple[TableLayout, ...] = (
    TableLayout("T09", "three_public_costs", ("三公", "经费", "决算表")),
    TableLayout("T08", "state_capital_fund", ("国有资本经营预算财政拨款", "支出决算表")),
    TableLayout("T07", "government_fund", ("政府性基金预算财政拨款", "决算表")),
    TableLayout("T06", "general_budget_basic_expenditure", ("一般公共预算财政拨款基本支出决算",)),
    TableLayout("T05", "general_budget_expenditure", ("一般公共预算财政拨款支出决算表",)),
    TableLayout("T04", "fiscal_appropriation_summary", ("财政拨款收入支出决算总表",)),
    TableLayout("T01", "income_expenditure_summary", ("收支决算总表",), ("财政拨款",)),
    TableLayout("T01", "income_expenditure_summary", ("收入支出决算总表",), ("财政拨款",)),
    TableLayout("T02", "income", ("收入决算表",), ("财政拨款",)),
    TableLayout("T03", "expenditure", ("支出决算表",), ("财政拨款",)),
)

# "2021年度收入决算表（表2）", "表 1：高等学校收支决算总表", "一、收入决算表" → the bare title.
_TITLE_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|表\d+[:：]|(?:19|20)\d{2}年度?)+")
_TITLE_SUFFIX = re.compile(r"[（(]表\d+[)）]$")
_MAX_TITLE_CHARS = 40
# A real table (not a table-of-contents entry) states its unit within a few lines.
_UNIT_LINE = re.compile(r"单位\s*[:：]?\s*(万元|元)")
_UNIT_LOOKAHEAD = 8


# Any table title, standard or not ("高等学校财政拨款支出决算表"): ends a table running across pages.
UNKNOWN = "unknown"


def table_code_for_title(text: str) -> str | None:
    """T-code of a standard table title, UNKNOWN for another 决算 table title, None for other text."""
    title = _TITLE_SUFFIX.sub("", _TITLE_PREFIX.sub("", compact(text)))
    if len(title) > _MAX_TITLE_CHARS or not title.endswith("表"):
        return None
    for layout in STANDARD_TABLES:
        if all(part in title for part in layout.required) and not any(part in title for part in layout.forbidden):
            return layout.code
    # "…2024年度部门决算表" heads the whole set of tables (part two), not one table
    is_set_heading = "部分" in title or title.endswith("部门决算表")
    return UNKNOWN if title.endswith(("决算表", "决算总表")) and not is_set_heading else None


@dataclass(frozen=True)
class TableTitle:
    code: str
    line: Line
    unit: str  # 万元 or 元, from the unit line under the title


def find_table_titles(lines: list[Line], include_unknown: bool = False) -> list[TableTitle]:
    """Table titles that head a real table (followed closely by a unit line): standard ones,
    and with include_unknown other 决算 tables too (code UNKNOWN)."""
    found = []
    for index, line in enumerate(lines):
        code = table_code_for_title(line.text)
        if code is None or (code == UNKNOWN and not include_unknown):
            continue
        following = [l.text for l in lines[index + 1 : index + 1 + _UNIT_LOOKAHEAD * 2] if l.text.strip()]
        unit = next((m.group(1) for text in following[:_UNIT_LOOKAHEAD] if (m := _UNIT_LINE.search(text))), None)
        if unit:
            found.append(TableTitle(code, line, unit))
    return found
