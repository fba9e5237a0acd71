"""The in-process build (warehouse_build/in_process.py) runs the dbt project's own compiled SQL: it must give the
warehouse `dbt build` gives, and `juesuan check` the findings that warehouse holds for the same report."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLES, SHARED_BUDGETS, SHARED_PDFS, warehouse_rows

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt")) + sorted(SHARED_PDFS.glob("*.pdf")) + sorted(SHARED_BUDGETS.glob("*.pdf"))
# Rules that pair a report with its organisation's other reports: a report checked alone has no partner.
PAIRING_CATEGORIES = ("cross_year", "cross_document")


def _build(root: Path, warehouse: str, max_in_process: str, instance=None) -> Path:
    """Every sample into root/<warehouse>/juesuan.duckdb, from one facts store shared by both builds."""
    from dagster import DagsterInstance
    from juesuan.pipeline import run_pipeline

    target = root / warehouse / "juesuan.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_RAW_DIR", str(root / "raw"))
        patch.setenv("JUESUAN_FACTS_DIR", str(root / "facts"))
        patch.setenv("JUESUAN_WAREHOUSE", str(target))
        patch.setenv("JUESUAN_IN_PROCESS_MAX_REPORTS", max_in_process)
        patch.delenv("DAGSTER_HOME", raising=False)
        run_pipeline(instance or DagsterInstance.ephemeral())
    return target


@pytest.fixture(scope="module")
def samples_root(tmp_path_factory) -> Path:
    """Every sample in one input folder; the builds below share its facts store (each sample extracted once)."""
    root = tmp_path_factory.mktemp("builds")
    (root / "raw").mkdir()
    for path in SAMPLE_FILES:
        shutil.copy(path, root / "raw")
    return root


@pytest.fixture(scope="module")
def in_process_warehouse(samples_root, dbt_manifest) -> Path:
    """The samples' warehouse as `juesuan run` builds it for so few reports: in process."""
    return _build(samples_root, "in_process", "1000")


@pytest.fixture(scope="module")
def dbt_warehouse(samples_root, in_process_warehouse) -> Path:
    """The same reports built by `dbt build` (about two minutes of the module's time on this machine)."""
    return _build(samples_root, "dbt", "0")


def _schema(warehouse: Path) -> list[tuple]:
    """Every table and view of the published file with its type and comment, and every column with its type and comment."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute("""
            select schema_name, table_name, null, 'table', comment from duckdb_tables()
            union all select schema_name, view_name, null, 'view', comment from duckdb_views() where not internal
            union all select schema_name, table_name, column_name, data_type, comment from duckdb_columns()
            order by all""").fetchall()


def test_in_process_build_gives_the_warehouse_dbt_builds(dbt_warehouse, in_process_warehouse):
    by_dbt, in_process = dbt_warehouse, in_process_warehouse
    dbt_rows, rows = warehouse_rows(by_dbt), warehouse_rows(in_process)
    assert sorted(rows) == sorted(dbt_rows)
    assert len(rows["marts.fct_reconciliation_checks"]) > 100 * len(SAMPLE_FILES) / 2
    for table in dbt_rows:
        assert rows[table] == dbt_rows[table], table
    assert _schema(in_process) == _schema(by_dbt)  # the descriptions dbt persists as comments, too


def _checks(conn: duckdb.DuckDBPyConnection, report_id: str, exclude: tuple[str, ...]) -> list[str]:
    columns = [
        name
        for (name,) in conn.execute(
            """select column_name from duckdb_columns() where schema_name = 'marts' and table_name = 'fct_reconciliation_checks'
           order by column_index"""
        ).fetchall()
    ]
    return sorted(
        map(
            repr,
            conn.execute(
                f"""select {", ".join(f'"{c}"' for c in columns)} from marts.fct_reconciliation_checks
            where report_id = ? and category not in (select unnest(?::varchar[]))""",
                [report_id, list(exclude)],
            ).fetchall(),
        )
    )


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda path: path.name[:3])
def test_check_gives_the_findings_the_warehouse_holds(in_process_warehouse, sample, tmp_path, monkeypatch):
    """Against the warehouse `juesuan run` builds (in process: test_in_process_build_gives_the_warehouse_dbt_builds
    holds it equal to `dbt build`'s)."""
    from juesuan.config import build_path
    from juesuan.one_file import check_input_folder

    (tmp_path / "raw").mkdir()
    shutil.copy(sample, tmp_path / "raw")
    monkeypatch.setenv("JUESUAN_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "check.duckdb"))
    monkeypatch.delenv("JUESUAN_FACTS_DIR", raising=False)
    text, landed = check_input_folder()
    assert landed and text.startswith(sample.name)
    with (
        duckdb.connect(str(in_process_warehouse), read_only=True) as warehouse,
        duckdb.connect(str(build_path()), read_only=True) as check,
    ):
        (report_id,) = check.execute("select report_id from marts.dim_reports").fetchone()
        (partners,) = warehouse.execute(
            """select count(*) from marts.dim_reports where report_id <> ? and organization_key =
               (select organization_key from marts.dim_reports where report_id = ?)""",
            [report_id, report_id],
        ).fetchone()
        # A report with others of its organisation in the warehouse is paired with them there, never in a check.
        exclude = PAIRING_CATEGORIES if partners else ()
        expected = _checks(warehouse, report_id, exclude)
        assert expected, "the warehouse holds findings for this report"
        assert _checks(check, report_id, exclude) == expected


def test_a_rejected_file_answers_once_without_a_build(tmp_path, monkeypatch, capsys):
    from juesuan.cli import main

    one_line = tmp_path / "one_line.txt"
    one_line.write_text("附注：一行文字。\n", encoding="utf-8")
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "untouched.duckdb"))
    assert main(["check", str(one_line)]) == 1
    captured = capsys.readouterr()
    reason = "not a budget disclosure: the text never mentions 决算 or 预算"
    assert captured.out.count(reason) == 1 and reason not in captured.err
    assert not (tmp_path / "untouched.duckdb").exists()


def test_a_failing_error_test_stops_the_build(tmp_path, monkeypatch):
    """dbt's data tests gate the in-process build as they gate `dbt build`: a report landed twice under one id
    fails `unique` on raw.documents, and the build stops there, before the marts."""
    from juesuan.config import build_path, warehouse_path
    from juesuan.extract.workers import extract_into_store
    from juesuan.facts.inventory import facts_store, take_inventory
    from juesuan.warehouse_build.in_process import BuildFailed, run_compiled
    from juesuan.warehouse_build.incremental import prepare_build, stage_chunk

    (tmp_path / "raw").mkdir()
    shutil.copy(SAMPLES / "004_7253a26da12f1913.txt", tmp_path / "raw")
    monkeypatch.setenv("JUESUAN_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "w.duckdb"))
    store = facts_store()
    (report,) = take_inventory(store)[0]
    extract_into_store(report, store.root, store.version)
    plan = prepare_build(store, warehouse_path(), build_path(), full_build=True)
    stage_chunk(store, build_path(), plan, 0)
    with duckdb.connect(str(plan.facts_db)) as facts:
        facts.execute("insert into documents select * from documents")
    results = []
    with pytest.raises(BuildFailed, match="unique_stg_raw__documents_report_id"):
        run_compiled(build_path(), plan.facts_db, "1GB", on_result=results.append)
    assert results[-1].status == "fail" and results[-1].failures == 1
    assert all(result.status in ("success", "pass") for result in results[:-1])
    with duckdb.connect(str(build_path()), read_only=True) as build:
        assert not build.execute(
            "select count(*) from duckdb_tables() where schema_name = 'marts' "
            "and table_name = 'fct_reconciliation_checks'"
        ).fetchone()[0]


ORCHESTRATION = ("dagster", "dagster_dbt", "dbt", "great_expectations", "streamlit")


def _check_in_a_fresh_interpreter(file: Path, tmp_path: Path, modules: tuple[str, ...]) -> str:
    """`juesuan check FILE`'s exit code and which of modules it imported, as '<code> [<modules>]'."""
    import os
    import subprocess
    import sys

    probe = (
        "import sys\nfrom juesuan.cli import main\ncode = main(['check', sys.argv[1]])\n"
        f"print(code, sorted(m for m in {modules!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(file)],
        capture_output=True,
        text=True,
        env={**os.environ, "JUESUAN_WAREHOUSE": str(tmp_path / "untouched.duckdb")},
    )
    return result.stdout.splitlines()[-1] if result.stdout else result.stderr[-2000:]


def test_a_check_imports_neither_dagster_nor_dbt_nor_great_expectations(tmp_path):
    from tests.conftest import sample_path

    assert _check_in_a_fresh_interpreter(sample_path("004"), tmp_path, ORCHESTRATION) == "0 []"


def test_a_rejected_file_is_answered_before_anything_that_builds_is_imported(tmp_path):
    """The start-up is most of a rejected file's answer: pyarrow (which imports pandas), DuckDB and pdfplumber
    cost about 0.6 s of CPU, and a file that has no findings to build needs none of them."""
    one_line = tmp_path / "one_line.txt"
    one_line.write_text("附注：一行文字。\n", encoding="utf-8")
    builders = ("pyarrow", "pandas", "duckdb", "pdfplumber")
    assert _check_in_a_fresh_interpreter(one_line, tmp_path, ORCHESTRATION + builders) == "1 []"


def test_an_incremental_build_in_process_gives_the_warehouse_a_full_build_gives(samples_root, in_process_warehouse):
    """Last in the module: it changes the input folder the warehouses above were built from.

    A report's file changed (its last line gone) and a budget removed whose organisation has two more reports: the
    incremental build by the compiled SQL's incremental form (its scope's rows deleted and inserted again, its tests
    on the scope) gives the warehouse a full build of the new folder gives. With test_in_process_build_gives_the_
    warehouse_dbt_builds and test_incremental_build's dbt builds, the three ways of building agree."""
    from dagster import DagsterInstance

    raw = samples_root / "raw"
    removed = raw / "24_chongqing_swu_university_2021_budget.pdf"
    if not removed.exists():
        pytest.skip(f"the shared budget samples are absent ({SHARED_BUDGETS})")
    changed = raw / "004_7253a26da12f1913.txt"
    changed.write_text("".join(changed.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    removed.unlink()
    instance = DagsterInstance.ephemeral()
    incremental = _build(samples_root, "in_process", "1000", instance)
    (run,) = instance.get_runs()
    messages = [entry.user_message for entry in instance.all_logs(run.run_id)]
    assert any(re.search(r"run in process: \d+ reports, incrementally", message) for message in messages), messages
    full = _build(samples_root, "full", "1000")
    assert warehouse_rows(incremental) == warehouse_rows(full)
    assert _schema(incremental) == _schema(full)
