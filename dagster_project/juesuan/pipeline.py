"""`make run`: inventory, extract what is new or changed, then build, check and publish the warehouse."""

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from dagster import AssetCheckEvaluation, DagsterInstance
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from .warehouse_build.fingerprint import build_fingerprint
from .warehouse_build.publish import published_fingerprint, run_lock
from .config import warehouse_path
from .defs.inventory import facts_store, inventoried_reports
from .defs.partitions import shard_of
from .extract.plan import pending_reports

# Telemetry and the first-run pop-up off: machines here reach only package registries, and users' data is theirs.
DAGSTER_YAML = "telemetry:\n  enabled: false\nnux:\n  enabled: false\n"


@dataclass
class PipelineResult:
    elapsed_seconds: float
    extracted: int = 0
    built: bool = False  # False: nothing changed since the published build, so it was kept
    check_evaluations: list[AssetCheckEvaluation] = field(default_factory=list)
    phase_seconds: dict[str, float] = field(default_factory=dict)
    ignored_files: list[str] = field(default_factory=list)  # files of the input folder that are not reports
    nothing_found: bool = False  # no report file: nothing was built, the published warehouse is as it was


def dagster_instance() -> DagsterInstance:
    """The persistent instance under DAGSTER_HOME (so `make dev` shows the runs), else an ephemeral one."""
    home = os.environ.get("DAGSTER_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
        settings = Path(home) / "dagster.yaml"
        if not settings.exists():
            settings.write_text(DAGSTER_YAML, encoding="utf-8")
        return DagsterInstance.get()
    return DagsterInstance.ephemeral()


# Runs are recorded in the instance (see them in `make dev`); the terminal gets warnings only.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _extraction_config(force: bool) -> dict:
    return {**QUIET, "ops": {"facts__reports": {"config": {"force": force}}}}


def run_pipeline(instance: DagsterInstance, force: bool = False, allow_empty: bool = False) -> PipelineResult:
    """One run at a time per warehouse; raises when the pipeline itself fails. A folder with no report
    file builds nothing unless allow_empty (an empty warehouse is published only on purpose)."""
    with run_lock(warehouse_path(), lambda message: print(message, file=sys.stderr, flush=True)):
        return _run(instance, force, allow_empty)


def _run(instance: DagsterInstance, force: bool, allow_empty: bool) -> PipelineResult:
    from .definitions import defs  # loads the dbt manifest, which `prepare` builds first

    started = time.monotonic()
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.monotonic()
        phases[name] = round(now - since, 2)
        return now

    mark = started
    defs.resolve_job_def("inventory_job").execute_in_process(instance=instance, run_config=QUIET)
    mark = phase("inventory", mark)

    store = facts_store()
    reports = inventoried_reports(store)
    if not reports and not allow_empty:
        return PipelineResult(elapsed_seconds=time.monotonic() - started, phase_seconds=phases,
                              ignored_files=store.read_ignored(), nothing_found=True)
    pending = pending_reports(reports, store.settled_reports(), force)
    if pending:
        shards = sorted({shard_of(r.report_id) for r in pending})
        # One run over the contiguous range of shards with work; up-to-date reports inside are skipped.
        defs.resolve_job_def("extraction_job").execute_in_process(
            instance=instance, run_config=_extraction_config(force),
            tags={ASSET_PARTITION_RANGE_START_TAG: shards[0], ASSET_PARTITION_RANGE_END_TAG: shards[-1]},
        )
    mark = phase("extraction", mark)

    result = PipelineResult(elapsed_seconds=0, extracted=len(pending), phase_seconds=phases,
                            ignored_files=store.read_ignored())
    if force or published_fingerprint(warehouse_path()) != build_fingerprint(store):
        warehouse = defs.resolve_job_def("warehouse_job").execute_in_process(
            instance=instance, run_config={**QUIET, "ops": {"warehouse_models": {"config": {"full_build": force}}}})
        result.built = True
        result.check_evaluations = list(warehouse.get_asset_check_evaluations())
        store.remove_other_versions()
    phase("build", mark)
    result.elapsed_seconds = time.monotonic() - started
    return result
