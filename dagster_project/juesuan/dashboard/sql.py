"""The SQL page's engine: browse any table of the warehouse and run a query on it, read-only, bounded in rows
and in time. The connection can read the warehouse and nothing else: no files, no network, no extensions, no
ATTACH, and its settings are locked so a query cannot lift that."""

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from ..config import warehouse_path
from ..export import write_csv

ROW_LIMIT = 1_000
TIMEOUT_S = 10.0
LOCKED = {
    "enable_external_access": False,  # read_csv('/etc/…'), COPY … TO, ATTACH, INSTALL/LOAD: all refused
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "memory_limit": "1GB",
    "lock_configuration": True,  # last: SET cannot undo the above
}


class QueryTimeout(Exception):
    pass


class Result(NamedTuple):
    table: pa.Table
    truncated: bool  # more rows than the limit: only the first `limit` are kept
    seconds: float


@contextmanager
def sandbox(warehouse: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(warehouse or warehouse_path()), read_only=True, config=LOCKED)
    try:
        yield conn
    finally:
        conn.close()


def tables(warehouse: Path | None = None) -> list[tuple[str, str, str | None]]:
    """(schema, name, description) of every table and view, published schemas first."""
    with sandbox(warehouse) as conn:
        return conn.execute("""
            select schema_name, table_name, comment from duckdb_tables() where not internal
            union all select schema_name, view_name, comment from duckdb_views() where not internal
            order by schema_name <> 'marts', schema_name, 2""").fetchall()


def browse_query(schema: str, name: str) -> str:
    quoted = ".".join('"' + part.replace('"', '""') + '"' for part in (schema, name))
    return f"select * from {quoted}"


def run(sql: str, limit: int = ROW_LIMIT, timeout: float = TIMEOUT_S, warehouse: Path | None = None) -> Result:
    """The query's first `limit` rows. A query still running after `timeout` seconds is interrupted (DuckDB's
    interrupt, from a timer thread) and raises QueryTimeout; a statement DuckDB refuses raises duckdb.Error."""
    started = time.monotonic()
    with sandbox(warehouse) as conn:
        timer = threading.Timer(timeout, conn.interrupt)
        timer.start()
        try:
            relation = conn.sql(sql)
            table = relation.limit(limit + 1).to_arrow_table() if relation is not None else pa.table({})
        except duckdb.InterruptException as stopped:
            raise QueryTimeout(
                f"查询超过 {timeout:g} 秒，已中止 · the query ran over {timeout:g} s and was stopped"
            ) from stopped
        finally:
            timer.cancel()
    return Result(table.slice(0, limit), table.num_rows > limit, time.monotonic() - started)


def csv_bytes(table: pa.Table) -> bytes:
    """The result as CSV (UTF-8 with a BOM, so Excel reads the Chinese), every text cell inert as in exports."""
    out = io.StringIO()
    write_csv(out, table.column_names, zip(*(column.to_pylist() for column in table.columns)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
