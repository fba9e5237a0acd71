"""The input-folder sensor: a new file launches a refresh that carries it to the published marts."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, DagsterRunStatus, RunRequest, build_sensor_context, execute_job, reconstructable
from dagster._core.instance.ref import InstanceRef

from juesuan.defs.sensor import input_folder_sensor
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


def _wait_until_published(warehouse: Path, source_file: str, dev: subprocess.Popen, timeout: float = 300) -> float:
    """Seconds until the published marts hold source_file."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        assert dev.poll() is None, "make dev exited"
        if source_file in _published_files(warehouse):
            return time.monotonic() - started
        time.sleep(2)
    raise AssertionError(f"{source_file} not in {warehouse}'s marts after {timeout} s of make dev")


def _stop(dev: subprocess.Popen) -> None:
    """Ctrl-C, as a person stops make dev; its whole process group (webserver, daemon, code servers)."""
    os.killpg(dev.pid, signal.SIGINT)
    try:
        dev.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(dev.pid, signal.SIGKILL)
        dev.wait(timeout=30)


@pytest.mark.slow
def test_make_dev_carries_a_dropped_file_to_the_marts_with_no_click(dbt_manifest, tmp_path):
    """The real `make dev` (webserver and daemon): the sensor runs from the start, and a file dropped
    after the first refresh has published reaches marts.dim_reports on its own."""
    from tests.test_scale_out import _wait_for_runs

    raw, home, warehouse = tmp_path / "raw", tmp_path / "dagster_home", tmp_path / "warehouse" / "juesuan.duckdb"
    raw.mkdir()
    shutil.copy(sample_path("002"), raw)
    env = {**os.environ, "DAGSTER_HOME": str(home), "JUESUAN_RAW_DIR": str(raw), "JUESUAN_WAREHOUSE": str(warehouse),
           "DAGSTER_PORT": str(free_port()), "JUESUAN_WORKERS": "1"}
    dev = subprocess.Popen(["make", "dev"], cwd=REPO, env=env, start_new_session=True,
                           stdout=(tmp_path / "dev.log").open("w"), stderr=subprocess.STDOUT)
    try:
        _wait_until_published(warehouse, sample_path("002").name, dev)
        dropped = shutil.copy(sample_path("004"), raw)
        seconds = _wait_until_published(warehouse, Path(dropped).name, dev)
        print(f"dropped file published {seconds:.0f} s after the drop")
        with DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
            runs = _wait_for_runs(instance, "refresh_job", 2, timeout=60)
            assert {r.dagster_run.status for r in runs} == {DagsterRunStatus.SUCCESS}
            assert {r.dagster_run.tags.get("dagster/sensor_name") for r in runs} == {"input_folder_sensor"}
    finally:
        _stop(dev)


@pytest.mark.slow
def test_make_dev_after_make_run_launches_nothing_and_warns_nothing(dbt_manifest, tmp_path):
    """`make run`, then the real `make dev` with nothing changed: its sensor's first tick skips (no second
    identical refresh, no second report), and its terminal shows no warning."""
    raw, home, warehouse = tmp_path / "raw", tmp_path / "dagster_home", tmp_path / "warehouse" / "juesuan.duckdb"
    raw.mkdir()
    shutil.copy(sample_path("002"), raw)
    env = {**os.environ, "DAGSTER_HOME": str(home), "JUESUAN_RAW_DIR": str(raw), "JUESUAN_WAREHOUSE": str(warehouse),
           "DAGSTER_PORT": str(free_port()), "JUESUAN_WORKERS": "1"}
    subprocess.run(["make", "run"], cwd=REPO, env=env, check=True, capture_output=True, timeout=900)
    reports = sorted((warehouse.parent / "reports").iterdir())
    log = tmp_path / "dev.log"
    dev = subprocess.Popen(["make", "dev"], cwd=REPO, env=env, start_new_session=True,
                           stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        while "Sensor input_folder_sensor skipped" not in log.read_text(encoding="utf-8"):
            assert dev.poll() is None, "make dev exited"
            assert time.monotonic() - started < 300, "no sensor tick in 300 s of make dev:\n" + log.read_text(encoding="utf-8")
            time.sleep(2)
    finally:
        _stop(dev)
    with DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        runs = instance.get_run_records()
    assert [r.dagster_run.tags.get("dagster/sensor_name") for r in runs] == [None]  # make run's own run only
    assert sorted((warehouse.parent / "reports").iterdir()) == reports
    assert [line for line in log.read_text(encoding="utf-8").splitlines() if "warning" in line.lower()] == []
