"""An OCR'd table held to its own arithmetic: a figure or code that breaks it is read again, or said to be unsure.

A well-formed reading can still be wrong by one character: `881,579.76` read
`88157976` (its point lost), `30201` read `01` under a seal's ink, `310` read `3.10`.
Nothing in the reading itself says so; the national templates' arithmetic does. The
facts the table's own parser makes say which figure is which, so the sums are those of
the reconciliation rules on those facts: a 功能分类 row's 合计 is its 基本支出 plus 项目支出
(TA_ROW_BASIC_PROJECT), a class is the sum of its sections and a section of its items
(TA_FUNCTION_HIERARCHY), an economic class of its items (TA_ECONOMIC_HIERARCHY), each
within the rounding of its printed decimals (the rules' `sum_tolerance`).

Where an OCR'd table has a sum that fails, or a row whose code is no code, the OCR'd
cells concerned are read again (landing/ocr/reread.py). A reading is taken only if the
recogniser gave it and with it the table adds up better: a sum that failed holds, or a
new one holds, and none that held fails. Otherwise every figure keeps its reading and
the failing sum is a parse issue (the reconciliation's failing check says it rests on
an OCR'd figure). Figures from a text layer are never read again: a report's own
arithmetic error stays a finding.
"""

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ...numbers import parse_number
from ..facts import EconomicAmount, FunctionAmount
from .blocks import TableBlock, TableRow

# (page_no, box in points) -> (text, confidence) ...: what the recogniser reads in the box again
Rereader = Callable[[int, tuple[float, float, float, float]], Iterable[tuple[str, float]]]
BlockFacts = Callable[[TableBlock], list]  # the function and economic amounts the table's own parser makes

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")  # 类 201, 款 20101, 项 2010101 (economic: 301, 30101)
_NAME = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"-?[\d,.]+")
_MAX_REREAD = 24  # cells read again per table: the sums of one class or row, not a whole page


@dataclass(frozen=True)
class Sum:
    """One of the table's sums: what it is, and whether it holds."""

    name: str
    total: Decimal
    parts: tuple[Decimal, ...]
    facts: tuple  # the facts whose figures it adds
    figures: frozenset[tuple[str, Decimal]]  # (row text, figure) of each figure it adds

    @property
    def holds(self) -> bool:
        decimals = min(_decimals(v) for v in (self.total, *self.parts))
        return abs(self.total - sum(self.parts)) <= sum_tolerance(decimals, len(self.parts))


def sum_tolerance(decimals: int, parts: int) -> Decimal:
    """The rules' `sum_tolerance` macro (dbt_project/macros/reconciliation.sql), which a test holds this equal to:
    a total of `parts` figures printed with `decimals` decimals may differ from their sum by 0.5·10^-d·(n+1)."""
    return Decimal(5) / 10 ** (min(decimals, 5) + 1) * (parts + 1)


def _decimals(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def _figures(facts, *names: str) -> frozenset[tuple[str, Decimal]]:
    return frozenset(
        (f.provenance.source_text, v) for f in facts for name in names if (v := getattr(f, name)) is not None
    )


def _hierarchy(facts: list, fields: tuple[str, ...], code_of: Callable, rule: str) -> list[Sum]:
    """Each code's figure against the sum of its children's (a code two digits longer that starts with it)."""
    by_code = {code_of(f): f for f in facts if code_of(f) and _CODE.match(code_of(f))}
    sums = []
    for code, parent in by_code.items():
        children = [f for c, f in by_code.items() if len(c) == len(code) + 2 and c.startswith(code)]
        for name in fields:
            # An empty cell prints nothing to add (the rules sum the figures printed).
            total, parts = getattr(parent, name), [v for c in children if (v := getattr(c, name)) is not None]
            if parts and total is not None:
                added = (parent, *(c for c in children if getattr(c, name) is not None))
                sums.append(Sum(f"{rule} {code} {name}", total, tuple(parts), added, _figures(added, name)))
    return sums


def table_sums(facts: list) -> list[Sum]:
    """The sums the templates print among the table's facts."""
    functions = [f for f in facts if isinstance(f, FunctionAmount)]
    economics = [f for f in facts if isinstance(f, EconomicAmount)]
    rows = [
        Sum(
            f"TA_ROW_BASIC_PROJECT {f.function_code or f.function_name}",
            f.total,
            parts,
            (f,),
            _figures((f,), "total", "basic", "project"),
        )
        for f in functions
        if f.total is not None and (parts := tuple(v for v in (f.basic, f.project) if v is not None))
    ]
    return (
        rows
        + _hierarchy(functions, ("total", "basic", "project"), lambda f: f.function_code, "TA_FUNCTION_HIERARCHY")
        + _hierarchy(economics, ("amount",), lambda f: f.economic_code, "TA_ECONOMIC_HIERARCHY")
    )


def _standing(facts: list) -> tuple[set[str], set[str]]:
    """The names of the sums that hold and of those that fail."""
    sums = table_sums(facts)
    return {s.name for s in sums if s.holds}, {s.name for s in sums if not s.holds}


def _code(fact) -> str | None:
    return fact.function_code if isinstance(fact, FunctionAmount) else fact.economic_code


def _suspects(block: TableBlock, facts: list, failing: list[Sum]) -> list[tuple[int, int]]:
    """(row, column) of the OCR'd cells to read again: those printing a figure of a failing sum; and in a row that
    made a fact whose code is no code, or made none though it has figures, the cell before a name (where the
    templates print the code: `3.10 | 资本性支出 | 39.76`) and any cell of digits and other marks (`302A`, a seal's
    stroke read under the 类 `302` of `302 | 01 | 办公费`)."""
    in_failing: dict[tuple[str, Decimal], int] = {}  # (row text, figure): how many failing sums add it
    for s in failing:
        for key in s.figures:
            in_failing[key] = in_failing.get(key, 0) + 1
    bad_codes = {f.provenance.source_text for f in facts if _code(f) and not _CODE.match(_code(f))}
    made_facts = {f.provenance.source_text for f in facts}
    cells = []  # (rank, row, column)
    for r, row in enumerate(block.rows):
        if row.provenance.extraction_method != "ocr" or not row.boxes:
            continue
        text = row.provenance.source_text
        codeless = text in bad_codes or (text not in made_facts and _has_figure(row))
        for c, cell in enumerate(row.cells):
            if not cell or row.boxes[c] is None or not any(ch.isdigit() for ch in cell):
                continue
            sums = in_failing.get((text, parse_number(cell)), 0)
            code_like = (c + 1 < len(row.cells) and _NAME.search(row.cells[c + 1])) or not _NUMBER.fullmatch(cell)
            if sums or (codeless and code_like):
                cells.append(((not (codeless and code_like), -sums), r, c))
    # The likeliest misreading first: a code that is no code, then a figure in most failing sums (a row's and its
    # class's), so that a figure read right is seldom read again.
    return [(r, c) for _, r, c in sorted(cells, key=lambda cell: cell[0])][:_MAX_REREAD]


def _has_figure(row: TableRow) -> bool:
    return any(parse_number(cell) is not None for cell in row.cells)


def _with_cell(block: TableBlock, r: int, c: int, text: str, confidence: float) -> TableBlock:
    row = block.rows[r]
    cells = [text if i == c else cell for i, cell in enumerate(row.cells)]
    confidences = [confidence if i == c else v for i, v in enumerate(row.confidences or [None] * len(cells))]
    provenance = dataclasses.replace(row.provenance, source_text="\t".join(cells))
    rows = list(block.rows)
    rows[r] = dataclasses.replace(row, cells=cells, provenance=provenance, confidences=confidences)
    return dataclasses.replace(block, rows=rows)


def _taken(
    block: TableBlock, facts: list, facts_of: BlockFacts, reread: Rereader, tried: set, standing
) -> tuple | None:
    """The first reading again of a suspect cell that makes the table add up better: (block, its facts, standing,
    note)."""
    holding, failing = standing
    failing_sums = [s for s in table_sums(facts) if s.name in failing]
    for r, c in _suspects(block, facts, failing_sums):
        if (r, c) in tried:
            continue
        tried.add((r, c))
        row, was = block.rows[r], block.rows[r].cells[c]
        box = row.boxes[c]
        for text, confidence in reread(row.provenance.page_no, (box.x0, box.top, box.x1, box.bottom)):
            if text == was:
                continue
            candidate = _with_cell(block, r, c, text, confidence)
            candidate_facts = facts_of(candidate)
            now_holding, now_failing = _standing(candidate_facts)
            if now_failing <= failing and (now_failing < failing or now_holding > holding):
                added = ", ".join(sorted((now_holding - holding) or (failing - now_failing)))
                note = f"page {row.provenance.page_no}: {was!r} read again as {text!r} ({confidence:.2f}): {added} now adds up"
                return candidate, candidate_facts, (now_holding, now_failing), note
    return None


def settled(block: TableBlock, facts_of: BlockFacts, reread: Rereader | None) -> tuple[TableBlock, list[str]]:
    """The block with the readings again that make its sums hold taken, and what was done or left unsure."""
    if not any(row.provenance.extraction_method == "ocr" for row in block.rows):
        return block, []
    notes = []
    facts = facts_of(block)
    standing = _standing(facts)
    tried: set[tuple[int, int]] = set()
    while reread is not None and (taken := _taken(block, facts, facts_of, reread, tried, standing)) is not None:
        block, facts, standing, note = taken
        notes.append(note)
    for s in table_sums(facts):
        if s.name in standing[1] and any(f.provenance.extraction_method == "ocr" for f in s.facts):
            notes.append(
                f"page {s.facts[0].provenance.page_no}: {s.name} does not add up ({s.total} against "
                f"{sum(s.parts)} of {len(s.parts)} parts) on figures read by OCR; none read again made it hold: "
                "a figure may be misread, kept as read"
            )
    return block, notes
