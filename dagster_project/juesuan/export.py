"""Every marts table to files a spreadsheet or another tool reads: Parquet or CSV (one file per table), or one
Excel workbook (one sheet per table). Spreadsheet output is inert: report text never becomes a formula."""

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

import duckdb
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .untrusted_text import visible_controls
from .warehouse_build.sql_text import sql_string

FORMATS = ("parquet", "csv", "xlsx")
WORKBOOK = "juesuan.xlsx"
BATCH = 10_000  # rows fetched at a time: a large fact table is never held whole
# OWASP CSV injection: a cell starting with one of these is read as a formula by Excel, WPS or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Report text as a spreadsheet shows it and never runs it: control characters made visible (one of them
    aborts an XLSX file), and a leading ' before what a spreadsheet would read as a formula."""
    text = visible_controls(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def spreadsheet_value(value):
    """A cell's value: numbers (DECIMAL stays Decimal) and dates as they are; text inert; a list as one cell."""
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return spreadsheet_text(value) if isinstance(value, str) else value


def mart_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
    ]


def _columns(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, str | None]:
    """column → its description, in table order."""
    return dict(
        conn.execute(
            """select column_name, comment from duckdb_columns()
                                where schema_name = 'marts' and table_name = $t order by column_index""",
            {"t": table},
        ).fetchall()
    )


def _spreadsheet_query(conn: duckdb.DuckDBPyConnection, table: str) -> tuple[str, list[str]]:
    """select of a table for a spreadsheet, and the description of each column. A fact table keyed by report or
    organisation gets the organisation and fiscal year first, so every sheet reads on its own."""
    columns = _columns(conn, table)
    added: dict[str, str] = {}  # column → expression
    join = ""
    if table.startswith("fct_") and "organization_name" not in columns:
        if "report_id" in columns:
            reports = _columns(conn, "dim_reports")
            added = {"organization_name": "d.organization_name", "fiscal_year": "d.fiscal_year"}
            added = {name: expr for name, expr in added.items() if name not in columns}
            join = "left join marts.dim_reports d on d.report_id = t.report_id"
            descriptions = {name: reports[name] for name in added}
        elif "organization_key" in columns:
            added = {"organization_name": "o.organization_name"}
            join = "left join marts.dim_organizations o on o.organization_key = t.organization_key"
            descriptions = {"organization_name": _columns(conn, "dim_organizations")["organization_name"]}
    if added:
        select = ", ".join([f"{expr} as {name}" for name, expr in added.items()] + ["t.*"])
        return f'select {select} from marts."{table}" t {join}', [*(descriptions[n] for n in added), *columns.values()]
    return f'select * from marts."{table}"', list(columns.values())


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], Iterator[tuple]]:
    cursor = conn.execute(sql)

    def rows() -> Iterator[tuple]:
        while batch := cursor.fetchmany(BATCH):
            yield from batch

    return [column[0] for column in cursor.description], rows()


def header(name: str, description: str | None) -> str:
    """“单位名称 · organization_name”: the Chinese half of the column's description beside its SQL name."""
    chinese = (description or "").split(" · ")[0].strip()
    return f"{chinese} · {name}" if chinese and chinese != name else name


def _copy(conn: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    # DuckDB writes DECIMAL(20,6) as Parquet decimals: the exact table, for other tools.
    conn.execute(f'copy marts."{table}" to {sql_string(path.as_posix())} (format parquet)')


def write_csv(out: TextIO, names: list[str], rows: Iterable[tuple]) -> None:
    """CSV of rows, every text cell inert; Decimal's str is its exact text (2961.680000), as DuckDB's own CSV."""
    writer = csv.writer(out)
    writer.writerow([spreadsheet_text(name) for name in names])
    for row in rows:
        writer.writerow(["" if value is None else spreadsheet_value(value) for value in row])


def _csv(conn: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    names, rows = _rows(conn, _spreadsheet_query(conn, table)[0])
    with path.open("w", newline="", encoding="utf-8") as out:
        write_csv(out, names, rows)


def _sheet(conn: duckdb.DuckDBPyConnection, workbook: Workbook, table: str) -> None:
    sql, descriptions = _spreadsheet_query(conn, table)
    names, rows = _rows(conn, sql)
    sheet: Worksheet = workbook.create_sheet(table[:31])  # Excel's limit on sheet names
    sheet.freeze_panes = "A2"
    sheet.append([header(name, description) for name, description in zip(names, descriptions)])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, spreadsheet_value(value)) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(names), 1))}{count + 1}"


def _cell(sheet: Worksheet, value):
    """Text as a string cell: openpyxl would otherwise store a value starting with = as a formula."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _workbook(conn: duckdb.DuckDBPyConnection, tables: list[str], out_dir: Path) -> list[Path]:
    workbook = Workbook(write_only=True)
    contents = workbook.create_sheet("目录 contents")
    contents.append(["工作表 · sheet", "说明 · description"])
    comments = dict(
        conn.execute("select table_name, comment from duckdb_tables() where schema_name = 'marts'").fetchall()
    )
    for table in tables:
        contents.append([table[:31], _cell(contents, spreadsheet_text(" ".join((comments.get(table) or "").split())))])
        _sheet(conn, workbook, table)
    path = out_dir / WORKBOOK
    workbook.save(path)
    return [path]


PER_TABLE: dict[str, Callable[[duckdb.DuckDBPyConnection, str, Path], None]] = {"parquet": _copy, "csv": _csv}


def export_marts(warehouse: Path, file_format: str, out_dir: Path) -> list[Path]:
    """Every marts table of the warehouse (opened read-only): `<out_dir>/<table>.parquet|csv`, or the one
    workbook `<out_dir>/juesuan.xlsx`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = mart_tables(conn)
        if file_format == "xlsx":
            return _workbook(conn, tables, out_dir)
        written = []
        for table in tables:
            path = out_dir / f"{table}.{file_format}"
            PER_TABLE[file_format](conn, table, path)
            written.append(path)
    return written
