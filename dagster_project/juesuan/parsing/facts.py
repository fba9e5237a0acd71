"""Typed facts with provenance: what a report states, where it states it."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Provenance:
    source_kind: str  # table | narrative
    source_table: str | None  # T01..T09, None for narrative
    page_no: int | None
    line_no: int | None  # line in raw.lines; None for PDF table cells
    source_text: str  # the verbatim line, sentence or table row the value came from
    extraction_method: str = "text"  # text | ocr: how the source text was read from the page
    confidence: float | None = None  # OCR recognition confidence of the source text (least sure word)


@dataclass(frozen=True)
class Metric:
    metric: str
    value: Decimal
    unit: str  # 万元 | % | count
    reported_unit: str  # as printed: 万元, 元, %, 人, 辆, 个 ...
    provenance: Provenance


@dataclass(frozen=True)
class FunctionAmount:
    """A 功能分类 row: class (类), section (款) or item (项)."""

    function_code: str | None
    function_name: str
    total: Decimal | None
    basic: Decimal | None
    project: Decimal | None
    share_pct: Decimal | None  # the share the narrative states, if any
    code_recovered_from: str | None  # table whose row supplied a truncated or missing code
    reported_unit: str  # 万元 or 元, as the table header or sentence prints it
    provenance: Provenance


@dataclass(frozen=True)
class BudgetExecution:
    function_path: str
    level: str | None
    initial_budget: Decimal
    final: Decimal
    completion_rate_reported: Decimal | None
    direction_reported: str | None  # 大于 | 小于 | 持平
    reason_text: str | None
    reported_unit: str  # 万元 or 元, as the table header or sentence prints it
    provenance: Provenance


@dataclass(frozen=True)
class EconomicAmount:
    economic_code: str
    economic_name: str
    cost_type: str  # personnel | public
    amount: Decimal | None
    reported_unit: str  # 万元 or 元, as the table header or sentence prints it
    provenance: Provenance


@dataclass(frozen=True)
class ThreePublicCost:
    item: str  # total | overseas_travel | vehicle_total | vehicle_purchase | vehicle_operation | reception
    budget: Decimal | None
    actual: Decimal | None
    change_vs_prior: Decimal | None
    change_vs_prior_pct: Decimal | None
    completion_rate_reported: Decimal | None
    reported_unit: str  # 万元 or 元, as the table header or sentence prints it
    provenance: Provenance


@dataclass(frozen=True)
class ProjectPerformance:
    """A project's budget and execution as one source states them (summary, self-evaluation table, list)."""

    project_name: str
    budget: Decimal | None
    executed: Decimal | None
    execution_rate_reported: Decimal | None
    self_score: Decimal | None
    budget_unit: str  # 万元 or 元 as printed: the two differ in real reports ("执行数为 65.8 元")
    executed_unit: str
    provenance: Provenance


@dataclass(frozen=True)
class PerformanceIndicator:
    scope: str  # department | project
    project_name: str | None
    goal_no: int | None
    level1_indicator: str | None
    level2_indicator: str | None
    indicator_name: str
    target_text: str | None
    actual_text: str | None
    target_value: Decimal | None
    actual_value: Decimal | None
    value_unit: str | None
    comparator: str | None
    weight: Decimal | None
    score: Decimal | None
    provenance: Provenance
