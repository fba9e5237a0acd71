"""One orchestration path: `juesuan run` launches the sensor's refresh job, a tick with nothing changed
launches nothing, a launch with nothing changed keeps the warehouse, and the Dagster checks describe the
published warehouse, not only the reports a run rebuilt."""

import logging
import os
import re
import shutil
import subprocess
import sys

import duckdb
from dagster import AssetCheckSeverity, AssetKey, DagsterInstance, build_sensor_context
from juesuan.config import warehouse_path
from juesuan.defs.reconciliation import CATEGORIES
from juesuan.defs.sensor import input_folder_sensor
from juesuan.pipeline import run_pipeline

from tests.conftest import REPO, query, sample_path


def _tick(instance, cursor=None):
    result = input_folder_sensor(build_sensor_context(instance=instance, cursor=cursor))
    return result.run_requests or [], result.cursor


def test_a_sensor_tick_after_run_launches_nothing_until_a_file_changes(dbt_manifest, warehouse_env):
    instance = DagsterInstance.ephemeral()
    shutil.copy(sample_path("003"), warehouse_env)
    run_pipeline(instance)

    requests, cursor = _tick(instance)  # the first tick of `make dev`: no cursor yet
    assert requests == []
    assert _tick(instance, cursor)[0] == []

    shutil.copy(sample_path("004"), warehouse_env)
    requests, _ = _tick(instance, cursor)
    assert [r.job_name or "refresh_job" for r in requests] == ["refresh_job"]
    assert run_pipeline(instance).built  # `juesuan run` launches the refresh too, with the same answer


def test_a_launch_with_nothing_changed_builds_nothing_and_keeps_the_warehouse(dbt_manifest, warehouse_env, caplog):
    instance = DagsterInstance.ephemeral()
    report = shutil.copy(sample_path("003"), warehouse_env)
    assert run_pipeline(instance).built
    (built_at,) = query("select built_at from main.juesuan_build")[0]
    reports = sorted((warehouse_path().parent / "reports").iterdir())

    assert not run_pipeline(instance).built  # nothing changed: no run launched
    os.utime(report)  # touched, same content: the sensor's cheap fingerprint differs, so the job is launched
    with caplog.at_level(logging.WARNING):
        result = run_pipeline(instance)
    # a run that skips its steps logs no warning (a blocking check would: "emitted no result", per check and step)
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert not result.built and result.check_evaluations == []  # the build asset yielded nothing
    assert query("select built_at from main.juesuan_build") == [(built_at,)]
    assert sorted((warehouse_path().parent / "reports").iterdir()) == reports  # no second identical report


def _published_counts() -> dict[str, tuple[int, int]]:
    return {
        category: (checks, failing)
        for category, checks, failing in query(
            """select category, count(*), count(*) filter (where status = 'fail')
           from marts.fct_reconciliation_checks group by 1"""
        )
    }


def test_after_a_one_report_refresh_the_checks_describe_the_published_warehouse(dbt_manifest, warehouse_env):
    instance = DagsterInstance.ephemeral()
    for prefix in ("003", "004"):
        shutil.copy(sample_path(prefix), warehouse_env)
    run_pipeline(instance)
    shutil.copy(sample_path("001"), warehouse_env)  # an incremental build, in process
    result = run_pipeline(instance)

    published = _published_counts()
    findings = {
        e.check_name.removeprefix("reconciliation_"): e
        for e in result.check_evaluations
        if e.check_name.removeprefix("reconciliation_") in CATEGORIES
    }
    assert set(findings) == set(CATEGORIES)
    for category, evaluation in findings.items():
        checks, failing = published.get(category, (0, 0))
        assert evaluation.metadata["checks"].value == checks, category
        assert evaluation.metadata["failing"].value == failing, category
        assert evaluation.passed == (failing == 0), category  # never green while the warehouse holds a failure
        assert evaluation.severity == AssetCheckSeverity.WARN  # a finding is data, not a pipeline failure
        assert "1 reports this run rebuilt, of 3" in evaluation.metadata["scope"].value
    # the rebuilt report alone holds fewer failures than the warehouse: a scope-only check would have hidden them
    validated = sum(e.metadata["validated_failing"].value for e in findings.values())
    assert validated < sum(failing for _, failing in published.values())
    # each model's materialisation describes its table as published: its columns, their descriptions, its rows
    metadata = instance.get_latest_materialization_event(
        AssetKey(["marts", "dim_reports"])
    ).asset_materialization.metadata
    columns = {column.name: column for column in metadata["dagster/column_schema"].schema.columns}
    assert columns["report_id"].type == "VARCHAR" and columns["report_id"].description
    assert metadata["dagster/row_count"].value == 3


def test_run_check_and_export_print_no_warning(dbt_manifest, tmp_path):
    """What a user's terminal shows (standard error): no Dagster or library warning, also when nothing changed."""
    (tmp_path / "raw").mkdir()
    for prefix in ("003", "004"):
        shutil.copy(sample_path(prefix), tmp_path / "raw")
    env = {
        **os.environ,
        "JUESUAN_RAW_DIR": str(tmp_path / "raw"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "JUESUAN_WAREHOUSE": str(tmp_path / "warehouse" / "juesuan.duckdb"),
    }
    juesuan = [sys.executable, "-m", "juesuan.cli"]
    commands = [
        ["run"],
        ["run"],
        ["check", str(sample_path("004"))],
        ["export", "--format", "csv", "--out", str(tmp_path / "export")],
    ]
    printed = []
    for command in commands:
        done = subprocess.run(juesuan + command, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr
        assert "warning" not in done.stderr.lower(), (command, done.stderr)
        printed.append(done.stdout)
    assert "nothing changed" in printed[1]
    with duckdb.connect(str(tmp_path / "warehouse" / "juesuan.duckdb"), read_only=True) as conn:
        assert conn.execute("select count(*) from marts.dim_reports").fetchone()[0] == 2


def test_no_check_gates_by_blocking():
    """A skipped build leaves every check without a result: Dagster warns for each blocking one. Failing dbt
    tests fail the build asset, so nothing is published; the category checks are findings (WARN)."""
    from juesuan.definitions import defs

    specs = [
        spec for assets_def in defs.assets if hasattr(assets_def, "check_specs") for spec in assets_def.check_specs
    ]
    assert {spec.name for spec in specs} >= {
        "reconciliation_table_arithmetic",
        "unique_fct_reconciliation_checks_check_id",
    }
    assert [spec.name for spec in specs if spec.blocking] == []


def test_the_package_uses_public_dagster_api_only():
    """No private `dagster._…` module (it changes without notice) and no `execute_in_process` (runs go through
    the instance, so `make dev` lists them)."""
    package = REPO / "dagster_project" / "juesuan"
    found = [
        f"{path.relative_to(REPO)}: {line.strip()}"
        for path in package.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\b(from|import) dagster\w*\._|execute_in_process", line)
    ]
    assert found == []


def test_the_report_step_gives_every_category_of_the_seed_its_result(sample_warehouse, tmp_path, monkeypatch):
    """The reconciliation checks are evaluated in the findings report's step, before the publish by the asset
    graph: one result per category of the registry seed, each with its Data Docs, and the report written."""
    from dagster import materialize
    from juesuan.config import build_path
    from juesuan.defs import reconciliation
    from juesuan.defs.warehouse_lock import WarehouseLock
    from juesuan.expectations.suites import rule_categories

    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "juesuan.duckdb"))
    shutil.copyfile(sample_warehouse, build_path())
    done = materialize([reconciliation.findings_report], resources={"warehouse_lock": WarehouseLock()})
    evaluations = {e.check_name: e for e in done.get_asset_check_evaluations()}
    assert set(evaluations) == {f"reconciliation_{category}" for category in rule_categories()}
    assert all(e.metadata["data_docs"].value for e in evaluations.values())
    assert len(list((tmp_path / "reports").glob("*.html"))) == 2  # the run's and the latest copy
