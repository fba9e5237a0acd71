"""One registry of table layouts for both document families, identified by title (regions
order and word them differently): final-account T01–T09 and budget B01–B09."""

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
    any_of: tuple[str, ...] = ()  # at least one must appear (when given)

    def matches(self, title: str) -> bool:
        return (
            all(part in title for part in self.required)
            and not any(part in title for part in self.forbidden)
            and (not self.any_of or any(part in title for part in self.any_of))
        )


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

# Budget tables: the national template (部门收支总表 …), Shanghai's (财务收支预算总表, …功能分类预算表,
# “三公”经费和机关运行经费预算表, 部门 or 预算单位 wording) and the university's (收支预算总表, 收入预算表,
# 支出预算表, 财政拨款支出预算表). None of them says 决算; most specific first.
_NOT_BUDGET = ("决算",)
_OTHER_BUDGET_TABLES = (
    "项目",
    "采购",
    "绩效",
    "构成",
)  # 项目支出表, 政府采购预算表, 绩效目标表, charts are not B01–B09
_BUDGET_WORDING = ("预算", "部门", "单位")
BUDGET_TABLES: tuple[TableLayout, ...] = (
    TableLayout("B09", "three_public_costs_budget", ("三公", "经费"), _NOT_BUDGET),
    TableLayout("B08", "state_capital_fund_budget", ("国有资本经营预算", "支出"), _NOT_BUDGET),
    TableLayout("B07", "government_fund_budget", ("政府性基金预算", "支出"), _NOT_BUDGET),
    TableLayout("B06", "general_budget_basic_expenditure_budget", ("一般公共预算基本支出",), _NOT_BUDGET),
    TableLayout("B05", "general_budget_expenditure_budget", ("一般公共预算支出",), _NOT_BUDGET),
    TableLayout("B05", "general_budget_expenditure_budget", ("财政拨款支出预算表",), _NOT_BUDGET),
    TableLayout("B04", "fiscal_appropriation_summary_budget", ("财政拨款收支",), _NOT_BUDGET),
    TableLayout(
        "B01", "income_expenditure_summary_budget", ("收支", "总表"), _NOT_BUDGET + ("财政拨款",), _BUDGET_WORDING
    ),
    TableLayout(
        "B02", "income_budget", ("收入",), _NOT_BUDGET + ("支出", "收支") + _OTHER_BUDGET_TABLES, _BUDGET_WORDING
    ),
    TableLayout(
        "B03", "expenditure_budget", ("支出",), _NOT_BUDGET + ("收入", "收支") + _OTHER_BUDGET_TABLES, _BUDGET_WORDING
    ),
)
LAYOUTS = STANDARD_TABLES + BUDGET_TABLES

# "2021年度收入决算表（表2）", "表 1：高等学校收支决算总表", "一、收入决算表", "公开01表 部门收支总表",
# "附表3-1 …", "部门收支总表 公开01表" → the bare title. Regions number their tables; the number is not the title.
_TABLE_NUMBER = r"(?:公开|附)?表[\d一二三四五六七八九十]+(?:-\d+)?|公开\d+表"
_TITLE_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|(?:" + _TABLE_NUMBER + r")[:：]?|(?:19|20)\d{2}年度?)+")
_TITLE_SUFFIX = re.compile(r"(?:[（(](?:" + _TABLE_NUMBER + r")[)）]|(?<=表)(?:" + _TABLE_NUMBER + r"))$")
# A table number on its own line: the title under it may be missing (the header then tells the table).
TABLE_NUMBER_LINE = re.compile(r"^(?:" + _TABLE_NUMBER + r")$")
_MAX_TITLE_CHARS = 40
# A real table (not a table-of-contents entry) states its unit within a few lines,
# or (the university's 收入预算表) goes straight into its column headers.
UNIT_LINE = re.compile(r"单位\s*[:：]?\s*(万元|千元|元)")
_HEADER_LINE = re.compile(r"科目名称|科目编码|功能分类科目")
_UNIT_LOOKAHEAD = 8


# Any table title, standard or not ("高等学校财政拨款支出决算表"): ends a table running across pages.
UNKNOWN = "unknown"


def table_code_for_title(text: str) -> str | None:
    """T- or B-code of a standard table title, UNKNOWN for another 决算 or 预算 table title,
    None for other text."""
    title = _TITLE_SUFFIX.sub("", _TITLE_PREFIX.sub("", compact(text)))
    if len(title) > _MAX_TITLE_CHARS or not title.endswith("表"):
        return None
    for layout in LAYOUTS:
        if layout.matches(title):
            return layout.code
    # "…2024年度部门决算表", "五、部门预算表" head the whole set of tables, not one table
    is_set_heading = "部分" in title or title.endswith(("部门决算表", "部门预算表", "单位预算表", "预算报表"))
    return UNKNOWN if title.endswith(("决算表", "决算总表", "预算表", "预算总表")) and not is_set_heading else None


@dataclass(frozen=True)
class TableTitle:
    code: str
    line: Line
    unit: str | None  # 万元 or 元, from the unit line under the title; None: headers follow, no unit line


# Untitled tables (a region prints only "公开03表") are told by their header: (final-account code, budget code,
# words the header must all hold, words it must not). Most specific first.
_HEADER_SIGNATURES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("T09", "B09", ("因公出国",), ()),
    ("T06", "B06", ("人员经费", "公用经费"), ()),
    ("T04", "B04", ("收入", "支出", "财政拨款", "总计"), ("事业收入",)),
    ("T01", "B01", ("收入", "支出", "总计"), ()),
    ("T03", "B03", ("基本支出", "项目支出"), ("收入",)),
    ("T02", "B02", ("收入", "合计"), ("支出",)),
)
_SIGNATURE_LINES = 12


def code_for_header(header_text: str, family: str | None) -> str | None:
    """The T- or B-code an untitled table's header text signs, in the report's document family."""
    final = family == "final_account" or (family is None and "决算" in header_text)
    for final_code, budget_code, required, forbidden in _HEADER_SIGNATURES:
        if all(word in header_text for word in required) and not any(word in header_text for word in forbidden):
            return final_code if final else budget_code
    return None


def _untitled_table(lines: list[Line], index: int, family: str | None) -> str | None:
    """A table number line with no title beside it: the code its header signs."""
    following = [compact(line.text) for line in lines[index + 1 : index + 1 + _SIGNATURE_LINES] if line.text.strip()]
    preceding = [compact(line.text) for line in lines[max(0, index - 6) : index] if line.text.strip()][-3:]
    if any(
        table_code_for_title(text) is not None or TABLE_NUMBER_LINE.match(text) for text in following[:3] + preceding
    ):
        return None  # the title is there (or the next table starts): not an untitled table
    return code_for_header("".join(following), family)


def find_table_titles(lines: list[Line], include_unknown: bool = False, family: str | None = None) -> list[TableTitle]:
    """Table titles that head a real table (followed closely by a unit line or column headers):
    standard ones, and with include_unknown other 决算/预算 tables too (code UNKNOWN). A table number
    printed without a title is titled by its header's signature, in the report's family when known."""
    found = []
    for index, line in enumerate(lines):
        code = table_code_for_title(line.text)
        if code is None and TABLE_NUMBER_LINE.match(compact(line.text)):
            code = _untitled_table(lines, index, family)
        if code is None or (code == UNKNOWN and not include_unknown):
            continue
        following = [after.text for after in lines[index + 1 : index + 1 + _UNIT_LOOKAHEAD * 2] if after.text.strip()]
        unit = next((m.group(1) for text in following[:_UNIT_LOOKAHEAD] if (m := UNIT_LINE.search(text))), None)
        if unit or any(_HEADER_LINE.search(compact(text)) for text in following[:_UNIT_LOOKAHEAD]):
            found.append(TableTitle(code, line, unit))
    return found
