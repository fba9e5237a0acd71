"""Compare the table facts of a report read by OCR with those of its text-layer original, value for value."""

import dataclasses
from collections import Counter

from juesuan.parsing.report import ParsedReport

TABLE_FACTS = ("metrics", "function_amounts", "economic_amounts", "three_public_costs")


def table_facts(parsed: ParsedReport) -> Counter:
    """Every fact read from a standard table, as (kind, its fields without provenance)."""
    facts = Counter()
    for kind in TABLE_FACTS:
        for fact in getattr(parsed, kind):
            if fact.provenance.source_kind == "table":
                fields = tuple((k, v) for k, v in dataclasses.asdict(fact).items() if k != "provenance")
                facts[(kind, fields)] += 1
    return facts


def parity(original: ParsedReport, read_by_ocr: ParsedReport) -> tuple[float, list, list]:
    """Share of the original's table facts OCR reproduced, the original's facts it missed, and its extra ones."""
    expected, found = table_facts(original), table_facts(read_by_ocr)
    matched = sum((expected & found).values())
    return matched / max(1, sum(expected.values())), sorted((expected - found).elements()), sorted((found - expected).elements())
