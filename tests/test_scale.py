"""Scale and concurrency: readers are never blocked, a crash never changes the result, old clients read the file."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance
from juesuan.pipeline import run_pipeline

from tests.conftest import REPO, build_warehouse, sample_path, warehouse_rows

JUESUAN = [sys.executable, "-m", "juesuan.cli"]


def _distinct_copies(folder: Path, count: int) -> None:
    """Real samples, each copy made distinct (its own content hash) by an appended note."""
    prefixes = ("000", "001", "002", "003", "004")
    for index in range(count):
        prefix = prefixes[index % len(prefixes)]
        text = sample_path(prefix).read_text(encoding="utf-8") + f"\n附注：副本 {index}。\n"
        (folder / f"{prefix}_copy_{index:03d}.txt").write_text(text, encoding="utf-8")


def _env(raw: Path, warehouse: Path, **extra) -> dict:
    env = {**os.environ, "JUESUAN_RAW_DIR": str(raw), "JUESUAN_WAREHOUSE": str(warehouse), **extra}
    env.pop("DAGSTER_HOME", None)
    return env


def test_an_open_reader_keeps_its_version_and_the_run_succeeds(dbt_manifest, warehouse_env):
    shutil.copy(sample_path("003"), warehouse_env)
    run_pipeline(DagsterInstance.ephemeral())
    warehouse = Path(os.environ["JUESUAN_WAREHOUSE"])
    # A reader in another process (a notebook, a BI tool) holds the published file open throughout.
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys\n"
            f"conn = duckdb.connect({str(warehouse)!r}, read_only=True)\n"
            "count = lambda: conn.execute('select count(*) from marts.dim_reports').fetchone()[0]\n"
            "print(count(), flush=True); sys.stdin.readline(); print(count(), flush=True)",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "1"
    shutil.copy(sample_path("004"), warehouse_env)

    run_pipeline(DagsterInstance.ephemeral())  # no lock error: the run never writes the published file

    out, _ = reader.communicate("\n", timeout=60)
    assert out.strip() == "1"  # the reader kept the version it opened
    with duckdb.connect(str(warehouse), read_only=True) as fresh:
        assert fresh.execute("select count(*) from marts.dim_reports").fetchone()[0] == 2  # new readers see the new one


def test_the_published_file_is_readable_by_duckdb_1_1(sample_warehouse):
    client = REPO / ".venv-duckdb-1.1" / "bin" / "python"
    if not client.exists():
        pytest.skip(f"no DuckDB 1.1 client at {client} (`make test` installs one)")
    out = subprocess.run(
        [
            str(client),
            "-c",
            "import duckdb, sys\n"
            f"conn = duckdb.connect({str(sample_warehouse)!r}, read_only=True)\n"
            "print(duckdb.__version__, conn.execute('select count(*) from raw.lines').fetchone()[0],"
            " conn.execute('select count(*) from marts.fct_reconciliation_checks').fetchone()[0])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0].startswith("1.1.") and int(out[1]) > 1000 and int(out[2]) > 100


def _written_since(path: Path, started: float) -> bool:
    """The run that started at `started` (time.time()) wrote this file: a killed run's leftover is older."""
    try:
        return path.stat().st_mtime >= started
    except FileNotFoundError:
        return False


def _build_seen_for(seconds: float):
    """True once this run's build file has existed for `seconds` (dbt is then well into the build)."""
    first_seen = []

    def condition(work: Path, started: float) -> bool:
        if not _written_since(work / ".juesuan.build.duckdb", started):
            return False
        first_seen.append(time.monotonic())
        return time.monotonic() - first_seen[0] > seconds

    return condition


# Where the runs are killed, in the order a run reaches them: each moment is recognised by what the run
# has written so far.
KILL_POINTS = {
    "inventory": lambda work, started: _written_since(work / "facts" / "source_files.parquet", started),
    "extraction": lambda work, started: (
        sum(_written_since(facts, started) for facts in (work / "facts").glob("*/documents/[0-9a-f]*.parquet")) >= 2
    ),
    "dbt": lambda work, started: _written_since(work / ".juesuan.build.duckdb", started),
    "dbt, later": _build_seen_for(5),
    "publish": lambda work, started: any(_written_since(page, started) for page in (work / "reports").glob("*.html")),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, dbt_manifest):
    """Eight distinct real reports and the warehouse a clean run builds from them."""
    root = tmp_path_factory.mktemp("crash")
    raw = root / "raw"
    raw.mkdir()
    _distinct_copies(raw, 8)
    build_warehouse(root).close()  # in this process: the clean result needs no process of its own to kill
    return raw, warehouse_rows(root / "juesuan.duckdb")


def test_kill_9_at_each_moment_then_a_plain_rerun_gives_the_clean_result(corpus, tmp_path):
    """A run killed at each moment in turn, each one the rerun of the run killed before it (so each must start
    from what the kill left, or it fails before its own moment), then a plain run: the clean warehouse."""
    raw, clean = corpus
    crashed = tmp_path / "juesuan.duckdb"
    for point, reached in KILL_POINTS.items():
        env = _env(raw, crashed, JUESUAN_WORKERS="1")
        if point == "dbt, later":
            # well into a `dbt build`: the in-process build of eight reports is over in a few seconds
            env["JUESUAN_IN_PROCESS_MAX_REPORTS"] = "0"
        started, log = time.time(), tmp_path / f"killed at {point}.log"
        with log.open("w") as terminal:
            run = subprocess.Popen(
                JUESUAN + ["run"], env=env, stdout=terminal, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 600
        while not reached(tmp_path, started):
            assert time.monotonic() < deadline and run.poll() is None, (
                f"the run never reached {point}:\n" + log.read_text(encoding="utf-8")[-3000:]
            )
            time.sleep(0.02)
        os.killpg(run.pid, signal.SIGKILL)  # the run and its workers, at once
        run.wait()

    subprocess.run(JUESUAN + ["run"], env=_env(raw, crashed, JUESUAN_WORKERS="1"), check=True, capture_output=True)
    assert warehouse_rows(crashed) == clean


def test_a_second_run_waits_for_the_first(dbt_manifest, warehouse_env):
    from juesuan.config import warehouse_path
    from juesuan.warehouse_build.publish import run_lock

    with run_lock(warehouse_path(), print):
        waiting = subprocess.Popen(
            JUESUAN + ["run"], env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        said = ""
        while "another juesuan run is building" not in said:  # it waits, and says why
            line = waiting.stderr.readline()
            assert line, "the second run ended without waiting"
            said += line
        assert waiting.poll() is None
    out, err = waiting.communicate(timeout=900)
    assert waiting.returncode == 0, err
