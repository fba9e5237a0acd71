"""Write parsed facts to the `parsed` schema, one report at a time, replacing earlier parses."""

import dataclasses
from decimal import Decimal

import duckdb
import pandas as pd

from ..landing.models import Line, TableCell
from ..warehouse import delete_reports, insert_frame, report_tables, transaction, utc_now
from .report import ParsedReport


def load_lines(conn: duckdb.DuckDBPyConnection, report_id: str) -> list[Line]:
    rows = conn.execute(
        "select page_no, line_no, text from raw.lines where report_id = $id order by line_no", {"id": report_id}
    ).fetchall()
    return [Line(*row) for row in rows]


def load_cells(conn: duckdb.DuckDBPyConnection, report_id: str) -> list[TableCell]:
    rows = conn.execute(
        """select page_no, table_no, row_no, col_no, text, x0, top, x1, bottom
           from raw.table_cells where report_id = $id order by page_no, table_no, row_no, col_no""",
        {"id": report_id},
    ).fetchall()
    return [TableCell(*row) for row in rows]


def _plain(value):
    # Decimals travel as their exact text; DuckDB never sees a float.
    return str(value) if isinstance(value, Decimal) else value


def _fact_row(fact, **extra) -> dict:
    row = {key: _plain(value) for key, value in dataclasses.asdict(fact).items() if key != "provenance"}
    return {**row, **extra, **dataclasses.asdict(fact.provenance)}


def _frame(report_id: str, rows: list[dict], integer_columns=("page_no", "line_no")) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame.insert(0, "report_id", report_id)
    return frame.astype({column: "Int64" for column in integer_columns if column in frame})



def parsed_frames(report_id: str, parsed: ParsedReport) -> dict[str, pd.DataFrame]:
    identity = {**dataclasses.asdict(parsed.identity)}
    tables = [
        {"table_code": t.code, "page_no": t.title.page_no, "line_no": t.title.line_no, "source_text": t.title.text,
         "row_count": len(t.rows), "declared_empty": t.declared_empty, "formulas": "\n".join(t.formulas) or None}
        for t in parsed.tables
    ]
    return {
        "parsed.report_identity": _frame(report_id, [identity], ("fiscal_year", "source_line_no")),
        "parsed.standard_tables": _frame(report_id, tables, ("page_no", "line_no", "row_count")),
        "parsed.metrics": _frame(report_id, [_fact_row(m) for m in parsed.metrics]),
        "parsed.function_amounts": _frame(report_id, [_fact_row(a) for a in parsed.function_amounts]),
        "parsed.budget_execution": _frame(
            report_id, [_fact_row(e, function_code=code) for e, code in parsed.budget_execution]
        ),
        "parsed.economic_amounts": _frame(report_id, [_fact_row(a) for a in parsed.economic_amounts]),
        "parsed.three_public_costs": _frame(report_id, [_fact_row(c) for c in parsed.three_public_costs]),
        "parsed.project_performance": _frame(report_id, [_fact_row(p) for p in parsed.projects]),
        "parsed.performance_indicators": _frame(
            report_id, [_fact_row(i) for i in parsed.indicators], ("page_no", "line_no", "goal_no")
        ),
        "parsed.parse_issues": _frame(report_id, [{"stage": s, "message": m} for s, m in parsed.issues], ()),
    }


def store_parsed(conn: duckdb.DuckDBPyConnection, report_id: str, parsed: ParsedReport, code_version: str) -> None:
    frames = parsed_frames(report_id, parsed)
    done = pd.DataFrame(
        [{"report_id": report_id, "code_version": code_version, "parsed_at": utc_now()}]
    )
    with transaction(conn):
        delete_reports(conn, [report_id], tables=[t for t in report_tables(conn) if t.startswith("parsed.")])
        insert_frame(conn, "parsed.reports", done)
        for table, frame in frames.items():
            insert_frame(conn, table, frame)
