"""Parse one landed report into all its facts; each parser failure is recorded, not raised."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..config import ocr_min_confidence
from ..landing.models import Line, TableCell
from .budget.narrative import budget_function_items, budget_narrative_metrics, budget_three_public_clause
from .budget.tables import budget_economic_rows, budget_function_rows, budget_three_public_rows
from .facts import (
    BudgetExecution,
    EconomicAmount,
    FunctionAmount,
    Metric,
    PerformanceIndicator,
    ProjectPerformance,
    ThreePublicCost,
)
from .identity import ReportIdentity, parse_report_identity
from .narrative.sections import Sections
from .narrative.sentences import (
    narrative_budget_execution,
    narrative_class_amounts,
    narrative_metrics,
    narrative_three_public_costs,
)
from .ocr_readings import apply_ocr_readings
from .performance.self_evaluation import (
    ProjectList,
    narrative_project_summaries,
    parse_self_evaluation,
    project_lists,
    self_evaluation_tables,
)
from .performance.targets import project_targets
from .representable import drop_unrepresentable
from .tables.arithmetic import Rereader, settled
from .tables.blocks import TableBlock, pdf_table_blocks, text_table_blocks
from .tables.figure_confidence import with_carried_confidence
from .tables.function_codes import execution_codes, recover_codes
from .tables.grid import TableRead, TableValue, normalise_label, read_table
from .tables.layouts import UNKNOWN
from .tables.ocr_names import with_national_names
from .tables.rows import economic_rows, function_rows, summary_rows, three_public_rows
from .tables.vocabulary import known_label, vocabulary_metrics
from .text_stream import TextStream


@dataclass
class ParsedReport:
    identity: ReportIdentity
    tables: list[TableBlock] = field(default_factory=list)  # the standard tables T01–T09, B01–B09
    other_tables: list[TableBlock] = field(default_factory=list)  # other 预算/决算 tables: figures in table_values only
    table_reads: list[TableRead] = field(default_factory=list)  # one per table, in the same order
    table_values: list[TableValue] = field(default_factory=list)  # every figure of every table, by its labels
    metrics: list[Metric] = field(default_factory=list)
    function_amounts: list[FunctionAmount] = field(default_factory=list)
    budget_execution: list[tuple[BudgetExecution, str | None]] = field(default_factory=list)  # with its code
    economic_amounts: list[EconomicAmount] = field(default_factory=list)
    three_public_costs: list[ThreePublicCost] = field(default_factory=list)
    projects: list[ProjectPerformance] = field(default_factory=list)
    indicators: list[PerformanceIndicator] = field(default_factory=list)
    issues: list[tuple[str, str]] = field(default_factory=list)  # (stage, message)

    def attempt(self, stage: str, parse: Callable, default, *args):
        try:
            return parse(*args)
        except Exception as error:  # one broken section must not lose the rest of the report
            self.issues.append((stage, f"{type(error).__name__}: {error}"))
            return default


def _table_facts(parsed: ParsedReport, block: TableBlock) -> None:
    stage = f"table {block.code} (line {block.title.line_no}, page {block.title.page_no})"
    if block.code in ("B02", "B03", "B05", "B07", "B08"):
        amounts, metrics = parsed.attempt(stage, lambda: budget_function_rows(block), ([], []))
        parsed.function_amounts += amounts
        parsed.metrics += metrics
    elif block.code == "B06":
        amounts, metrics = parsed.attempt(stage, lambda: budget_economic_rows(block), ([], []))
        parsed.economic_amounts += amounts
        parsed.metrics += metrics
    elif block.code == "B09":
        costs, metrics = parsed.attempt(stage, lambda: budget_three_public_rows(block), ([], []))
        parsed.three_public_costs += costs
        parsed.metrics += metrics
    elif block.code in ("T02", "T03", "T05", "T07", "T08"):
        amounts, metrics = parsed.attempt(stage, lambda: function_rows(block), ([], []))
        parsed.function_amounts += amounts
        parsed.metrics += metrics
    elif block.code in ("T01", "T04", "B01", "B04"):
        metrics, classes = parsed.attempt(stage, lambda: summary_rows(block), ([], []))
        parsed.metrics += metrics
        parsed.function_amounts += classes
    elif block.code == "T06":
        amounts, metrics = parsed.attempt(stage, lambda: economic_rows(block), ([], []))
        parsed.economic_amounts += amounts
        parsed.metrics += metrics
    elif block.code == "T09":
        parsed.three_public_costs += parsed.attempt(stage, lambda: three_public_rows(block), [])


# Tables whose rows are named figures (not 功能分类 rows): their labels must be in the vocabulary or a parser's.
_NAMED_ROW_TABLES = ("T01", "T04", "B01", "B02", "B04")


def _table_values(parsed: ParsedReport, block: TableBlock) -> None:
    """Every figure of the table by its labels; the vocabulary's metrics the table's own parser did not state."""
    stage = f"table {block.code} (line {block.title.line_no}, page {block.title.page_no})"
    read = parsed.attempt(stage, lambda: read_table(block), TableRead([], 0, []))
    parsed.table_reads.append(read)
    parsed.table_values += read.values
    for row in read.unplaced:
        parsed.issues.append(
            (stage, f"a row's figures have no row label or column header: {row.provenance.source_text[:120]}")
        )
    stated = {m.metric for m in parsed.metrics if m.provenance.source_table == block.code}
    read_figures = _figures_read(parsed, block.code)
    parsed.metrics += parsed.attempt(
        stage, lambda: list(vocabulary_metrics(block.code, read.values, block.unit, stated, read_figures)), []
    )
    if block.rows and not block.declared_empty:
        produced = any(
            f.provenance.source_table == block.code
            for f in parsed.metrics + parsed.function_amounts + parsed.economic_amounts + parsed.three_public_costs
        )
        if not produced:
            parsed.issues.append(
                (stage, f"table {block.code} has {len(block.rows)} rows but no figure could be read from them")
            )
    if block.code in _NAMED_ROW_TABLES:
        unknown = _unrecognised_labels(parsed, block.code, read.values)
        if unknown:
            parsed.issues.append(
                (
                    stage,
                    "row labels no parser or vocabulary entry knows (their figures are in "
                    f"fct_table_values only): {'、'.join(unknown[:20])}",
                )
            )


def _figures_read(parsed: ParsedReport, code: str) -> set[tuple[str, Decimal]]:
    """(row text, figure) of every figure the table's parsers made a metric or a 功能分类 amount."""
    read = {(m.provenance.source_text, m.value) for m in parsed.metrics if m.provenance.source_table == code}
    return read | {
        (a.provenance.source_text, figure)
        for a in parsed.function_amounts
        if a.provenance.source_table == code
        for figure in (a.total, a.basic, a.project)
    }


def _unrecognised_labels(parsed: ParsedReport, code: str, values: list[TableValue]) -> list[str]:
    """Labels of rows none of whose figures became a metric or a 功能分类 amount of this table."""
    read = _figures_read(parsed, code)
    labels: dict[str, bool] = {}
    for value in values:
        label = value.row_label or ""
        if normalise_label(label).endswith("支出"):
            continue  # a 功能分类 class on the expenditure side
        labels[label] = (
            labels.get(label, False) or (value.provenance.source_text, value.value) in read or known_label(code, value)
        )
    return [label for label, known in labels.items() if label and not known]


def _block_amounts(block: TableBlock) -> list:
    """The 功能分类 and economic amounts the table's own parser makes of the block (its sums' figures)."""
    scratch = ParsedReport(identity=None)
    _table_facts(scratch, block)
    return scratch.function_amounts + scratch.economic_amounts


def parse_report(lines: list[Line], cells: list[TableCell], reread: Rereader | None = None) -> ParsedReport:
    """The report's facts; `reread` reads an OCR'd cell of a page again where the table does not add up."""
    empty_identity = ReportIdentity(*[None] * len(dataclasses.fields(ReportIdentity)))
    parsed = ParsedReport(identity=empty_identity)
    parsed.identity = parsed.attempt("identity", lambda: parse_report_identity(lines), empty_identity)
    if parsed.identity.organization_name is None:
        parsed.issues.append(("identity", "organisation name not found in the title block or part headings"))
    if parsed.identity.fiscal_year is None:
        parsed.issues.append(("identity", "fiscal year not found in the title block or part headings"))

    family = parsed.identity.report_type
    read_blocks = (
        (lambda: pdf_table_blocks(lines, cells, family)) if cells else (lambda: text_table_blocks(lines, family))
    )
    blocks = parsed.attempt("standard tables", read_blocks, [])
    parsed.tables = [block for block in blocks if block.code != UNKNOWN]
    parsed.other_tables = [block for block in blocks if block.code == UNKNOWN]
    if (
        parsed.identity.report_type == "budget"
        and not parsed.tables
        and (cells or any("\t" in line.text for line in lines))
    ):
        parsed.issues.append(
            (
                "budget tables",
                "the report has text tables but none was recognised as a budget table "
                "(B01–B09) by its title: a parse issue, not tables printed as images",
            )
        )
    for i, block in enumerate(parsed.tables):
        stage = f"table {block.code} (line {block.title.line_no}, page {block.title.page_no}): OCR'd sums"
        block, notes = parsed.attempt(stage, lambda block=block: settled(block, _block_amounts, reread), (block, []))
        parsed.tables[i] = block
        parsed.issues += [(stage, note) for note in notes]
        _table_facts(parsed, block)
        _table_values(parsed, block)
    parsed.function_amounts = with_national_names(parsed.function_amounts)
    for block in parsed.other_tables:
        parsed.table_values += parsed.attempt(
            f"table {block.title.text.strip()[:40]} (line {block.title.line_no})",
            lambda block=block: read_table(block).values,
            [],
        )

    stream = TextStream.from_lines(lines)
    sections = Sections(stream)
    if parsed.identity.report_type == "budget":
        _budget_narrative_facts(parsed, stream, sections)
        parsed.indicators += parsed.attempt("project performance targets", lambda: list(project_targets(cells)), [])
    else:
        _final_account_narrative_facts(parsed, stream, sections)
    _performance_facts(parsed, lines, stream)
    _report_missing_sections(parsed, sections)
    for name in _TABLE_FACT_LISTS:
        setattr(parsed, name, with_carried_confidence(getattr(parsed, name), parsed.tables))
    _apply_ocr_readings(parsed, lines)
    drop_unrepresentable(parsed)
    return parsed


def _final_account_narrative_facts(parsed: ParsedReport, stream: TextStream, sections: Sections) -> None:
    parsed.metrics += parsed.attempt("narrative metrics", lambda: list(narrative_metrics(stream, sections)), [])
    parsed.function_amounts += parsed.attempt(
        "narrative classes", lambda: list(narrative_class_amounts(stream, sections)), []
    )
    parsed.three_public_costs += parsed.attempt(
        "narrative 三公", lambda: list(narrative_three_public_costs(stream, sections)), []
    )
    executions = parsed.attempt(
        "narrative budget execution", lambda: list(narrative_budget_execution(stream, sections)), []
    )

    parsed.function_amounts = parsed.attempt(
        "function codes", lambda: recover_codes(parsed.function_amounts), parsed.function_amounts
    )
    codes = parsed.attempt(
        "budget execution codes", lambda: execution_codes(executions, parsed.function_amounts), [None] * len(executions)
    )
    parsed.budget_execution = list(zip(executions, codes))


def _budget_narrative_facts(parsed: ParsedReport, stream: TextStream, sections: Sections) -> None:
    """编制说明: the plan, its change against last year's budget, “三公” budgets (never actuals)."""
    parsed.metrics += parsed.attempt(
        "budget narrative metrics", lambda: list(budget_narrative_metrics(stream, sections)), []
    )
    parsed.three_public_costs += parsed.attempt(
        "budget narrative 三公",
        lambda: list(narrative_three_public_costs(stream, sections, budget_three_public_clause)),
        [],
    )
    parsed.function_amounts = parsed.attempt(
        "function codes", lambda: recover_codes(parsed.function_amounts), parsed.function_amounts
    )
    items, issues = parsed.attempt(
        "budget narrative items", lambda: budget_function_items(stream, parsed.function_amounts), ([], [])
    )
    parsed.function_amounts += items
    parsed.issues += [("budget narrative items", issue) for issue in issues]


_TABLE_FACT_LISTS = ("metrics", "function_amounts", "economic_amounts", "three_public_costs")
_FACT_LISTS = (
    "metrics",
    "function_amounts",
    "budget_execution",
    "economic_amounts",
    "three_public_costs",
    "projects",
    "indicators",
)


def _apply_ocr_readings(parsed: ParsedReport, lines: list[Line]) -> None:
    floor = ocr_min_confidence()
    for name in _FACT_LISTS:
        setattr(parsed, name, apply_ocr_readings(getattr(parsed, name), lines, parsed.issues, floor))


def _performance_facts(parsed: ParsedReport, lines: list[Line], stream: TextStream) -> None:
    parsed.projects += parsed.attempt("project summaries", lambda: list(narrative_project_summaries(stream)), [])
    for table in parsed.attempt("self-evaluation tables", lambda: self_evaluation_tables(lines), []):
        stage = f"self-evaluation table (line {table.title.line_no})"
        facts = parsed.attempt(stage, parse_self_evaluation, None, table)
        if facts is not None:
            parsed.projects += facts.projects
            parsed.indicators += facts.indicators
            parsed.metrics += facts.metrics
            parsed.issues += facts.issues
    for project_list in parsed.attempt("project lists", lambda: project_lists(lines), []):
        parsed.projects += _in_stated_unit(parsed, project_list)


def _in_stated_unit(parsed: ParsedReport, project_list: ProjectList) -> list[ProjectPerformance]:
    """A list headed 万元 whose total is the report's project expenditure × 10000 is printed in 元."""
    total = project_list.total
    project_spending = {m.value for m in parsed.metrics if m.metric == "project_expenditure"}
    if total is None or total.budget_unit != "万元" or total.budget is None:
        return project_list.rows
    if not any(abs(total.budget / 10000 - spent) <= Decimal("0.01") for spent in project_spending):
        return project_list.rows
    parsed.issues.append(
        (
            f"project list (line {total.provenance.line_no})",
            f"header says 万元 but the total {total.budget} equals the project expenditure in 万元 × 10000: read as 元",
        )
    )
    return [dataclasses.replace(row, budget_unit="元", executed_unit="元") for row in project_list.rows]


# Narrative sections whose headline facts every final-account report states.
_EXPECTED = {
    "overview": "grand_total",
    "basic_expenditure": "personnel_cost",
    "procurement": "procurement_total",
    "operating_cost": "operating_cost",
}


def _report_missing_sections(parsed: ParsedReport, sections: Sections) -> None:
    narrative_metrics_found = {m.metric for m in parsed.metrics if m.provenance.source_kind == "narrative"}
    for key, metric in _EXPECTED.items():
        if sections.spans(key) and metric not in narrative_metrics_found:
            parsed.issues.append(
                (f"narrative {key}", f"section found but its {metric} sentence did not match a known pattern")
            )
    if sections.spans("three_public_costs") and not any(
        c.provenance.source_kind == "narrative" for c in parsed.three_public_costs
    ):
        parsed.issues.append(
            ("narrative three_public_costs", "section found but no “三公” figure matched a known pattern")
        )
