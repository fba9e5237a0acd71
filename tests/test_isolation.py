"""One report never stops the warehouse (docs/isolation.md), end to end with `juesuan run`:
- every run-stopping path (a name that is not UTF-8, symlink loops, a path past PATH_MAX, a named pipe) and a
  report printing a table title twice, beside good reports: exit 0, the good reports' marts as in a clean run,
  each bad path listed with its reason, and unique check ids;
- a report whose facts fail an integrity test is quarantined, listed loudly, and the rest publish;
- a folder with no report (empty, or only .docx/.xlsx) leaves the published warehouse as it was and says why.
"""

import hashlib
import io
import os
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from juesuan.cli import main
from juesuan.config import facts_root
from juesuan.versions import extraction_version

from tests.conftest import sample_path
from tests.hostile_paths import DUPLICATE_TITLE, duplicate_title_report, write_hostile_paths
from tests.test_bad_inputs import _marts_of, _query

GOOD = ("003", "004")


def _run(raw: Path, warehouse: Path, *args: str, facts: Path | None = None) -> tuple[int, str]:
    """`juesuan run` on a folder: its exit code and what it printed."""
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as env, redirect_stdout(printed):
        env.setenv("JUESUAN_RAW_DIR", str(raw))
        env.setenv("JUESUAN_WAREHOUSE", str(warehouse))
        if facts:
            env.setenv("JUESUAN_FACTS_DIR", str(facts))
        else:
            env.delenv("JUESUAN_FACTS_DIR", raising=False)
        env.delenv("DAGSTER_HOME", raising=False)
        code = main(["run", *args])
    return code, printed.getvalue()


def _good_folder(path: Path) -> Path:
    path.mkdir(parents=True)
    for prefix in GOOD:
        shutil.copy(sample_path(prefix), path / sample_path(prefix).name)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, dbt_manifest) -> dict[str, tuple[int, str, Path, list]]:
    """A clean run of the good reports, and a run of the same beside every hostile path and the report
    that prints a table title twice."""
    tmp = tmp_path_factory.mktemp("isolation")
    outputs = {}
    for name in ("clean", "hostile"):
        raw = _good_folder(tmp / name / "raw")
        expected = []
        if name == "hostile":
            expected = write_hostile_paths(raw)
            (raw / DUPLICATE_TITLE).write_bytes(duplicate_title_report())
        warehouse = tmp / name / "warehouse" / "juesuan.duckdb"
        code, out = _run(raw, warehouse)
        outputs[name] = (code, out, warehouse, expected)
    return outputs


def test_hostile_paths_beside_good_reports(runs):
    clean_code, _, clean, _ = runs["clean"]
    code, out, hostile, expected = runs["hostile"]
    assert clean_code == 0 and code == 0, out
    for case in expected:
        rows = _query(
            hostile, "select status, reject_reason from raw.documents where source_file = $f", {"f": case.source_file}
        )
        assert len(rows) == 1, (case.name, rows)
        status, reason = rows[0]
        assert status == case.status, (case.name, reason)
        assert (reason is None) if case.reason is None else re.search(case.reason, reason), (case.name, reason)
        if case.reason:
            assert case.source_file.split("/")[-1][:20] in out  # listed in the summary
    good_ids = [r for (r,) in _query(clean, "select report_id from raw.documents where status = 'landed' order by 1")]
    assert len(good_ids) == len(GOOD)
    assert _marts_of(hostile, good_ids) == _marts_of(clean, good_ids)


def test_a_table_title_printed_twice_publishes_with_unique_check_ids(runs):
    _, _, hostile, _ = runs["hostile"]
    rows = _query(
        hostile,
        """select c.subject, c.status from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id)
                              where d.source_file = $f and c.rule_id = 'CO_TABLE_HAS_DATA' and c.subject like 'T07%' order by 1""",
        {"f": DUPLICATE_TITLE},
    )
    assert [subject for subject, _ in rows] == ["T07 (title on line 375)", "T07 (title on line 393)"]
    assert _query(hostile, "select count(*) = count(distinct check_id) from marts.fct_reconciliation_checks") == [
        (True,)
    ]


def test_a_report_failing_an_integrity_test_is_quarantined_and_the_rest_publish(runs, tmp_path):
    """A parser bug is simulated: one report's metrics get a unit outside the contract's set."""
    _, _, hostile, _ = runs["hostile"]
    (bad_id,) = _query(
        hostile, "select report_id from raw.documents where source_file = $f", {"f": sample_path("004").name}
    )[0]
    others = [
        r
        for (r,) in _query(
            hostile, "select report_id from marts.dim_reports where report_id <> $r order by 1", {"r": bad_id}
        )
    ]
    store = Path(_facts_root_of(hostile)) / extraction_version()
    metrics = store / "metrics" / f"{bad_id}.parquet"
    table = pq.read_table(metrics)
    pq.write_table(
        table.set_column(table.schema.get_field_index("unit"), "unit", pa.array(["亿元"] * table.num_rows)), metrics
    )
    warehouse = tmp_path / "juesuan.duckdb"  # no published build: every report is built again from the facts
    code, out = _run(hostile.parents[1] / "raw", warehouse, facts=store.parent)
    assert code == 0, out
    status, reason = _query(
        warehouse, "select status, reject_reason from raw.documents where report_id = $r", {"r": bad_id}
    )[0]
    assert status == "quarantined"
    assert re.match(
        r"^quarantined: its facts fail the warehouse's integrity tests? .*accepted_values_\w*unit", reason
    ), reason
    assert f"QUARANTINED {sample_path('004').name}: quarantined" in out
    assert _query(warehouse, "select count(*) from marts.fct_report_metrics where report_id = $r", {"r": bad_id}) == [
        (0,)
    ]
    assert _query(warehouse, "select count(*) from raw.lines where report_id = $r", {"r": bad_id}) == [(0,)]
    assert _marts_of(warehouse, others) == _marts_of(hostile, others)


def _facts_root_of(warehouse: Path) -> str:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUESUAN_WAREHOUSE", str(warehouse))
        env.delenv("JUESUAN_FACTS_DIR", raising=False)
        return facts_root()


@pytest.mark.parametrize("contents", [(), ("预算说明.docx", "决算表.xlsx", "附表.xlsx")], ids=["empty", "docx_xlsx"])
def test_a_folder_with_no_report_leaves_the_published_warehouse_as_it_was(runs, tmp_path, contents):
    _, _, clean, _ = runs["clean"]
    warehouse = tmp_path / "warehouse" / "juesuan.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(clean, warehouse)
    before = _digest(warehouse)
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in contents:
        (raw / name).write_bytes(b"PK\x03\x04")
    code, out = _run(raw, warehouse)
    assert code == 0
    assert _digest(warehouse) == before
    assert f"none found in {raw}" in out and "was left as it was" in out and "--allow-empty" in out
    if contents:
        assert "3 files that are not reports (.txt, .md, .pdf): 2 .xlsx, 1 .docx" in out
        assert all(f"ignored {name}" in out for name in contents)
    else:  # emptying it on purpose (a whole run: once, not for every kind of empty folder)
        code, out = _run(raw, warehouse, "--allow-empty")
        assert code == 0
        assert _query(warehouse, "select count(*) from raw.documents") == [(0,)]


def test_a_full_disk_stops_in_one_line_removes_the_run_files_and_keeps_the_published_warehouse(
    runs, tmp_path, monkeypatch, capfd
):
    """ENOSPC injected where the build loads its facts file (measured on a full tmpfs: docs/isolation.md)."""
    import errno

    import juesuan.warehouse_build.incremental as incremental

    _, _, clean, _ = runs["clean"]
    warehouse = tmp_path / "warehouse" / "juesuan.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(clean, warehouse)
    before = _digest(warehouse)

    def disk_full(store, path, report_ids):
        path.write_bytes(b"half a facts file")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(incremental, "load_facts", disk_full)
    raw = _good_folder(tmp_path / "raw")
    capfd.readouterr()
    code, _ = _run(raw, warehouse)
    err = capfd.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip() and "Warning" not in line and "return fn(" not in line]
    assert lines == [
        f"juesuan: no space left on the device holding {warehouse.parent / '.juesuan.build.facts.duckdb'}; the run "
        f"stopped and removed its temporary files, and the published warehouse {warehouse} is unchanged"
    ]
    assert _digest(warehouse) == before
    assert not [p.name for p in warehouse.parent.iterdir() if ".build" in p.name]
    assert not list(warehouse.parent.rglob("*.tmp"))


def test_a_killed_run_takes_its_dbt_build_with_it(tmp_path):
    """kill -9 of the run's process alone (not its group): the dbt child dies with it."""
    import signal
    import subprocess
    import sys
    import time

    raw = _good_folder(tmp_path / "raw")
    # JUESUAN_IN_PROCESS_MAX_REPORTS=0: the build by `dbt build` (a small build otherwise runs in the run's process)
    env = {
        **os.environ,
        "JUESUAN_RAW_DIR": str(raw),
        "JUESUAN_WAREHOUSE": str(tmp_path / "wh" / "juesuan.duckdb"),
        "JUESUAN_IN_PROCESS_MAX_REPORTS": "0",
    }
    env.pop("DAGSTER_HOME", None)
    run = subprocess.Popen(
        [sys.executable, "-m", "juesuan.cli", "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        dbt = _wait_for_child(run.pid, "juesuan-dbt", seconds=300)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        for _ in range(100):
            if not _alive(dbt):
                break
            time.sleep(0.1)
        assert not _alive(dbt)
    finally:
        run.kill()


def _wait_for_child(parent: int, name: str, seconds: float) -> int:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if f"\nPPid:\t{parent}\n" in status and name.encode() in command:
                return int(entry.name)
        time.sleep(0.2)
    raise AssertionError(f"no {name} child appeared in {seconds} s")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
