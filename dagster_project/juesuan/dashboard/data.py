"""What the dashboard shows, read from the published warehouse: read-only, one short connection per query,
so a running build is never blocked. Amounts stay DECIMAL (Arrow decimal128) up to the page."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from ..config import raw_dir, warehouse_path
from ..findings_report.findings import Finding, read_findings
from ..findings_report.wording import report_title

SEVERITIES = ("error", "warning", "info")


@contextmanager
def reader(warehouse: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(warehouse or warehouse_path()), read_only=True)
    try:
        yield conn
    finally:
        conn.close()


def table(sql: str, params: dict | None = None) -> pa.Table:
    with reader() as conn:
        return conn.sql(sql, params=params or {}).to_arrow_table()


def has_table(schema: str, name: str) -> bool:
    with reader() as conn:
        return (
            conn.execute(
                "select count(*) from information_schema.tables where table_schema = $schema and table_name = $name",
                {"schema": schema, "name": name},
            ).fetchone()[0]
            > 0
        )


def overview() -> dict[str, int]:
    """Reports, organisations, years, rejected files, and the findings by kind (as the HTML report counts them)."""
    with reader() as conn:
        reports, organizations, years = conn.execute(
            "select count(*), count(distinct organization_name), count(distinct fiscal_year) from marts.dim_reports"
        ).fetchone()
        rejected = conn.execute("select count(*) from raw.documents where status = 'rejected'").fetchone()[0]
        errors, warnings, infos, hints = conn.execute("""
            select count(*) filter (where status = 'fail' and severity = 'error'),
                   count(*) filter (where status = 'fail' and severity = 'warning'),
                   count(*) filter (where status = 'fail' and severity = 'info'),
                   count(*) filter (where status = 'hint')
            from marts.fct_reconciliation_checks""").fetchone()
    return {
        "reports": reports,
        "organizations": organizations,
        "years": years,
        "rejected": rejected,
        "errors": errors,
        "warnings": warnings,
        "infos": infos,
        "hints": hints,
    }


def findings_by_severity() -> pa.Table:
    return table("""
        select d.source_file, d.organization_name, d.fiscal_year,
               count(*) filter (where c.status = 'fail' and c.severity = 'error') as errors,
               count(*) filter (where c.status = 'fail' and c.severity = 'warning') as warnings,
               count(*) filter (where c.status = 'fail' and c.severity = 'info') as infos,
               count(*) filter (where c.status = 'hint') as hints,
               count(*) filter (where c.status = 'pass') as passed
        from marts.dim_reports d left join marts.fct_reconciliation_checks c using (report_id)
        group by all order by d.source_file""")


def three_public_costs() -> pa.Table:
    """“三公” actuals per item, organisation and year of the final accounts: one row per item, the preferred source's."""
    # the rule SQL users are told to use: marts.fct_three_public_costs.is_preferred_source, documented there
    return table("""
        select d.organization_name, d.fiscal_year, d.report_scope, t.item, coalesce(m.label_zh, t.item) as item_zh,
               t.budget_wan, t.actual_wan, t.source_kind, t.page_no, t.line_no
        from marts.fct_three_public_costs t
        join marts.dim_reports d on d.report_id = t.report_id and d.report_type = 'final_account'
        left join marts.dim_metrics m on m.metric = t.item
        where t.is_preferred_source
        order by d.organization_name, d.fiscal_year, t.item""")


def reports(with_budget_execution: bool = False) -> pa.Table:
    """The reports, or only those stating 年初预算 vs 决算 per item (budgets never do)."""
    return table(f"""select report_id, source_file, organization_name, fiscal_year, report_type, report_scope, source_format
                     from marts.dim_reports
                     {"where report_id in (select report_id from marts.fct_budget_execution)" if with_budget_execution else ""}
                     order by organization_name, fiscal_year, source_file""")


def report_titles(reports: pa.Table) -> dict[str, str]:
    """report_id → “organisation year kind” for pickers."""
    return {
        row["report_id"]: report_title(
            row["organization_name"], row["fiscal_year"], row["report_type"], row["report_scope"], row["source_file"]
        )
        for row in reports.to_pylist()
    }


def budget_execution(report_id: str) -> pa.Table:
    return table(
        """
        -- the item (项) alone labels the chart: paths share their class and section
        select function_path, regexp_replace(function_path, '^.*（款）', '') as item_name, level,
               initial_budget_wan, final_wan, completion_rate_reported_pct,
               completion_rate_pct, direction_reported, page_no, line_no
        from marts.fct_budget_execution where report_id = $report_id order by line_no, function_path""",
        {"report_id": report_id},
    )


def budget_vs_final() -> pa.Table | None:
    """marts.fct_budget_vs_final once budget reports are loaded; None while the warehouse has no such table."""
    if not has_table("marts", "fct_budget_vs_final"):
        return None
    return table("""select o.organization_name, f.fiscal_year, f.final_report_id is not null as has_final,
                           f.item_kind, f.basis, f.item_code,
                           -- totals are metric codes: their Chinese label names them
                           coalesce(m.label_zh, f.item_name) as item_name, f.budget_wan,
                           f.final_initial_budget_wan, f.final_wan, f.difference_wan, f.execution_rate_pct,
                           f.budget_source_table, f.budget_page_no, f.final_source_table, f.final_page_no
                    from marts.fct_budget_vs_final f left join marts.dim_organizations o using (organization_key)
                    left join marts.dim_metrics m on f.item_kind in ('total', 'three_public') and m.metric = f.item_code
                    order by o.organization_name, f.fiscal_year, f.item_kind, f.basis, f.item_code""")


def findings(report_id: str | None = None) -> list[Finding]:
    with reader() as conn:
        return read_findings(conn, report_id=report_id)


def lines_around(report_id: str, line_no: int, radius: int = 3) -> list[tuple[int | None, int, str]]:
    """(page_no, line_no, text) of the lines around a narrative or text-table figure."""
    with reader() as conn:
        return conn.execute(
            """select page_no, line_no, text from raw.lines where report_id = $report_id
               and line_no between $first and $last order by line_no""",
            {"report_id": report_id, "first": line_no - radius, "last": line_no + radius},
        ).fetchall()


def page_cells(report_id: str, page_no: int) -> list[tuple[int, int, int, str | None, float, float, float, float]]:
    """(table_no, row_no, col_no, text, x0, top, x1, bottom) of every table cell on a PDF page."""
    with reader() as conn:
        return conn.execute(
            """select table_no, row_no, col_no, text, x0, top, x1, bottom from raw.table_cells
               where report_id = $report_id and page_no = $page_no and x0 is not null
               order by table_no, row_no, col_no""",
            {"report_id": report_id, "page_no": page_no},
        ).fetchall()


def source_pdf(source_file: str) -> Path:
    """The PDF as landed: the input folder (JUESUAN_RAW_DIR) plus raw.documents.source_file."""
    return raw_dir() / source_file


def raw_dir_is_set() -> bool:
    return "JUESUAN_RAW_DIR" in os.environ
