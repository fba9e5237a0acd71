"""Where a run's discrepancy report is written: one file per warehouse and run, plus a `latest` copy."""

import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from .findings import read_findings
from .html import render_html
from .markdown import render_markdown

FORMATS = {"html": render_html, "md": render_markdown}


def report_stem(warehouse: Path, run_at: datetime) -> str:
    """`<warehouse stem>-<UTC run time>`: two warehouses in one folder, or two runs, never collide."""
    return f"{warehouse.stem}-{run_at:%Y%m%dT%H%M%SZ}"


def latest_path(warehouse: Path, extension: str) -> Path:
    return warehouse.parent / "reports" / f"{warehouse.stem}-latest.{extension}"


def write_reports(conn: duckdb.DuckDBPyConnection, warehouse: Path, run_at: datetime) -> dict[str, Path]:
    """Write the HTML and Markdown reports of this run and refresh the `latest` copies; returns the run's files."""
    findings = read_findings(conn)
    folder = warehouse.parent / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    title = f"{warehouse.name} · {run_at:%Y-%m-%d %H:%M} UTC"
    written = {}
    for extension, render in FORMATS.items():
        path = folder / f"{report_stem(warehouse, run_at)}.{extension}"
        path.write_text(render(findings, title), encoding="utf-8")
        shutil.copyfile(path, latest_path(warehouse, extension))
        written[extension] = path
    return written
