"""`juesuan check FILE`: one report's findings in seconds, in this process, without Dagster or dbt's start-up.

The steps of `juesuan run`, on the scratch input folder and warehouse the caller sets (JUESUAN_RAW_DIR,
JUESUAN_WAREHOUSE): the report's extraction (in this process: one report needs no worker pool), the inventory,
its facts file and a full build by the dbt project's compiled SQL (warehouse_build/in_process.py, the same
models, seeds and data tests), then the findings read from the build file. A rejected file answers as soon
as extraction has rejected it: it has no findings to build, so nothing that builds (the facts store, pyarrow,
DuckDB) is imported.
"""

import gc

from .config import raw_dir
from .extract.report import GC_THRESHOLDS, extract_report
from .findings_report.terminal import NO_REPORT, rejection
from .landing.discovery import read_folder, unique_reports
from .landing.models import ReportFile
from .versions import extraction_version


def check_input_folder() -> tuple[str, bool]:
    """The text to print for the one report of the input folder, and whether it landed."""
    reports = unique_reports(read_folder(raw_dir()).reports)
    if not reports:
        return NO_REPORT, False
    (report,) = reports
    gc.set_threshold(*GC_THRESHOLDS)  # as in an extraction worker: pdfminer reads pages about 10% faster
    extraction = extract_report(report, extraction_version())
    if extraction.tables is None:
        return rejection(report.source_file, extraction.outcome.reject_reason), False
    return _build_and_read(report, extraction.tables)


def _build_and_read(report: ReportFile, tables: dict) -> tuple[str, bool]:
    from .config import build_path, warehouse_path
    from .facts.inventory import facts_store, take_inventory
    from .findings_report.terminal import render_check
    from .warehouse_build.in_process import BuildFailed, build_memory, run_compiled
    from .warehouse_build.incremental import prepare_build, stage_chunk
    from .warehouse_build.reading import read_only

    store = facts_store()
    take_inventory(store)  # the inventory `juesuan run` takes: the build reads it
    store.write_report(report.report_id, tables)
    plan = prepare_build(store, warehouse_path(), build_path(), full_build=True)
    stage_chunk(store, build_path(), plan, 0)
    try:
        run_compiled(build_path(), plan.facts_db, build_memory())
    except BuildFailed as failure:  # what `juesuan run` quarantines: the report's facts break an integrity test
        return rejection(report.source_file, f"quarantined: its facts fail an integrity test ({failure})"), False
    with read_only(build_path()) as conn:
        return render_check(conn)
