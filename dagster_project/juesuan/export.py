"""Every marts table to files a spreadsheet or another tool reads: Parquet, CSV or Excel, one file per table."""

from collections.abc import Callable
from pathlib import Path

import duckdb
from openpyxl import Workbook

FORMATS = ("parquet", "csv", "xlsx")


def mart_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in conn.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]


def _copy(conn: duckdb.DuckDBPyConnection, table: str, path: Path, options: str) -> None:
    # DuckDB writes DECIMAL(20,6) as Parquet decimals and as exact text in CSV.
    target = path.as_posix().replace("'", "''")
    conn.execute(f'copy marts."{table}" to \'{target}\' ({options})')


def _xlsx(conn: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    cursor = conn.execute(f'select * from marts."{table}"')
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table[:31])  # Excel's limit on sheet names
    sheet.append([column[0] for column in cursor.description])
    for row in cursor.fetchall():
        # Decimals stay Decimal (openpyxl writes them as numbers); lists become one readable cell.
        sheet.append([", ".join(map(str, value)) if isinstance(value, list) else value for value in row])
    workbook.save(path)


WRITERS: dict[str, Callable[[duckdb.DuckDBPyConnection, str, Path], None]] = {
    "parquet": lambda conn, table, path: _copy(conn, table, path, "format parquet"),
    "csv": lambda conn, table, path: _copy(conn, table, path, "format csv, header true"),
    "xlsx": _xlsx,
}


def export_marts(warehouse: Path, file_format: str, out_dir: Path) -> list[Path]:
    """Write `<out_dir>/<table>.<format>` for every marts table of the warehouse (opened read-only)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        for table in mart_tables(conn):
            path = out_dir / f"{table}.{file_format}"
            WRITERS[file_format](conn, table, path)
            written.append(path)
    return written
