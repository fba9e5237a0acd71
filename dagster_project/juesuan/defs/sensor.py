"""A sensor on the input folder: a new, changed or removed file refreshes the warehouse with no click."""

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SensorResult, sensor

from ..config import raw_dir, warehouse_path
from ..warehouse_build.inputs import input_fingerprint
from ..warehouse_build.publish import published_inputs
from .partitions import ALL_SHARDS

REFRESH_JOB = "refresh_job"


# Running from the start: in `make dev` a dropped file reaches the marts with no click.
@sensor(
    job_name=REFRESH_JOB,
    minimum_interval_seconds=15,
    default_status=DefaultSensorStatus.RUNNING,
    description="Watches the input folder (and the code); when a report file appears, changes or goes, "
    "refreshes every asset. Its first tick compares with what the published warehouse was built from.",
)
def input_folder_sensor(context: SensorEvaluationContext):
    fingerprint = input_fingerprint()
    # First tick: the published warehouse's stamp, so a `make dev` after `juesuan run` launches nothing.
    if fingerprint == (context.cursor or published_inputs(warehouse_path())):
        return SensorResult(
            skip_reason=f"no change in {raw_dir()} or the code since the last refresh", cursor=fingerprint
        )
    # Every shard: up-to-date reports are skipped inside, only new or changed files are extracted.
    return SensorResult(run_requests=[RunRequest(run_key=fingerprint, tags=ALL_SHARDS)], cursor=fingerprint)
