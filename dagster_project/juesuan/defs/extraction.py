"""The extraction asset: each shard's new or changed reports, extracted by parallel workers into the facts store."""

import logging
import sys
import warnings

from dagster import AssetExecutionContext, AssetKey, BetaWarning, Config, MaterializeResult, MetadataValue, asset
from tqdm import tqdm

from ..config import extraction_timeout_seconds, worker_count, worker_memory_mb
from ..extract.plan import pending_reports
from ..extract.report import Outcome
from ..extract.workers import WorkerLimits, extract_all
from ..facts.inventory import facts_store, inventoried_reports
from ..versions import extraction_version
from .inventory import INVENTORY_KEY
from .partitions import report_shards, shard_of, two_chunks

FACTS_KEY = AssetKey(["facts", "reports"])
REJECTED_SHOWN = 50
log = logging.getLogger(__name__)


class ExtractionConfig(Config):
    force: bool = False  # re-extract even reports already extracted by this code version
    reports: list[str] = []  # only these (report ids or source files); empty: every report of the shards


def _rejected_table(outcomes: list[Outcome]) -> str:
    rejected = [o for o in outcomes if o.status == "rejected"][:REJECTED_SHOWN]
    rows = [f"| {o.source_file} | {o.reject_reason} |" for o in rejected]
    return "\n".join(["| file | reason |", "| --- | --- |", *rows]) if rows else "none"


# `backfill_policy` is a Beta parameter of @asset: Dagster warns about it wherever this module is imported
# (every `juesuan run`, `check` and `make dev` process). The two-runs-of-eight backfill is what the shards are
# for (partitions.py), so this one warning, from this one decorator, is silenced.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Parameter `backfill_policy` of function `asset`", category=BetaWarning)
    facts_asset = asset(
        key=FACTS_KEY,
        deps=[INVENTORY_KEY],
        group_name="extraction",
        partitions_def=report_shards,
        backfill_policy=two_chunks,
        code_version=extraction_version(),
        description="Lines, table cells and parsed facts of every report in the shard, one Parquet file per report "
        "and table in the facts store; rejected files with their reason.",
    )


@facts_asset
def extracted_reports(context: AssetExecutionContext, config: ExtractionConfig) -> MaterializeResult:
    store = facts_store()
    shards = set(context.partition_keys)
    in_shards = [r for r in inventoried_reports(store) if shard_of(r.report_id) in shards]
    pending = pending_reports(in_shards, store.settled_reports(), config.force, set(config.reports))
    limits = WorkerLimits(worker_count(), extraction_timeout_seconds(), worker_memory_mb())
    progress = tqdm(total=len(pending), desc="extracting", unit="report", file=sys.stderr, disable=None, leave=False)
    outcomes = []
    for outcome in extract_all(pending, store, limits):
        outcomes.append(outcome)
        progress.update()
        log.info("%s %s %s", outcome.status, outcome.source_file, outcome.reject_reason or f"{outcome.facts} facts")
    progress.close()
    landed = [o for o in outcomes if o.status == "landed"]
    return MaterializeResult(
        metadata={
            "reports_in_shards": len(in_shards),
            "extracted": len(outcomes),
            "up_to_date": len(in_shards) - len(pending),
            "landed": len(landed),
            "rejected": len(outcomes) - len(landed),
            "facts": sum(o.facts for o in landed),
            "parse_issues": sum(o.parse_issues for o in landed),
            "extract_seconds": round(sum(o.seconds for o in outcomes), 2),
            "rejected_files": MetadataValue.md(_rejected_table(outcomes)),
            "workers": limits.workers,
        }
    )
