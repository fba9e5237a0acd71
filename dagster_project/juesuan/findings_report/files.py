"""Where a run's findings report is written: one file per warehouse and run, plus a `latest` copy."""

import shutil
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import duckdb

from ..warehouse_build.incremental import rebuilt_reports
from .cache import SectionCache, rendering_version
from .coverage import read_coverage
from .findings import findings_by_report, reports_with_findings
from .grouping import ReportSummary, report_section, summary_of
from .html import HTML
from .markdown import MARKDOWN

FORMATS = {"html": HTML, "md": MARKDOWN}
SECTIONS_FOLDER = ".sections"  # under reports/: the section cache, one folder per warehouse


def report_stem(warehouse: Path, run_at: datetime) -> str:
    """`<warehouse stem>-<UTC run time>`: two warehouses in one folder, or two runs, never collide."""
    return f"{warehouse.stem}-{run_at:%Y%m%dT%H%M%SZ}"


def latest_path(warehouse: Path, extension: str) -> Path:
    return warehouse.parent / "reports" / f"{warehouse.stem}-latest.{extension}"


def expectations_folder(warehouse: Path) -> Path:
    """The Great Expectations Data Docs of the last build's findings per rule category, beside its reports."""
    return warehouse.parent / "reports" / f"{warehouse.stem}-expectations"


def write_reports(conn: duckdb.DuckDBPyConnection, warehouse: Path, run_at: datetime) -> dict[str, Path]:
    """Write the HTML and Markdown reports of this run and refresh the `latest` copies; returns the run's files.

    Only the reports the build rewrote (all after a full build), and those the section cache lacks or holds from
    other rows (a build that was not published, say), are rendered, one report in memory at a time, into the
    cache; then the reports' first table and every report's sections, in source-file order, are copied from it
    into both files."""
    folder = warehouse.parent / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    cache = SectionCache(folder / SECTIONS_FOLDER / warehouse.stem, rendering_version(conn))
    scope = rebuilt_reports(conn)
    shown = reports_with_findings(conn)
    cache.keep_only(report.report_id for report in shown)
    summaries: dict[str, ReportSummary] = {}
    for report in shown:
        cached = None if scope is None or report.report_id in scope else cache.summary(report.report_id, report.digest)
        if cached is not None:
            summaries[report.report_id] = cached
    digests = {report.report_id: report.digest for report in shown if report.report_id not in summaries}
    for findings in findings_by_report(conn, reports=list(digests)):  # in `shown`'s order
        section = report_section(findings)
        summaries[section.report_id] = cache.put(
            summary_of(section),
            digests[section.report_id],
            {extension: form.report(section) for extension, form in FORMATS.items()},
        )
    ordered = [summaries[report.report_id] for report in shown]
    title = f"{warehouse.name} · {run_at:%Y-%m-%d %H:%M} UTC"
    coverage = read_coverage(conn)
    written = {extension: folder / f"{report_stem(warehouse, run_at)}.{extension}" for extension in FORMATS}
    printed: dict[str, set[str]] = {extension: set() for extension in FORMATS}  # the tail's fonts cover them
    with ExitStack() as files:
        outs = {extension: files.enter_context(path.open("wb")) for extension, path in written.items()}
        for extension, out in outs.items():
            head = FORMATS[extension].head(ordered, title, coverage)
            printed[extension].update(head)
            out.write(head.encode("utf-8"))
        for summary in ordered:
            for extension, section in cache.sections(summary.report_id).items():
                printed[extension].update(section.characters)
                outs[extension].write(section.data)
        for extension, out in outs.items():
            out.write(FORMATS[extension].tail(ordered, printed[extension]).encode("utf-8"))
    for extension, path in written.items():
        shutil.copyfile(path, latest_path(warehouse, extension))
    return written
