"""`juesuan check FILE`: one report's findings as terminal text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

NO_REPORT = "no report found (only .pdf, .txt and .md files are read)"


def rejection(source_file: str, reason: str) -> str:
    return f"{source_file}: 未能读取 · rejected: {reason}"


def render_check(conn: duckdb.DuckDBPyConnection) -> tuple[str, bool]:
    """The text to print for the one report in the warehouse, and whether it landed."""
    # here, not at the top: a rejected file's answer (`rejection`) needs no DuckDB
    from .findings import read_findings
    from .grouping import SECTION_TITLES, group_findings
    from .wording import sentence_en, sentence_zh

    document = conn.execute("select source_file, status, reject_reason from raw.documents").fetchone()
    if document is None:
        return NO_REPORT, False
    source_file, status, reject_reason = document
    if status != "landed":
        return rejection(source_file, reject_reason), False
    name, year, tables, read, found = conn.execute(
        "select organization_name, fiscal_year, tables_found, table_numbers_read, table_numbers_found "
        "from marts.dim_reports"
    ).fetchone()
    counts = dict(conn.execute("select status, count(*) from marts.fct_reconciliation_checks group by 1").fetchall())
    lines = [
        f"{source_file}: {name or '（单位名称未读出）'} {year or ''}".rstrip(),
        f"  标准表 tables found: {', '.join(tables) if tables else '—'}",
        f"  读取 read: {read} of {found} table figures" + (f" ({read / found * 100:.1f}%)" if found else ""),
        "  核对 checks: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("pass", "fail", "hint", "insufficient_data")),
    ]
    for report in group_findings(read_findings(conn)):
        for key, items in report.sections:
            zh, en = SECTION_TITLES[key]
            lines += ["", f"{zh} · {en} ({len(items)})"]
            for finding in items:
                lines += [f"  [{finding.rule_id}] {sentence_zh(finding)}", f"      {sentence_en(finding)}"]
                lines += [f"      “{side.quote}” — {side.where_zh}" for side in finding.quoted_sides]
    if len(lines) == 4:
        lines += ["", "未发现不符。No discrepancies found."]
    return "\n".join(lines), True
