"""The vocabulary registry: the labels regions print for one canonical figure, as data (vocabulary.csv).

Adding a region's wording is adding rows. A row names the tables it applies to, the row label
(normalised: half-width brackets, no numbering, no 其中：; a merged outer label joined with "/"; `*`
for the one data row of a single-row table), optional words of the column header (joined with "+"), and the metric.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from ..facts import Metric
from .grid import TableValue, normalise_label

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.csv")
ANY_ROW = "*"


@dataclass(frozen=True)
class Term:
    tables: frozenset[str]
    row_label: str
    column_header: str  # words the header must all hold, joined with "+"; "" matches any column: the row's first figure
    metric: str


@cache
def terms() -> tuple[Term, ...]:
    with VOCABULARY_FILE.open(encoding="utf-8") as file:
        return tuple(
            Term(frozenset(row["tables"].split()), row["row_label"], row["column_header"], row["metric"])
            for row in csv.DictReader(file)
        )


def _labels(value: TableValue) -> tuple[str, str]:
    """(the row's own label, its path with the merged outer label), normalised."""
    parts = [normalise_label(part) for part in (value.row_label or "").split(" / ") if part]
    return (parts[-1] if parts else ""), "/".join(parts)


def _matches(term: Term, value: TableValue, single_row: bool) -> bool:
    own, path = _labels(value)
    if term.row_label == ANY_ROW:
        labelled = single_row or not own
    else:
        labelled = term.row_label in (own, path)
    header = normalise_label(value.column_header or "")
    return labelled and all(word in header for word in term.column_header.split("+") if word)


def vocabulary_metrics(
    table_code: str, values: list[TableValue], unit: str, stated: set[str], read: set[tuple[str, Decimal]]
) -> Iterator[Metric]:
    """Metrics the vocabulary names in a table's figures, except the metrics the table's own parser stated
    and the figures it read (its reading knows the layout: a 合计 beside 上年结转 is the 收入总计).
    A term without a column takes the row's first figure; the first row a metric matches is its headline."""
    table_terms = [term for term in terms() if table_code in term.tables]
    if not table_terms:
        return
    single_row = len({value.row_no for value in values}) == 1
    found = set(stated)
    first_of_label: dict[tuple[int, str | None], TableValue] = {}  # a two-sided row has a first figure per side
    for value in values:
        first_of_label.setdefault((value.row_no, value.row_label), value)
    for value in values:
        if (value.provenance.source_text, value.value) in read:
            continue
        for term in table_terms:
            if term.metric in found or not _matches(term, value, single_row):
                continue
            if not term.column_header and first_of_label[(value.row_no, value.row_label)] is not value:
                continue
            found.add(term.metric)
            yield Metric(term.metric, value.value, "万元", unit, value.provenance)


def known_label(table_code: str, value: TableValue) -> bool:
    """Whether the vocabulary names the row's label for this table."""
    own, path = _labels(value)
    return any(table_code in term.tables and term.row_label in (own, path, ANY_ROW) for term in terms())
