"""Where a run's discrepancy report is written: one file per warehouse and run, plus a `latest` copy."""

import shutil
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import duckdb

from .findings import findings_by_report
from .grouping import report_section, summary_of
from .html import HTML
from .markdown import MARKDOWN

FORMATS = {"html": HTML, "md": MARKDOWN}


def report_stem(warehouse: Path, run_at: datetime) -> str:
    """`<warehouse stem>-<UTC run time>`: two warehouses in one folder, or two runs, never collide."""
    return f"{warehouse.stem}-{run_at:%Y%m%dT%H%M%SZ}"


def latest_path(warehouse: Path, extension: str) -> Path:
    return warehouse.parent / "reports" / f"{warehouse.stem}-latest.{extension}"


def write_reports(conn: duckdb.DuckDBPyConnection, warehouse: Path, run_at: datetime) -> dict[str, Path]:
    """Write the HTML and Markdown reports of this run and refresh the `latest` copies; returns the run's files.

    Two passes over the findings, one report in memory at a time: the summary of every report
    first (the reports' first table), then each report's sections streamed to both files."""
    summaries = [summary_of(report_section(findings)) for findings in findings_by_report(conn)]
    folder = warehouse.parent / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    title = f"{warehouse.name} · {run_at:%Y-%m-%d %H:%M} UTC"
    written = {extension: folder / f"{report_stem(warehouse, run_at)}.{extension}" for extension in FORMATS}
    with ExitStack() as files:
        outs = {extension: files.enter_context(path.open("w", encoding="utf-8")) for extension, path in written.items()}
        for extension, out in outs.items():
            out.write(FORMATS[extension].head(summaries, title))
        for index, findings in enumerate(findings_by_report(conn), start=1):
            report = report_section(findings)
            for extension, out in outs.items():
                out.write(FORMATS[extension].report(index, report))
        for extension, out in outs.items():
            out.write(FORMATS[extension].tail(summaries))
    for extension, path in written.items():
        shutil.copyfile(path, latest_path(warehouse, extension))
    return written
