"""DuckDB access: short-lived connections (DuckDB allows one writer) and the landing schema."""

import hashlib
from datetime import datetime, timezone
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from .config import warehouse_path
from .schema import LANDING_DDL, PARSED_DDL


# Schemas whose tables hold per-report rows that Python writes (dbt owns the rest).
REPORT_SCHEMAS = ("raw", "parsed")
# The inventory maps files to reports; it is rewritten by each scan, never per report.
INVENTORY_TABLE = "raw.source_files"


@contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    path = path or warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(path))
    try:
        _ensure_schema(conn, "raw", LANDING_DDL)
        _ensure_schema(conn, "parsed", PARSED_DDL)
        yield conn
    finally:
        conn.close()


def _ensure_schema(conn: duckdb.DuckDBPyConnection, schema: str, ddl: str) -> None:
    """Create the schema's tables; when their DDL has changed, drop and recreate them.

    Their rows are derived from the input files, so recreating loses nothing: the
    next run re-lands and re-parses every report (each row records its code version).
    """
    version = hashlib.sha256(ddl.encode()).hexdigest()[:12]
    conn.execute(f"create schema if not exists {schema}")
    conn.execute(f"create table if not exists {schema}._ddl_version (version varchar)")
    if conn.execute(f"select version from {schema}._ddl_version").fetchall() != [(version,)]:
        for (table,) in conn.execute(
            "select table_name from information_schema.tables where table_schema = $schema and table_name <> '_ddl_version'",
            {"schema": schema},
        ).fetchall():
            conn.execute(f'drop table if exists {schema}."{table}" cascade')
        conn.execute(ddl)
        conn.execute(f"delete from {schema}._ddl_version")
        conn.execute(f"insert into {schema}._ddl_version values ($version)", {"version": version})


def utc_now() -> datetime:
    """A naive UTC timestamp, as DuckDB TIMESTAMP columns store it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    conn.execute("begin")
    try:
        yield
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")


def insert_frame(conn: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    conn.register("_frame", frame)
    try:
        columns = ", ".join(frame.columns)
        conn.execute(f"insert into {table} ({columns}) select {columns} from _frame")
    finally:
        conn.unregister("_frame")


def report_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Every landing or parser table keyed by report_id, read from the catalog."""
    rows = conn.execute(
        """
        select table_schema || '.' || table_name from information_schema.columns
        where column_name = 'report_id' and table_schema in (select unnest($schemas))
          and table_name in (select table_name from information_schema.tables where table_type = 'BASE TABLE')
        order by 1
        """,
        {"schemas": list(REPORT_SCHEMAS)},
    ).fetchall()
    return [row[0] for row in rows if row[0] != INVENTORY_TABLE]


def delete_reports(conn: duckdb.DuckDBPyConnection, report_ids: Sequence[str], tables: Sequence[str] | None = None) -> None:
    if not report_ids:
        return
    for table in tables if tables is not None else report_tables(conn):
        conn.execute(f"delete from {table} where report_id in (select unnest($ids))", {"ids": list(report_ids)})
