"""Write parsed facts to the `parsed` schema, one report at a time, replacing earlier parses."""

import dataclasses
from datetime import datetime, timezone

import duckdb
import pandas as pd

from ..landing.models import Line
from ..warehouse import delete_reports, insert_frame, report_tables, transaction
from .report import ParsedReport



def load_lines(conn: duckdb.DuckDBPyConnection, report_id: str) -> list[Line]:
    rows = conn.execute(
        "select page_no, line_no, text from raw.lines where report_id = $id order by line_no", {"id": report_id}
    ).fetchall()
    return [Line(page_no, line_no, text) for page_no, line_no, text in rows]


def store_parsed(conn: duckdb.DuckDBPyConnection, report_id: str, parsed: ParsedReport, code_version: str) -> None:
    tables = pd.DataFrame(
        [
            {"table_code": t.code, "page_no": t.line.page_no, "line_no": t.line.line_no, "source_text": t.line.text}
            for t in parsed.tables
        ],
        columns=["table_code", "page_no", "line_no", "source_text"],
    ).astype({"page_no": "Int64"})
    tables.insert(0, "report_id", report_id)
    identity = pd.DataFrame([{"report_id": report_id, **dataclasses.asdict(parsed.identity)}]).astype(
        {"fiscal_year": "Int64", "source_line_no": "Int64"}
    )
    issues = pd.DataFrame(parsed.issues, columns=["stage", "message"])
    issues.insert(0, "report_id", report_id)
    with transaction(conn):
        delete_reports(conn, [report_id], tables=[t for t in report_tables(conn) if t.startswith("parsed.")])
        insert_frame(conn, "parsed.reports", pd.DataFrame(
            [{"report_id": report_id, "code_version": code_version, "parsed_at": datetime.now(timezone.utc).replace(tzinfo=None)}]
        ))
        insert_frame(conn, "parsed.report_identity", identity)
        insert_frame(conn, "parsed.standard_tables", tables)
        insert_frame(conn, "parsed.parse_issues", issues)

