"""The input-folder sensor: a new file launches a refresh that carries it to the published marts."""

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from dagster import (
    DagsterInstance,
    DagsterRunStatus,
    RunRequest,
    RunsFilter,
    build_sensor_context,
    execute_job,
    reconstructable,
)
from juesuan.defs.sensor import input_folder_sensor
from juesuan.pipeline import dagster_instance, run_pipeline

from tests.conftest import REPO, free_port, query, sample_path


def _evaluate(instance, cursor):
    """The run the tick requests (None when it skips) and the cursor it leaves."""
    result = input_folder_sensor(build_sensor_context(instance=instance, cursor=cursor))
    return (result.run_requests or [None])[0], result.cursor


def test_a_dropped_file_is_refreshed_into_the_marts(dbt_manifest, warehouse_env):
    from juesuan.definitions import resolved_refresh_job

    instance = DagsterInstance.ephemeral()
    shutil.copy(sample_path("003"), warehouse_env)
    request, cursor = _evaluate(instance, None)
    assert isinstance(request, RunRequest)
    assert _evaluate(instance, cursor)[0] is None  # nothing changed since

    shutil.copy(sample_path("004"), warehouse_env)  # dropped in while the UI runs
    request, cursor = _evaluate(instance, cursor)
    assert isinstance(request, RunRequest)
    execute_job(reconstructable(resolved_refresh_job), instance=instance, tags=request.tags, raise_on_error=True)
    assert query("select count(*) from marts.dim_reports") == [(2,)]


def _published_files(warehouse: Path) -> set[str]:
    if not warehouse.exists():
        return set()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {row[0] for row in conn.execute("select source_file from marts.dim_reports").fetchall()}


def _wait_for(what: str, done, dev: subprocess.Popen, log: Path, timeout: float = 300) -> float:
    """Seconds until done() holds while make dev runs; its terminal in the message when it never does."""
    started = time.monotonic()
    while not done():
        assert dev.poll() is None, "make dev exited:\n" + log.read_text(encoding="utf-8")[-5000:]
        assert time.monotonic() - started < timeout, (
            f"{what}: not in {timeout} s of make dev:\n" + log.read_text(encoding="utf-8")[-5000:]
        )
        time.sleep(1)
    return time.monotonic() - started


def _stop(dev: subprocess.Popen) -> None:
    """Ctrl-C, as a person stops make dev; its whole process group (webserver, daemon, code servers)."""
    os.killpg(dev.pid, signal.SIGINT)
    try:
        dev.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(dev.pid, signal.SIGKILL)
        dev.wait(timeout=30)


@pytest.mark.slow
def test_make_dev_after_juesuan_run(dbt_manifest, tmp_path, monkeypatch):
    """`juesuan run` (what `make run` runs), then the real `make dev` (webserver, daemon, sensor on from the start), nothing clicked:
    1. nothing changed: the sensor's first tick launches no run and no second report is written;
    2. a file touched, same content: the sensor launches a run (the daemon runs it, no click), which builds nothing
       and writes no report;
    and the terminal shows no warning throughout, the run worker's output included. (That a new file's run
    publishes it is test_a_dropped_file_is_refreshed_into_the_marts: the same job, in process.)"""
    raw, home, warehouse = tmp_path / "raw", tmp_path / "dagster_home", tmp_path / "warehouse" / "juesuan.duckdb"
    raw.mkdir()
    first = Path(shutil.copy(sample_path("002"), raw))
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "JUESUAN_RAW_DIR": str(raw),
        "JUESUAN_WAREHOUSE": str(warehouse),
        "DAGSTER_PORT": str(free_port()),
        "JUESUAN_WORKERS": "1",
    }
    for name in ("DAGSTER_HOME", "JUESUAN_RAW_DIR", "JUESUAN_WAREHOUSE", "JUESUAN_WORKERS"):
        monkeypatch.setenv(name, env[name])
    started = time.monotonic()
    # what `make run` runs (`juesuan run`: tests/test_orchestration.py runs the command), here in the test's process
    assert run_pipeline(dagster_instance()).built
    print(f"juesuan run {time.monotonic() - started:.0f} s")
    reports = sorted((warehouse.parent / "reports").iterdir())
    instance = DagsterInstance.get()

    def sensor_runs(*statuses: DagsterRunStatus) -> list:
        return [
            r
            for r in instance.get_run_records(RunsFilter(statuses=list(statuses) or None))
            if r.dagster_run.tags.get("dagster/sensor_name") == "input_folder_sensor"
        ]

    log = tmp_path / "dev.log"
    dev = subprocess.Popen(
        ["make", "dev"], cwd=REPO, env=env, start_new_session=True, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    finished = (DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED)
    try:
        seconds = _wait_for(
            "a sensor tick", lambda: "Sensor input_folder_sensor skipped" in log.read_text(encoding="utf-8"), dev, log
        )
        print(f"make dev's first tick {seconds:.0f} s after its start")
        assert sensor_runs() == [] and sorted((warehouse.parent / "reports").iterdir()) == reports

        os.utime(first)  # the folder's fingerprint differs, the facts do not
        seconds = _wait_for("the run for a touched file", lambda: len(sensor_runs(*finished)) == 1, dev, log)
        print(f"the run for a touched file finished {seconds:.0f} s after the touch")
        assert sorted((warehouse.parent / "reports").iterdir()) == reports  # it built nothing, wrote no report
    finally:
        _stop(dev)
    assert [r.dagster_run.status for r in sensor_runs()] == [DagsterRunStatus.SUCCESS]
    assert len(instance.get_run_records()) == 2  # make run's, and the sensor's
    assert _published_files(warehouse) == {first.name}
    # a logged warning (Dagster's "- WARNING -", a Python warning category, an unformatted "emitted no result"),
    # not a check named after the severities it accepts (…severity__error__warning__info)
    warned = [
        line
        for line in log.read_text(encoding="utf-8").splitlines()
        if re.search(r"WARNING|[A-Za-z]Warning\b|emitted no result", line)
    ]
    assert warned == []
