"""Write landing results and the file inventory to DuckDB, idempotently."""

import dataclasses

import duckdb
import pandas as pd

from ..warehouse import INVENTORY_TABLE, delete_reports, insert_frame, transaction, utc_now
from .models import LandedDocument, ReportFile


def record_inventory(conn: duckdb.DuckDBPyConnection, files: list[ReportFile]) -> list[str]:
    """Replace the inventory with the files found now; drop reports whose file is gone.

    Returns the removed report_ids (a changed file is a new report_id, so its old
    rows are removed here too).
    """
    current_ids = sorted({f.report_id for f in files})
    frame = pd.DataFrame(
        {
            "source_file": [f.source_file for f in files],
            "report_id": [f.report_id for f in files],
            "source_sha256": [f.sha256 for f in files],
            "bytes": [f.bytes for f in files],
            "discovered_at": [utc_now()] * len(files),
        }
    )
    with transaction(conn):
        conn.execute(f"delete from {INVENTORY_TABLE}")
        insert_frame(conn, INVENTORY_TABLE, frame)
        removed = [
            row[0]
            for row in conn.execute(
                "select report_id from raw.documents where report_id not in (select unnest($ids))",
                {"ids": current_ids},
            ).fetchall()
        ]
        delete_reports(conn, removed)
    return removed


def store_landing(
    conn: duckdb.DuckDBPyConnection,
    report_file: ReportFile,
    document: LandedDocument | None,
    reject_reason: str | None,
    code_version: str,
) -> None:
    """Replace everything known about one report with this landing, in one transaction."""
    report_id = report_file.report_id
    document_row = {
        "report_id": report_id,
        "source_file": report_file.source_file,
        "source_sha256": report_file.sha256,
        "source_format": report_file.source_format,
        "bytes": report_file.bytes,
        "page_count": document.page_count if document else None,
        "status": "landed" if document else "rejected",
        "reject_reason": reject_reason,
        "landed_at": utc_now(),
        "code_version": code_version,
    }
    with transaction(conn):
        delete_reports(conn, [report_id])
        insert_frame(conn, "raw.documents", pd.DataFrame([document_row]).astype({"page_count": "Int64"}))
        if document:
            insert_frame(conn, "raw.lines", _frame(report_id, document.lines, {"page_no": "Int64"}))
            insert_frame(conn, "raw.table_cells", _frame(report_id, document.cells, {}))


def _frame(report_id: str, records: list, dtypes: dict) -> pd.DataFrame:
    frame = pd.DataFrame([dataclasses.asdict(record) for record in records])
    if frame.empty:
        return frame
    frame.insert(0, "report_id", report_id)
    return frame.astype(dtypes)
