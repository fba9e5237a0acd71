"""Facts stated in a budget's narrative (编制说明 / 预算情况说明 and its other matters).

Budget sentences state the plan and its change against last year's budget
("财政拨款收入9,101.68万元，比2024年预算减少2,389.52万元", "机关运行经费预算为213.28万元",
"政府采购预算34万元", "（一）因公出国（境）费839万元，与2024年预算持平"); the “三公” figures
are budgets, never actuals. Shanghai's 编制说明 has no numbered heading, so its
totals are read anywhere in the report (first statement wins).
"""

import re
from collections.abc import Iterator

from ...numbers import parse_number
from ..facts import FunctionAmount, Metric, Provenance, ThreePublicCost
from ..narrative.sections import Sections
from ..narrative.sentences import MetricPattern, pattern_metrics, stated_change, template
from ..tables.function_codes import code_for_path
from ..text_stream import TextStream


def _m(metric: str, section: str | None, text: str, share_metric: str | None = None) -> MetricPattern:
    return MetricPattern(metric, section, template(text), share_metric)


_VS_LAST_BUDGET = r"(?:，(?:比|较)\d{4}年(?:预算)?{d}{v2})?"
# Budget shares are of 收入总计 / 支出总计 ("占总收入的"), so `*_share_of_total_pct`, not the
# final account's share of 本年收入合计.
_OF_INCOME = r"(?:，占(?:总收入的)?{p})?"

BUDGET_METRIC_PATTERNS: tuple[MetricPattern, ...] = (
    # 收支总计: the university's 收支总预算, Shanghai's 收入预算 / 支出预算 (no carry-over there)
    _m("grand_total", None, r"收支总预算(?:为)?{v}"),
    _m("grand_total", None, r"(?<!本年)(?<!拨款)收入预算(?:为)?{v}"),
    _m("grand_total_expenditure", None, r"(?<!本年)(?<!拨款)支出预算(?:为)?{v}"),
    _m("total_change_vs_prior_wan", None, r"收支总预算{d}{v}"),
    _m("total_income", None, r"本年(?:收入预算|预算收入)(?:为)?{v}"),
    _m("total_expenditure", None, r"本年支出预算(?:为)?{v}"),
    _m(
        "fiscal_appropriation_income",
        None,
        r"(?<!一般公共预算)财政拨款收入{v}" + _VS_LAST_BUDGET + _OF_INCOME,
        "fiscal_appropriation_income_share_of_total_pct",
    ),
    _m(
        "general_budget_income",
        None,
        r"一般公共预算拨款收入{v}" + _OF_INCOME,
        "general_budget_income_share_of_total_pct",
    ),
    _m("business_income", None, r"(?<!单位)事业收入{v}" + _OF_INCOME, "business_income_share_of_total_pct"),
    _m("operating_income", None, r"事业单位经营收入{v}"),
    _m("other_income", None, r"其他收入{v}" + _OF_INCOME, "other_income_share_of_total_pct"),
    _m(
        "non_fiscal_balance_used",
        None,
        r"使用非财政拨款结余{v}" + _OF_INCOME,
        "non_fiscal_balance_used_share_of_total_pct",
    ),
    _m("carryover_begin", None, r"上年结转{v}" + _OF_INCOME, "carryover_begin_share_of_total_pct"),
    _m("carryover_end", None, r"结转下年{v}(?:，占(?:总支出的)?{p})?", "carryover_end_share_of_total_pct"),
    _m("fiscal_appropriation_expenditure", None, r"(?:当年)?财政拨款支出预算(?:为)?{v}" + _VS_LAST_BUDGET),
    _m("general_budget_expenditure", None, r"一般公共预算拨款支出预算{v}" + _VS_LAST_BUDGET),
    _m("government_fund_expenditure", None, r"政府性基金拨款支出预算{v}"),
    _m("state_capital_expenditure", None, r"国有资本经营预算拨款支出预算{v}"),
    _m("operating_cost", "operating_cost", r"机关运行经费预算(?:数)?为?{v}"),
    _m("procurement_total", "procurement", r"政府采购预算(?:总额)?(?:为)?{v}"),
    _m("procurement_goods", "procurement", r"政府采购货物预算{v}"),
    _m("procurement_works", "procurement", r"政府采购工程预算{v}"),
    _m("procurement_services", "procurement", r"政府采购服务预算{v}"),
    _m("procurement_sme", "procurement", r"面向中小企业预留政府采购项目预算(?:金额)?(?:为)?{v}"),
    _m("procurement_small_micro", "procurement", r"预留给小型和微型企业的政府采购项目预算(?:金额)?(?:为)?{v}"),
    _m("performance_target_projects", "performance", r"编报绩效目标的项目(?:共)?{n}个"),
    _m("performance_target_funds", "performance", r"涉及项目预算资金{v}"),
    _m("vehicles_held", "state_assets", r"共有车辆{n}辆"),
    _m("vehicles_to_purchase", "state_assets", r"预算安排购置车辆{n}辆"),
)


def budget_narrative_metrics(stream: TextStream, sections: Sections) -> Iterator[Metric]:
    yield from pattern_metrics(stream, sections, BUDGET_METRIC_PATTERNS)


_BUDGET = template(r"^(?:预算数?)?(?:为)?{v}")
_CHANGE = template(r"(?:比|较|与)\d{4}年(?:预算)?{d}{v}(?:，{g}{p})?")
_FLAT = re.compile(r"(?:比|较|与)\d{4}年(?:预算)?持平")


def budget_three_public_clause(item: str, clause: str, provenance: Provenance) -> ThreePublicCost | None:
    """ "839万元，与2024年预算持平" / "预算数为37.91万元，比2024年预算减少10万元": budget and its change."""
    budget = _BUDGET.search(clause)
    if budget is None:
        return None
    first_sentence = clause.split("。", 1)[0]
    change = _CHANGE.search(first_sentence)
    flat = _FLAT.search(first_sentence)
    return ThreePublicCost(
        item=item,
        budget=parse_number(budget.group("v")),
        actual=None,
        **stated_change(change, flat),
        completion_rate_reported=None,
        reported_unit=budget.group("u"),
        provenance=provenance,
    )


# "1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元，主要用于…"
# and the same with "（类）…（款）…（项）" paths.
_FUNCTION_ITEM = template(r"\d{1,2}[.、．]“(?P<path>[^”]{2,90})”科目{v}")
_PATH_PARTS = re.compile(r"[-—－]|[（(](?:类|款|项)[)）]")


def budget_function_items(stream: TextStream, amounts: list[FunctionAmount]) -> tuple[list[FunctionAmount], list[str]]:
    """Function items the narrative lists with their amounts (and purposes, kept in the source
    text), coded from the report's own tables by their class/section/item names; (items, issues)."""
    items, issues = [], []
    for match in _FUNCTION_ITEM.finditer(stream.text):
        names = [name for name in _PATH_PARTS.split(match.group("path")) if name]
        code, donor = code_for_path(names, amounts)
        if code is None:
            issues.append(f"narrative item “{match.group('path')}” names no function row of the report's tables")
            continue
        end = stream.text.find("。", match.end())
        items.append(
            FunctionAmount(
                function_code=code,
                function_name=names[-1],
                total=parse_number(match.group("v")),
                basic=None,
                project=None,
                share_pct=None,
                code_recovered_from=donor,
                reported_unit=match.group("u"),
                provenance=stream.provenance(match.start("path"), end if end > 0 else match.end()),
            )
        )
    return items, issues
