"""A sensor on the input folder: a new, changed or removed file refreshes the warehouse with no click."""

import hashlib
import os

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from ..config import raw_dir
from ..landing.discovery import is_report_name, walk_folder
from .partitions import SHARDS

REFRESH_JOB = "refresh_job"


def folder_fingerprint() -> str:
    """Paths, sizes and modification times of every report file: cheap, and changes with any edit."""
    digest = hashlib.sha256()
    folder = raw_dir()
    for path in sorted(walk_folder(folder, [])) if folder.is_dir() else []:
        if is_report_name(path):
            try:
                stat = path.stat()
                state = f"{stat.st_size}|{stat.st_mtime_ns}"
            except OSError as error:  # a loop or a path too long: the inventory says what; its name still counts
                state = f"error {error.errno}"
            digest.update(os.fsencode(path.relative_to(folder)) + f"|{state}\n".encode())
    return digest.hexdigest()


# Running from the start: in `make dev` a dropped file reaches the marts with no click.
@sensor(job_name=REFRESH_JOB, minimum_interval_seconds=15, default_status=DefaultSensorStatus.RUNNING,
        description="Watches the input folder; when a report file appears, changes or goes, refreshes every asset.")
def input_folder_sensor(context: SensorEvaluationContext):
    fingerprint = folder_fingerprint()
    if fingerprint == context.cursor:
        return SkipReason(f"no change in {raw_dir()}")
    context.update_cursor(fingerprint)
    # Every shard: up-to-date reports are skipped inside, only new or changed files are extracted.
    return RunRequest(run_key=fingerprint, tags={"dagster/asset_partition_range_start": SHARDS[0],
                                                 "dagster/asset_partition_range_end": SHARDS[-1]})
