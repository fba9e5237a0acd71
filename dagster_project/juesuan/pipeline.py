"""`make run`: inventory, land and parse every report in one run, then build the warehouse."""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from dagster import AssetCheckEvaluation, DagsterInstance
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from .config import warehouse_path
from .defs.partitions import reports_partitions


@dataclass
class PipelineResult:
    elapsed_seconds: float
    check_evaluations: list[AssetCheckEvaluation] = field(default_factory=list)


def dagster_instance() -> DagsterInstance:
    """The persistent instance under DAGSTER_HOME (so `make dev` shows the runs), else an ephemeral one."""
    home = os.environ.get("DAGSTER_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
        (Path(home) / "dagster.yaml").touch()  # defaults are right: local storage under DAGSTER_HOME
        return DagsterInstance.get()
    return DagsterInstance.ephemeral()


# Runs are recorded in the instance (see them in `make dev`); the terminal gets warnings only.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _reprocess_config(force: bool) -> dict:
    return {**QUIET, "ops": {name: {"config": {"force": force}} for name in ("landed_reports", "parsed_reports")}}


def run_pipeline(instance: DagsterInstance, force: bool = False) -> PipelineResult:
    """Run the three jobs in order; raises when the pipeline itself fails."""
    from .definitions import defs  # loads the dbt manifest, which `prepare` builds first

    os.environ["JUESUAN_WAREHOUSE"] = str(warehouse_path())  # dbt reads it
    started = time.monotonic()
    defs.resolve_job_def("inventory_job").execute_in_process(instance=instance, run_config=QUIET)

    report_ids = reports_partitions.get_partition_keys(dynamic_partitions_store=instance)
    if report_ids:
        defs.resolve_job_def("reports_job").execute_in_process(
            instance=instance,
            run_config=_reprocess_config(force),
            # One run over every report: processed reports are skipped inside, unless forced.
            tags={ASSET_PARTITION_RANGE_START_TAG: report_ids[0], ASSET_PARTITION_RANGE_END_TAG: report_ids[-1]},
        )
    warehouse = defs.resolve_job_def("warehouse_job").execute_in_process(instance=instance, run_config=QUIET)
    return PipelineResult(
        elapsed_seconds=time.monotonic() - started,
        check_evaluations=list(warehouse.get_asset_check_evaluations()),
    )
