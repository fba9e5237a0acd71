"""A run writes only into the warehouse's folder (the warehouse, its facts store, reports, logs and
dbt's target) and DAGSTER_HOME: nothing into the repository, the input folder, $HOME or the
temporary folder. The temporary folder is pytest's, longer under pytest-xdist than a worker pool's Unix socket
may be: the run still extracts (extract/workers.py spawns its workers then)."""

import compileall
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, REPORT_PARAGRAPHS, T02_ROWS, sample_path
from tests.pdf_factory import report_pdf

# Not the project's: git's own files, pytest's cache (this test session's) and the virtual environments;
# and the checkout's default warehouse folder and DAGSTER_HOME, which a `make run` beside this test may write.
NOT_THE_PROJECTS = (".git", ".pytest_cache", ".venv", "warehouse", ".dagster_home")


def _snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
    """Every file under root (links not followed) with its modification time and size."""
    files = {}
    for folder, folders, names in os.walk(root):
        if skip and Path(folder) == root:
            folders[:] = [f for f in folders if not f.startswith(skip)]
        for name in names:
            path = Path(folder) / name
            stat = path.lstat()
            files[str(path.relative_to(root))] = (stat.st_mtime_ns, stat.st_size)
    return files


def _changes(before: dict, after: dict) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def test_a_run_writes_nothing_outside_the_warehouse_folder_and_dagster_home(dbt_manifest, tmp_path):
    raw, home, temp = tmp_path / "raw", tmp_path / "home", tmp_path / "tmp"
    for folder in (raw, home, temp):
        folder.mkdir()
    shutil.copy(sample_path("003"), raw)
    report_pdf(raw / "synthetic.pdf", REPORT_PARAGRAPHS, T02_ROWS)
    warehouse, dagster_home = tmp_path / "warehouse" / "juesuan.duckdb", tmp_path / "dagster_home"
    # Bytecode is install output: `make` compiles the package when it installs it (see the Makefile).
    compileall.compile_dir(REPO / "dagster_project", quiet=1)
    env = {name: value for name, value in os.environ.items() if not name.startswith(("JUESUAN_", "DBT_", "DAGSTER_"))}
    # JUESUAN_IN_PROCESS_MAX_REPORTS=0: `dbt build`, the path that writes the most (its target and logs); the
    # in-process path writes only its build file beside the warehouse (its compiled plan is made at install)
    env.update(
        JUESUAN_RAW_DIR=str(raw),
        JUESUAN_WAREHOUSE=str(warehouse),
        DAGSTER_HOME=str(dagster_home),
        HOME=str(home),
        TMPDIR=str(temp),
        JUESUAN_IN_PROCESS_MAX_REPORTS="0",
    )
    repository, inputs = _snapshot(REPO, NOT_THE_PROJECTS), _snapshot(raw)

    # No Makefile and no telemetry switches in the environment: `juesuan run` as a user types it.
    run = subprocess.run(
        [sys.executable, "-m", "juesuan.cli", "run"], cwd=tmp_path, env=env, capture_output=True, text=True
    )

    assert run.returncode == 0, run.stderr[-3000:]
    # `make dev` in another test process (tests/test_sensor.py) writes nothing into it either, the project parsed
    assert _changes(repository, _snapshot(REPO, NOT_THE_PROJECTS)) == []
    assert _changes(inputs, _snapshot(raw)) == []
    assert _snapshot(home) == {}  # no ~/.dbt, no ~/.dagster telemetry id
    assert _snapshot(temp) == {}
    assert (warehouse.parent / ".juesuan.dbt" / "run_results.json").exists()  # dbt's target is beside the warehouse
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dagster_home", "home", "raw", "tmp", "warehouse"]
