"""Compare the table facts of a report read by OCR with those of its text-layer original, value for value."""

import dataclasses
from collections import Counter, defaultdict
from decimal import Decimal

from juesuan.landing.models import LandedDocument
from juesuan.numbers import parse_number
from juesuan.parsing.report import ParsedReport

TABLE_FACTS = ("metrics", "function_amounts", "economic_amounts", "three_public_costs")
NARRATIVE_FACTS = TABLE_FACTS + ("budget_execution", "projects", "indicators")
# The fields that say which figure a fact is (the rest are its values).
_IDENTITY = {
    "metrics": ("metric",),
    "function_amounts": ("function_code",),
    "economic_amounts": ("economic_code",),
    "three_public_costs": ("item",),
}


def _signature(kind: str, fact) -> tuple:
    """The fact's table and fields without the rest of its provenance (line numbers differ between readings)."""
    fact = fact[0] if isinstance(fact, tuple) else fact
    fields = tuple((k, v) for k, v in dataclasses.asdict(fact).items() if k != "provenance")
    return kind, (("source_table", fact.provenance.source_table), *fields)


def facts_by_signature(
    parsed: ParsedReport, source_kind: str = "table", kinds=TABLE_FACTS, pages: set[int] | None = None
) -> dict[tuple, list]:
    """Every fact of the given source kind (on the given pages, or all), keyed by its fields without provenance."""
    facts = defaultdict(list)
    for kind in kinds:
        for fact in getattr(parsed, kind):
            bare = fact[0] if isinstance(fact, tuple) else fact
            if bare.provenance.source_kind == source_kind and (pages is None or bare.provenance.page_no in pages):
                facts[_signature(kind, fact)].append(bare)
    return facts


def fact_counts(
    parsed: ParsedReport, source_kind: str = "table", kinds=TABLE_FACTS, pages: set[int] | None = None
) -> Counter:
    """How often each fact (without provenance) is stated."""
    return Counter(
        {signature: len(found) for signature, found in facts_by_signature(parsed, source_kind, kinds, pages).items()}
    )


def parity(
    original: ParsedReport, read_by_ocr: ParsedReport, pages: set[int] | None = None
) -> tuple[float, list, list]:
    """Share of the original's table facts OCR reproduced, the original's facts it missed, and its extra ones."""
    expected, found = fact_counts(original, pages=pages), fact_counts(read_by_ocr, pages=pages)
    matched = sum((expected & found).values())
    return (
        matched / max(1, sum(expected.values())),
        # by repr: a fact's fields may be None (a row without a code) beside strings
        sorted((expected - found).elements(), key=repr),
        sorted((found - expected).elements(), key=repr),
    )


def misread_figures(original: ParsedReport, read_by_ocr: ParsedReport) -> list[tuple]:
    """(original fact, OCR'd fact) pairs: the same figure of the same table and row, with another value."""
    expected, found = facts_by_signature(original), facts_by_signature(read_by_ocr)
    missed = [s for s in expected if s not in found]
    pairs = []
    for signature in (s for s in found if s not in expected):
        kind, fields = signature
        fields = dict(fields)
        for other in missed:
            other_fields = dict(other[1])
            if other[0] != kind or any(other_fields[k] != fields[k] for k in ("source_table", *_IDENTITY[kind])):
                continue
            ocr_fact, original_fact = found[signature][0], expected[other][0]
            same_row = ocr_fact.provenance.page_no == original_fact.provenance.page_no
            figures_differ = any(isinstance(v, Decimal) and v != other_fields[k] for k, v in fields.items())
            if same_row and figures_differ:
                pairs.append((original_fact, ocr_fact))
    return pairs


def cell_figures(document: LandedDocument, pages: set[int] | None = None) -> Counter:
    """Every number in a table cell (on the given pages, or all), by page."""
    return Counter(
        (c.page_no, parse_number(c.text))
        for c in document.cells
        if parse_number(c.text or "") is not None and (pages is None or c.page_no in pages)
    )


def table_facts_count(parsed: ParsedReport) -> int:
    return sum(fact_counts(parsed).values())
