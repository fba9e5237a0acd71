"""`make run`: launch the refresh job (the one the sensor and the UI launch) against the Dagster instance."""

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from dagster import AssetCheckEvaluation, DagsterInstance, execute_job, reconstructable

from .config import warehouse_path
from .defs.extraction import FACTS_KEY
from .defs.inventory import INVENTORY_KEY
from .defs.partitions import ALL_SHARDS
from .defs.publish import PUBLISHED_KEY
from .facts.inventory import facts_store, inventoried_reports
from .warehouse_build.inputs import input_fingerprint
from .warehouse_build.publish import published_inputs, run_lock

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

# The steps of the refresh job, by the phase the summary gives their time under (the rest is the build).
_PHASES = {INVENTORY_KEY: "inventory", FACTS_KEY: "extraction"}


def refresh_config(force: bool, allow_empty: bool = False) -> dict:
    return {
        **QUIET,
        "ops": {
            "facts__reports": {"config": {"force": force}},
            "warehouse_models": {"config": {"full_build": force, "allow_empty": allow_empty}},
        },
    }


def run_pipeline(instance: DagsterInstance, force: bool = False, allow_empty: bool = False) -> PipelineResult:
    """One run at a time per warehouse; raises when the pipeline itself fails. A folder with no report
    file builds nothing unless allow_empty (an empty warehouse is published only on purpose)."""
    from .definitions import resolved_refresh_job  # loads the dbt manifest, which `prepare` builds first

    started = time.monotonic()
    with run_lock(warehouse_path(), lambda message: print(message, file=sys.stderr, flush=True)):
        if not force and input_fingerprint() == published_inputs(warehouse_path()):
            # as the sensor: nothing to launch
            return PipelineResult(
                elapsed_seconds=time.monotonic() - started, ignored_files=facts_store().read_ignored()
            )
        result = execute_job(
            reconstructable(resolved_refresh_job),
            instance=instance,
            run_config=refresh_config(force, allow_empty),
            tags=ALL_SHARDS,
            raise_on_error=True,
        )
    materialized = {event.asset_key: event.materialization for event in result.get_asset_materialization_events()}
    extracted = materialized[FACTS_KEY].metadata["extracted"].value if FACTS_KEY in materialized else 0
    phases: dict[str, float] = {"inventory": 0.0, "extraction": 0.0, "build": 0.0}
    steps = {key.to_python_identifier(): phase for key, phase in _PHASES.items()}
    for event in result.get_step_success_events():
        phase = steps.get(event.step_key, "build")
        phases[phase] = round(phases[phase] + event.event_specific_data.duration_ms / 1000, 2)
    store = facts_store()
    return PipelineResult(
        elapsed_seconds=time.monotonic() - started,
        extracted=extracted,
        built=PUBLISHED_KEY in materialized,
        check_evaluations=list(result.get_asset_check_evaluations()),
        phase_seconds=phases,
        ignored_files=store.read_ignored(),
        nothing_found=not allow_empty and not inventoried_reports(store),
    )
