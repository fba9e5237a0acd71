"""Parsing assets: facts with provenance from each landed report, into the `parsed` schema."""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from ..parsing.report import parse_report
from ..parsing.store import load_cells, load_lines, store_parsed
from ..versions import parsing_version
from ..warehouse import connect
from .landing import ReprocessConfig, reports_to_process
from .partitions import reports_partitions, single_run

PARSED_TABLES = (
    "reports", "report_identity", "standard_tables", "metrics", "function_amounts",
    "budget_execution", "economic_amounts", "three_public_costs", "project_performance",
    "performance_indicators", "parse_issues",
)
PARSED_KEYS = [AssetKey(["parsed", name]) for name in PARSED_TABLES]


@multi_asset(
    specs=[AssetSpec(key, deps=[AssetKey(["raw", "lines"]), AssetKey(["raw", "table_cells"])], group_name="parsing") for key in PARSED_KEYS],
    partitions_def=reports_partitions,
    backfill_policy=single_run,
    description="Facts with provenance read from each landed report's tables and narrative, and what could not be read.",
)
def parsed_reports(context: AssetExecutionContext, config: ReprocessConfig):
    version = parsing_version()
    counts = {"parsed": 0, "up_to_date": 0, "not_landed": 0, "issues": 0}
    with connect() as conn:
        landed = {
            row[0]
            for row in conn.execute(
                "select report_id from raw.documents where status = 'landed' and report_id in (select unnest($ids))",
                {"ids": list(context.partition_keys)},
            ).fetchall()
        }
        counts["not_landed"] = len(context.partition_keys) - len(landed)
        pending = reports_to_process(conn, sorted(landed), "parsed.reports", version, config.force)
        counts["up_to_date"] = len(landed) - len(pending)
        for report_id in pending:
            parsed = parse_report(load_lines(conn, report_id), load_cells(conn, report_id))
            store_parsed(conn, report_id, parsed, version)
            counts["parsed"] += 1
            counts["issues"] += len(parsed.issues)
    for key in PARSED_KEYS:
        yield MaterializeResult(asset_key=key, metadata=counts)
