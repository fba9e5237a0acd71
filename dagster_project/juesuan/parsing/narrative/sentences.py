"""Facts stated in the narrative (情况说明), by sentence pattern within each section.

Patterns follow the national template's sentences ("收、支总计均为 X 万元",
"年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%"), so reports from
other regions that use the template parse too. White space is removed from the
stream before matching.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ...numbers import NUMBER, parse_number, signed
from ..facts import BudgetExecution, FunctionAmount, Metric, Provenance, ThreePublicCost
from ..text_stream import TextStream
from .sections import Sections

_SLOTS = {
    "{v}": rf"(?P<v>{NUMBER})(?P<u>万元|元)",
    "{v2}": rf"(?P<v2>{NUMBER})(?P<u2>万元|元)",
    "{p}": rf"(?P<p>{NUMBER})[%％]",
    "{n}": r"(?P<n>\d+)",
    "{s}": r"(?P<s>\d+(?:\.\d+)?)分",
    "{d}": r"(?P<d>增加|减少)",
    "{g}": r"(?P<g>增长|下降|降低)",
}


def template(text: str) -> re.Pattern:
    for slot, regex in _SLOTS.items():
        text = text.replace(slot, regex)
    return re.compile(text)


@dataclass(frozen=True)
class MetricPattern:
    metric: str
    section: str | None  # None: anywhere in the report
    regex: re.Pattern
    share_metric: str | None = None  # metric for the {p} share the sentence states
    first_only: bool = True  # the section's headline figure, not later restatements


def _m(metric, section, text, share_metric=None, first_only=True):
    return MetricPattern(metric, section, template(text), share_metric, first_only)


# "收、支总计" (Wuhan), "收入支出总计" (Shanghai)
_TOTAL = r"收(?:入)?、?支(?:出)?总计"
_SHARE_OF_INCOME = r"(?:，占本年收入(?:合计)?的?{p})?"
_SHARE_OF_EXPENDITURE = r"(?:，占本年支出(?:合计)?的?{p})?"
_CHANGE = r"(?:[，。；]?(?:与|较|比)\d{4}年度?(?:决算)?相?比?，?[^，。]{0,20}?{d}{v2}，{g}{p})?"

METRIC_PATTERNS: tuple[MetricPattern, ...] = (
    _m("grand_total", "overview", _TOTAL + r"(?:均为|各为|为)?{v}"),
    _m("total_income", "income", r"收入合计{v}"),
    _m(
        "fiscal_appropriation_income",
        "income",
        r"(?<!一般公共预算)财政拨款收入{v}" + _SHARE_OF_INCOME,
        "fiscal_appropriation_income_share_pct",
    ),
    _m(
        "general_budget_income",
        "income",
        r"一般公共预算财政拨款收入{v}" + _SHARE_OF_INCOME,
        "general_budget_income_share_pct",
    ),
    _m("other_income", "income", r"其他收入{v}" + _SHARE_OF_INCOME, "other_income_share_pct"),
    _m("total_expenditure", "expenditure", r"支出合计{v}"),
    _m("basic_expenditure", "expenditure", r"基本支出{v}" + _SHARE_OF_EXPENDITURE, "basic_expenditure_share_pct"),
    _m("project_expenditure", "expenditure", r"项目支出{v}" + _SHARE_OF_EXPENDITURE, "project_expenditure_share_pct"),
    _m("fiscal_grand_total", "fiscal_appropriation", r"财政拨款" + _TOTAL + r"(?:均为|各为|为)?{v}"),
    _m("general_budget_expenditure", "general_budget", r"一般公共预算财政拨款支出{v}"),
    _m("general_budget_initial_budget", "general_budget", r"一般公共预算财政拨款支出年初预算为{v}"),
    _m("general_budget_basic_expenditure", "basic_expenditure", r"基本支出{v}"),
    _m("personnel_cost", "basic_expenditure", r"人员经费{v}"),
    _m("public_cost", "basic_expenditure", r"公用经费{v}"),
    # the bracket that follows may say it equals 公用经费 ("（与…公用经费之和一致）"): keep it in the source text
    _m("operating_cost", "operating_cost", r"机关运行经费(?:支出)?(?:为)?{v}(?:[（(][^）)]{0,60}一致[)）])?"),
    _m("procurement_total", "procurement", r"政府采购(?:支出总额|金额(?:[（(]以合同签订为准[)）])?为)为?{v}"),
    _m("procurement_goods", "procurement", r"(?:政府采购货物支出|货物采购金额){v}"),
    _m("procurement_works", "procurement", r"(?:政府采购工程支出|工程采购金额){v}"),
    _m("procurement_services", "procurement", r"(?:政府采购服务支出|服务采购金额){v}"),
    _m(
        "procurement_sme",
        "procurement",
        r"授予中小企业合同(?:金额)?{v}(?:，占政府采购支出总额的?{p})?",
        "procurement_sme_share_pct",
    ),
    _m(
        "procurement_small_micro",
        "procurement",
        r"授予小微企业合同(?:金额)?{v}(?:，占(?:政府采购支出总额|授予中小企业合同金额)的?{p})?",
        "procurement_small_micro_share_pct",
    ),
    _m("vehicles_owned", "state_assets", r"共有车辆{n}辆"),  # all vehicles; 保有量 counts official cars only
    _m("vehicles_held", "three_public_costs", r"公务用车保有量(?:为)?{n}辆"),
    _m("vehicles_purchased", "three_public_costs", r"购置(?:（更新）|\(更新\))?公务用车{n}辆"),
    # Several receptions (foreign, domestic) may each state counts: keep every one.
    _m(
        "reception_batches", "three_public_costs", r"(?:接待(?:国内)?来访团组|接待工作){n}(?:个|批次)", first_only=False
    ),
    _m("reception_person_times", "three_public_costs", r"(?:来访团组\d+个，|批次){n}人次", first_only=False),
    _m("overseas_groups", "three_public_costs", r"出国[(（]境[)）]团组{n}个"),
    _m("overseas_person_times", "three_public_costs", r"出国[(（]境[)）]团组\d+个，(?:累计)?{n}人次"),
    _m("performance_projects", "performance", r"(?:共涉及(?:项目)?|绩效自评的\d{4}年度项目){n}个"),
    _m(
        "performance_project_funds",
        "performance",
        r"共涉及(?:项目)?\d+个，资金{v}(?:，占一般公共预算项目支出总额的?{p})?",
        "performance_project_funds_share_pct",
    ),
    # the department's score stated in prose; a project's ("XX项目绩效自评报告：…") is not
    _m("performance_self_score", "performance", r"整体[^。]{0,80}?绩效自评(?:得分|分数){s}"),
    _m("staff_in_post", None, r"在职实有人数{n}人"),
    _m("retirees", None, r"离退休人员{n}人"),
)

# Year-over-year change of 收支总计, stated right after the total.
_TOTAL_CHANGE = template(_TOTAL + r"各?{d}{v}，{g}{p}")
_OPERATING_CHANGE = template(
    r"机关运行经费(?:支出)?(?:为)?{v2}，?(?P<basis>比年初预算数?|比上年|较上年|比\d{4}年度?)(?:决算数?)?{d}{v}，{g}{p}"
)


def _unit(match: re.Match, group: str = "u") -> str:
    return match.group(group) if group in match.re.groupindex and match.group(group) else "万元"


def _in_section(sections: Sections, key: str | None, offset: int) -> bool:
    return key is None or sections.key_at(offset) == key


def narrative_metrics(stream: TextStream, sections: Sections) -> Iterator[Metric]:
    yield from pattern_metrics(stream, sections, METRIC_PATTERNS)
    yield from _change_metrics(stream, sections)


def pattern_metrics(stream: TextStream, sections: Sections, patterns: tuple[MetricPattern, ...]) -> Iterator[Metric]:
    """Each pattern's figure; a {d}{v2} change in the same sentence ("比2024年预算减少X万元") becomes
    `<metric>_change_vs_prior_wan`, a lone {d}{v} is the signed figure itself."""
    for pattern in patterns:
        for match in pattern.regex.finditer(stream.text):
            if not _in_section(sections, pattern.section, match.start()):
                continue
            provenance = stream.provenance(match.start(), match.end())
            if "s" in pattern.regex.groupindex:
                yield Metric(pattern.metric, parse_number(match.group("s")), "score", "分", provenance)
            elif "n" in pattern.regex.groupindex:
                yield Metric(
                    pattern.metric,
                    Decimal(match.group("n")),
                    "count",
                    stream.text[match.end("n") : match.end()],
                    provenance,
                )
            else:
                direction = (
                    match.group("d")
                    if "d" in pattern.regex.groupindex and "v2" not in pattern.regex.groupindex
                    else None
                )
                yield Metric(
                    pattern.metric, signed(direction, parse_number(match.group("v"))), "万元", _unit(match), provenance
                )
            if "v2" in pattern.regex.groupindex and "d" in pattern.regex.groupindex and match.group("v2"):
                change = signed(match.group("d"), parse_number(match.group("v2")))
                yield Metric(f"{pattern.metric}_change_vs_prior_wan", change, "万元", _unit(match, "u2"), provenance)
            if pattern.share_metric and match.group("p"):
                yield Metric(pattern.share_metric, parse_number(match.group("p")), "%", "%", provenance)
            if pattern.first_only:
                break


def _change_metrics(stream: TextStream, sections: Sections) -> Iterator[Metric]:
    for match in _TOTAL_CHANGE.finditer(stream.text):
        if sections.key_at(match.start()) == "overview":
            provenance = stream.provenance(match.start(), match.end())
            yield Metric(
                "total_change_vs_prior_wan",
                signed(match.group("d"), parse_number(match.group("v"))),
                "万元",
                _unit(match),
                provenance,
            )
            yield Metric(
                "total_change_vs_prior_pct",
                signed(match.group("g"), parse_number(match.group("p"))),
                "%",
                "%",
                provenance,
            )
            break
    for match in _OPERATING_CHANGE.finditer(stream.text):
        basis = "vs_budget" if "预算" in match.group("basis") else "vs_prior"
        provenance = stream.provenance(match.start(), match.end())
        yield Metric(
            f"operating_cost_change_{basis}_wan",
            signed(match.group("d"), parse_number(match.group("v"))),
            "万元",
            _unit(match),
            provenance,
        )
        yield Metric(
            f"operating_cost_change_{basis}_pct",
            signed(match.group("g"), parse_number(match.group("p"))),
            "%",
            "%",
            provenance,
        )
        break


# "1.一般公共服务（类）支出 1878.37 万元，占 9.23%" / "2.社会保障和就业支出（类）91.31 万元，占 3.37%"
_CLASS_AMOUNT = template(
    r"(?:^|[。；：，])\d{1,2}[.、．](?P<name>[^\d。；，：、]{2,24}?(?:[（(]?类[)）]?)?(?:支出)?){v}，占(?:比)?{p}"
)
_CLASS_MARK = re.compile(r"[（(]?类[)）]?(?:支出)?$")


def _class_name(raw: str) -> str:
    name = _CLASS_MARK.sub("", raw).replace("（类）", "").replace("(类)", "")
    return name if name.endswith("支出") else name + "支出"


def narrative_class_amounts(stream: TextStream, sections: Sections) -> Iterator[FunctionAmount]:
    """Spending by 功能分类 class with its share, as the general-budget section lists it."""
    for match in _CLASS_AMOUNT.finditer(stream.text):
        if sections.key_at(match.start()) != "general_budget":
            continue
        yield FunctionAmount(
            function_code=None,
            function_name=_class_name(match.group("name")),
            total=parse_number(match.group("v")),
            basic=None,
            project=None,
            share_pct=parse_number(match.group("p")),
            code_recovered_from=None,
            reported_unit=_unit(match),
            provenance=stream.provenance(match.start("name"), match.end()),
        )


# "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。年初预算为 X 万元，
#  支出决算为 Y 万元，完成年初预算的 Z%，支出决算数大于年初预算数的主要原因是：…。"
# Shanghai puts a purpose clause between the path and the figures: "…（项）。主要用于：…。年初预算为…"
_EXECUTION = template(
    r"(?P<path>[^。；：]{2,80}?[（(](?:类|款|项)[)）])[。.，]?(?:主要用于[:：][^。]*。)?"
    r"(?:年初预算为{v}|该科目未申请年初财政拨款预算)，支出决算为{v2}"
    r"(?:[，。]完成年初预算的{p})?"
)
_DIRECTION = re.compile(
    r"[，；。]?(?:支出)?决算数?(?:(?P<dir>大于|小于|等于)(?:年初)?预算数?的?主要原因(?:是)?[：:]?(?P<reason>[^。]*)"
    r"|(?:与|同)(?:年初)?预算数?(?:基本)?(?P<flat>持平))"
)
_LEADING_NUMBER = re.compile(r"^(?:\d{1,3}[.、．]|[（(]\d{1,3}[)）])")
_LEVEL_MARK = re.compile(r"[（(](类|款|项)[)）]")


def execution_sentences(text: str) -> Iterator[re.Match]:
    """The matches of `_EXECUTION.finditer(text)`, trying only the starts a match can have: its path ends at a
    level mark 2 to 80 characters on. Scanning every position of the text for that lazy path took about half of
    a text report's parse; the starts are tried in the same order, so the matches are the same."""
    tried = 0  # every start before this one failed or lies inside a match
    for mark in _LEVEL_MARK.finditer(text):
        for start in range(max(tried, mark.start() - 80), mark.start() - 1):
            match = _EXECUTION.match(text, start)
            if match:
                yield match
                tried = match.end()
                break
        else:
            tried = max(tried, mark.start() - 1)


def narrative_budget_execution(stream: TextStream, sections: Sections) -> Iterator[BudgetExecution]:
    for match in execution_sentences(stream.text):
        if sections.key_at(match.start()) != "general_budget":
            continue
        path = _LEADING_NUMBER.sub("", match.group("path"))
        marks = _LEVEL_MARK.findall(path)
        direction = _DIRECTION.match(stream.text, match.end())
        end = direction.end() if direction else match.end()
        stated = (direction.group("dir") or direction.group("flat")) if direction else None
        yield BudgetExecution(
            function_path=path,
            level={"类": "class", "款": "section", "项": "item"}.get(marks[-1]) if marks else None,
            initial_budget=parse_number(match.group("v")) if match.group("v") else Decimal(0),
            final=parse_number(match.group("v2")),
            completion_rate_reported=parse_number(match.group("p")) if match.group("p") else None,
            direction_reported={"等于": "持平"}.get(stated, stated),
            reason_text=direction.group("reason") or None if direction else None,
            reported_unit=_unit(match, "u2"),
            provenance=stream.provenance(match.start("path"), end),
        )


# “三公” items in the order the template lists them; a clause runs to the next item.
_THREE_PUBLIC_ITEMS: tuple[tuple[str, str], ...] = (
    ("vehicle_total", r"公务用?车购置及运行(?:维护)?费"),  # "公务车购置及运行费" in some budgets
    ("vehicle_purchase", r"公务用?车购置费"),
    ("vehicle_operation", r"公务用?车运行(?:维护)?费"),
    ("overseas_travel", r"因公出国[(（]境[)）]费(?:用)?"),
    ("reception", r"公务接待费"),
    ("total", r"[“\"]?三公[”\"]?经费(?:财政拨款)?(?:支出)?"),
)
_ITEM_START = re.compile(
    r"(?:(?<=[。；：])|(?<=^)|(?<=\d[.、．])|(?<=[)）])|(?<=[)）]、))(?:本年|\d{4}年度?)?(?P<item>"
    + "|".join(f"(?P<{key}>{regex})" for key, regex in _THREE_PUBLIC_ITEMS)
    + ")"
)
_BUDGET = template(r"(?:(?:全年|年初)?(?:预算数?|财政拨款数)|^数)为{v}")
_ACTUAL = template(r"(?:支出决算|决算数?|支出)为?{v}")
_BARE_ACTUAL = template(r"^{v}")
_BOTH_ZERO = template(r"预算数与支出数均为(?P<zero>0(?:\.0+)?)")
_COMPLETION = template(r"完成(?:年初|全年)?预算(?:数)?的{p}")
_PRIOR_CHANGE = template(r"(?:较|比|与)(?:上一?年|\d{4}年)(?:度)?(?:决算数?)?{d}{v}，{g}{p}")
_UNIT = re.compile(r"\d(万元|元)")
_PRIOR_FLAT = template(r"与上年持平(?:，(?:增长|下降){p})?")


ClauseReader = Callable[[str, str, Provenance], ThreePublicCost | None]


def narrative_three_public_costs(
    stream: TextStream, sections: Sections, read_clause: ClauseReader | None = None
) -> Iterator[ThreePublicCost]:
    """Each “三公” item's first statement; read_clause reads one item's clause (the final
    account's budget-then-actual sentences by default)."""
    read_clause = read_clause or _three_public_fact
    spans = sections.spans("three_public_costs")
    for start, end in spans:
        starts = list(_ITEM_START.finditer(stream.text, start, min(end, len(stream.text))))
        stated: set[str] = set()  # the first statement of an item is its figure; later ones restate it
        for match, following in zip(starts, starts[1:] + [None]):
            clause_end = following.start() if following else min(end, len(stream.text))
            item = next(key for key, _ in _THREE_PUBLIC_ITEMS if match.group(key))
            fact = read_clause(
                item, stream.text[match.end() : clause_end], stream.provenance(match.start(), clause_end)
            )
            if fact and item not in stated:
                stated.add(item)
                yield fact


def _group(pattern: re.Pattern, text: str, group: str) -> Decimal | None:
    match = pattern.search(text)
    return parse_number(match.group(group)) if match else None


def stated_change(change: re.Match | None, flat: re.Match | None) -> dict[str, Decimal | None]:
    """A 三公 item's change against the prior year as a sentence states it: 增加/减少 {v}万元(，增长/下降 {p}%)
    (groups d, v, g, p), or 持平 (both zero); None where it states none."""
    if change:
        return {
            "change_vs_prior": signed(change.group("d"), parse_number(change.group("v"))),
            "change_vs_prior_pct": signed(change.group("g"), parse_number(change.group("p"))),
        }
    zero = Decimal(0) if flat else None
    return {"change_vs_prior": zero, "change_vs_prior_pct": zero}


def _three_public_fact(item: str, clause: str, provenance) -> ThreePublicCost | None:
    unit = _UNIT.search(clause)
    first_sentence = clause.split("。", 1)[0]
    zero = _BOTH_ZERO.search(first_sentence)
    budget = parse_number(zero.group("zero")) if zero else _group(_BUDGET, first_sentence, "v")
    actual = parse_number(zero.group("zero")) if zero else _group(_ACTUAL, _BUDGET.sub("", first_sentence), "v")
    if actual is None:
        actual = _group(_BARE_ACTUAL, clause, "v")
    change = _PRIOR_CHANGE.search(clause)
    flat = _PRIOR_FLAT.search(clause)
    if budget is None and actual is None:
        return None
    return ThreePublicCost(
        item=item,
        budget=budget,
        actual=actual,
        **stated_change(change, flat),
        completion_rate_reported=_group(_COMPLETION, clause.split("其中")[0], "p"),
        reported_unit=unit.group(1) if unit else "万元",
        provenance=provenance,
    )
