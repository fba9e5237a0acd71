"""Scale-out on Dagster's own machinery: the daemon runs two chunks of shards side by side into one facts store."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter
from juesuan.facts.store import FactsStore
from juesuan.versions import extraction_version

from tests.test_scale import _distinct_copies

BIN = Path(sys.executable).parent
# Runs queue and the daemon launches at most two at once, each in its own process.
INSTANCE_YAML = """
telemetry:
  enabled: false
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
concurrency:
  runs:
    max_concurrent_runs: 2
"""
CHUNKS = (("0", "7"), ("8", "f"))


def _launch(job: str, env: dict, tags: dict | None = None) -> None:
    command = [str(BIN / "dagster"), "job", "launch", "-m", "juesuan.definitions", "-j", job]
    if tags:
        command += ["--tags", json.dumps(tags)]
    launched = subprocess.run(command, env=env, capture_output=True, text=True)
    assert launched.returncode == 0, launched.stderr[-3000:]


UNFINISHED = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
]


def _wait_for_runs(instance: DagsterInstance, job: str, count: int, timeout: float = 600) -> list:
    """The job's runs once `count` of them have finished and no run of any job is still going."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = instance.get_run_records(
            RunsFilter(job_name=job, statuses=[DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE])
        )
        if len(finished) >= count and not instance.get_run_records(RunsFilter(statuses=UNFINISHED)):
            return finished
        time.sleep(2)
    raise AssertionError(f"the daemon did not finish {count} {job} runs in {timeout} s")


def _started_at(instance: DagsterInstance, run_id: str) -> float:
    """When the daemon launched the run (it leaves the queue): its process may take seconds to start."""
    (record,) = instance.get_records_for_run(run_id, of_type=DagsterEventType.RUN_STARTING).records
    return record.event_log_entry.timestamp


def test_daemon_runs_two_chunks_concurrently_then_one_publish(dbt_manifest, tmp_path, monkeypatch):
    from juesuan.definitions import defs

    raw, home = tmp_path / "raw", tmp_path / "dagster_home"
    raw.mkdir()
    home.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML, encoding="utf-8")
    _distinct_copies(raw, 8)
    warehouse = tmp_path / "warehouse" / "juesuan.duckdb"
    settings = {
        "DAGSTER_HOME": str(home),
        "JUESUAN_RAW_DIR": str(raw),
        "JUESUAN_WAREHOUSE": str(warehouse),
        "JUESUAN_WORKERS": "1",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    with DagsterInstance.get() as instance:
        defs.resolve_job_def("inventory_job").execute_in_process(instance=instance)
        for start, end in CHUNKS:  # both queued before the daemon starts, so it launches them together
            _launch(
                "extraction_job",
                env,
                {"dagster/asset_partition_range_start": start, "dagster/asset_partition_range_end": end},
            )
        daemon = subprocess.Popen(
            [str(BIN / "dagster-daemon"), "run", "-m", "juesuan.definitions"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / "daemon.log").open("w"),
        )
        try:
            # The sensor (running by default) also queues a refresh of everything on its first tick:
            # a real `make dev` does the same, and the warehouse lock makes the two builds take turns.
            chunks = [
                r
                for r in _wait_for_runs(instance, "extraction_job", 2)
                if r.dagster_run.tags.get("dagster/asset_partition_range_start") in {start for start, _ in CHUNKS}
            ]
            assert {r.dagster_run.status for r in chunks} == {DagsterRunStatus.SUCCESS}
            # The daemon launched the second chunk before the first had finished: they ran side by side.
            # (Launch times, not start times: a chunk of four texts can finish before the other's process is up.)
            first, second = sorted(chunks, key=lambda r: _started_at(instance, r.dagster_run.run_id))
            assert _started_at(instance, second.dagster_run.run_id) < first.end_time
            store = FactsStore(str(warehouse.parent / "facts"), extraction_version())
            assert len(store.complete_reports()) == 8  # both chunks wrote into the one facts store

            _launch("warehouse_job", env)
            _wait_for_runs(instance, "warehouse_job", 1)
            runs = instance.get_run_records()
            assert {r.dagster_run.status for r in runs} == {DagsterRunStatus.SUCCESS}, [
                (r.dagster_run.job_name, r.dagster_run.status) for r in runs
            ]
        finally:
            daemon.terminate()
            daemon.wait(timeout=60)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from marts.dim_reports").fetchone()[0] == 8
