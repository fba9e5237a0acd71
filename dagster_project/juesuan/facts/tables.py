"""The facts store's tables: Arrow schemas derived from the dataclasses that carry the rows.

A column is added by adding a dataclass field; nested dataclasses (Provenance) are
flattened. Decimals travel as their exact text, so no float ever touches money. pyarrow is imported when a table is
first shaped, not with the row types: a rejected file's check needs none.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ..landing.models import Line, PageExtraction, TableCell
from ..parsing.facts import (
    BudgetExecution,
    EconomicAmount,
    FunctionAmount,
    Metric,
    PerformanceIndicator,
    ProjectPerformance,
    ThreePublicCost,
)
from ..parsing.identity import ReportIdentity
from ..parsing.tables.grid import TableValue

if TYPE_CHECKING:
    import pyarrow as pa


def _arrow_type(kind: type) -> pa.DataType:
    import pyarrow as pa

    return {
        str: pa.string(),
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        Decimal: pa.string(),
        date: pa.date32(),
        datetime: pa.timestamp("us"),
    }[kind]


@dataclass(frozen=True)
class DocumentRecord:
    """One row of raw.documents: a report landed, or rejected with its reason."""

    source_file: str
    source_sha256: str
    source_format: str
    bytes: int
    page_count: int | None
    status: str  # landed | rejected
    reject_reason: str | None
    landed_at: datetime
    code_version: str


@dataclass(frozen=True)
class TableFound:
    """A standard or budget table whose title and unit line were found."""

    table_code: str
    page_no: int | None
    line_no: int | None
    source_text: str
    row_count: int
    declared_empty: bool
    formulas: str | None
    numeric_cells: int  # figures printed in the table's rows
    cells_read: int  # of those, figures placed by row label and column header (table_values)


@dataclass(frozen=True)
class ParseIssue:
    stage: str
    message: str


@dataclass(frozen=True)
class FunctionCode:
    """The code budget execution rows take from the report's own function tables."""

    function_code: str | None


def _base_type(hint) -> type:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint


@functools.cache
def _columns(record_type: type, prefix: tuple[str, ...] = ()) -> list[tuple[str, tuple[str, ...], type]]:
    """(column name, attribute path, Python type) of every leaf field, nested dataclasses flattened."""
    hints = typing.get_type_hints(record_type)
    columns = []
    for field in dataclasses.fields(record_type):
        kind = _base_type(hints[field.name])
        if dataclasses.is_dataclass(kind):
            columns += list(_columns(kind, prefix + (field.name,)))
        else:
            columns.append((field.name, prefix + (field.name,), kind))
    return columns


@dataclass(frozen=True)
class FactTable:
    name: str
    record_types: tuple[type, ...]  # a row is one record of each type, side by side

    @functools.cached_property
    def columns(self) -> list[tuple[int, str, tuple[str, ...], type]]:
        return [
            (part, name, path, kind)
            for part, record_type in enumerate(self.record_types)
            for name, path, kind in _columns(record_type)
        ]

    @functools.cached_property
    def schema(self) -> pa.Schema:
        import pyarrow as pa

        return pa.schema(
            [("report_id", pa.string())] + [(name, _arrow_type(kind)) for _, name, _, kind in self.columns]
        )

    def to_arrow(self, report_id: str, rows: list[tuple]) -> pa.Table:
        """rows: one tuple of records (one per record type) per row."""
        data = {"report_id": [report_id] * len(rows)}
        for part, name, path, _kind in self.columns:
            data[name] = [_plain(_get(row[part], path)) for row in rows]
        import pyarrow as pa

        return pa.table(data, schema=self.schema)


def _get(record, path: tuple[str, ...]):
    for attribute in path:
        if record is None:  # an absent nested record (a text report's figure has no cell box)
            return None
        record = getattr(record, attribute)
    return record


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


# The landing tables first; `documents` is written last for each report: it marks the report complete.
FACT_TABLES: dict[str, FactTable] = {
    table.name: table
    for table in (
        FactTable("lines", (Line,)),
        FactTable("table_cells", (TableCell,)),
        FactTable("pages", (PageExtraction,)),
        FactTable("report_identity", (ReportIdentity,)),
        FactTable("standard_tables", (TableFound,)),
        FactTable("table_values", (TableValue,)),
        FactTable("metrics", (Metric,)),
        FactTable("function_amounts", (FunctionAmount,)),
        FactTable("budget_execution", (BudgetExecution, FunctionCode)),
        FactTable("economic_amounts", (EconomicAmount,)),
        FactTable("three_public_costs", (ThreePublicCost,)),
        FactTable("project_performance", (ProjectPerformance,)),
        FactTable("performance_indicators", (PerformanceIndicator,)),
        FactTable("parse_issues", (ParseIssue,)),
        FactTable("documents", (DocumentRecord,)),
    )
}
DOCUMENTS = "documents"
