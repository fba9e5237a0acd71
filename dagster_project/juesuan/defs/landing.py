"""Landing assets: the file inventory, then raw.documents / raw.lines / raw.table_cells per report."""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, Config, MaterializeResult, asset, multi_asset

from ..config import raw_dir
from ..landing.discovery import discover_report_files, unique_reports
from ..landing.land import land_report_file
from ..landing.models import RejectedReport, ReportFile
from ..landing.store import record_inventory, store_landing
from ..versions import landing_version
from ..warehouse import connect
from .partitions import reports_partitions, single_run

INVENTORY_KEY = AssetKey(["raw", "source_files"])
LANDING_KEYS = [AssetKey(["raw", "documents"]), AssetKey(["raw", "lines"]), AssetKey(["raw", "table_cells"])]


class ReprocessConfig(Config):
    force: bool = False  # re-process reports already done with the current code


@asset(key=INVENTORY_KEY, group_name="landing", description="Every report file in the input folder, by content hash.")
def report_inventory(context: AssetExecutionContext) -> MaterializeResult:
    files = discover_report_files(raw_dir())
    report_ids = [f.report_id for f in unique_reports(files)]
    with connect() as conn:
        removed = record_inventory(conn, files)
    known = set(context.instance.get_dynamic_partitions(reports_partitions.name))
    context.instance.add_dynamic_partitions(reports_partitions.name, [r for r in report_ids if r not in known])
    for report_id in known - set(report_ids):
        context.instance.delete_dynamic_partition(reports_partitions.name, report_id)
    return MaterializeResult(
        metadata={"files": len(files), "reports": len(report_ids), "removed_reports": len(removed), "input_folder": str(raw_dir())}
    )


def reports_to_process(conn, report_ids: list[str], done_table: str, version: str, force: bool) -> list[str]:
    """The given reports minus those already processed by this code version."""
    if force:
        return list(report_ids)
    done = {
        row[0]
        for row in conn.execute(
            f"select report_id from {done_table} where code_version = $version and report_id in (select unnest($ids))",
            {"version": version, "ids": report_ids},
        ).fetchall()
    }
    return [report_id for report_id in report_ids if report_id not in done]


def _files_for(conn, report_ids: list[str]) -> list[ReportFile]:
    rows = conn.execute(
        """
        select report_id, min(source_file), any_value(source_sha256), any_value(bytes)
        from raw.source_files where report_id in (select unnest($ids)) group by report_id
        """,
        {"ids": report_ids},
    ).fetchall()
    folder = raw_dir()
    return [ReportFile(source_file=f, path=folder / f, sha256=sha, bytes=size) for _, f, sha, size in rows]


@multi_asset(
    specs=[AssetSpec(key, deps=[INVENTORY_KEY], group_name="landing") for key in LANDING_KEYS],
    partitions_def=reports_partitions,
    backfill_policy=single_run,
    description="Verbatim lines and PDF table cells of each report, or a rejection with its reason.",
)
def landed_reports(context: AssetExecutionContext, config: ReprocessConfig):
    version = landing_version()
    counts = {"landed": 0, "rejected": 0, "up_to_date": 0}
    with connect() as conn:
        pending = reports_to_process(conn, list(context.partition_keys), "raw.documents", version, config.force)
        counts["up_to_date"] = len(context.partition_keys) - len(pending)
        for report_file in _files_for(conn, pending):
            try:
                document, reason = land_report_file(report_file), None
            except RejectedReport as rejection:
                document, reason = None, str(rejection)
            except Exception as error:  # a bug must not stop the other reports
                document, reason = None, f"landing failed unexpectedly: {type(error).__name__}: {error}"
                context.log.exception("landing %s failed", report_file.source_file)
            store_landing(conn, report_file, document, reason, version)
            counts["landed" if document else "rejected"] += 1
            if reason:
                context.log.warning("rejected %s: %s", report_file.source_file, reason)
    for key in LANDING_KEYS:
        yield MaterializeResult(asset_key=key, metadata=counts)
