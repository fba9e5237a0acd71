"""dbt's own tests without a pipeline run: the unit tests (`unit_tests:` in dbt_project/models, each rule model on a
few rows from the samples) and the data tests that must catch what they guard. Every model is built with no rows
(`dbt run --empty`) over an empty facts file, since a unit test reads its inputs' column types from the database."""

import os
from pathlib import Path

import duckdb
import pytest
from juesuan.config import DBT_PROJECT_DIR
from juesuan.warehouse_build.in_process import COMPILE_DATABASE, compiled_project
from juesuan.warehouse_build.sql_text import sql_string


class Dbt:
    """dbt in this process, on the project `juesuan prepare` parsed (a parse of its own takes tens of seconds)."""

    def __init__(self, root: Path):
        from dbt.cli.main import dbtRunner
        from dbt.contracts.graph.manifest import Manifest, WritableManifest
        from juesuan.defs.dbt_project import dbt_project

        self.manifest = Manifest.from_writable_manifest(
            WritableManifest.read_and_check_versions(str(dbt_project.manifest_path))
        )
        self._args = [
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(root / "target"),
            "--log-path",
            str(root / "logs"),
            "--quiet",
        ]
        self._runner = dbtRunner(manifest=self.manifest)

    def database(self) -> str:
        """The catalog name the parsed project gives every relation (the build file's name when it was parsed)."""
        return next(iter(self.manifest.nodes.values())).database

    def __call__(self, *command: str):
        result = self._runner.invoke([*command, *self._args])
        if result.exception:
            raise result.exception
        return result


@pytest.fixture(scope="module")
def dbt(tmp_path_factory, dbt_manifest) -> Dbt:
    """The seeds and every model, with no rows, built from an empty facts file by the project's compiled SQL
    (warehouse_build/in_process.py: seconds, where `dbt run --empty` takes tens of them)."""
    from juesuan.facts.inventory import empty_store
    from juesuan.warehouse_build.facts_db import load_facts
    from juesuan.warehouse_build.in_process import run_compiled

    root = tmp_path_factory.mktemp("dbt_unit")
    runner = Dbt(root)
    build = root / f"{runner.database()}.duckdb"
    with pytest.MonkeyPatch.context() as env:
        env.delenv("DAGSTER_HOME", raising=False)
        # every facts table, with its columns and no rows
        load_facts(empty_store(str(root / "facts_store")), root / "facts.duckdb", [])
        run_compiled(build, root / "facts.duckdb", "1GB")
        env.setenv("JUESUAN_BUILD_FILE", str(build))
        env.setenv("JUESUAN_FACTS_DB", str(root / "facts.duckdb"))
        yield runner


def test_a_rule_id_missing_from_the_registry_fails_the_relationships_test(dbt):
    """The findings mart left-joins the rule registry, so a mistyped rule id keeps its row (the unit test
    findings_keep_a_rule_id_missing_from_the_registry) and dbt's relationships test from rule_id to the registry,
    as a build runs it (its compiled SQL), finds it; with the inner join it had, the row vanished unseen.
    Before the unit tests: dbt keeps the build file open in this process once it has run."""
    step = next(
        step
        for step in compiled_project().steps()
        if step["unique_id"].startswith("test.juesuan.relationships_fct_reconciliation_checks_rule_id__")
    )
    with duckdb.connect() as conn:
        conn.execute(f"attach {sql_string(os.environ['JUESUAN_BUILD_FILE'])} as {COMPILE_DATABASE}")
        conn.execute(f"use {COMPILE_DATABASE}")
        assert conn.execute(f"select count(*) from ({step['sql']})").fetchone() == (0,)
        conn.execute("""insert into marts.fct_reconciliation_checks (check_id, report_id, rule_id, subject, status)
                        values ('c1', 'r1', 'TA_ROW_BASIC_PROJEKT', 'T03 2010301', 'fail')""")
        try:
            assert conn.execute(f"select * from ({step['sql']})").fetchall() == [("TA_ROW_BASIC_PROJEKT",)]
        finally:
            conn.execute("delete from marts.fct_reconciliation_checks")


def test_every_unit_test_passes(dbt):
    """Each unit test of the project ran (none skipped or left unselected) and passed; a failure names the
    test and dbt's diff of the expected and actual rows."""
    result = dbt("test", "--select", "test_type:unit")
    ran = {r.node.name: (str(r.status), r.message) for r in result.result.results}
    assert set(ran) == {test.name for test in dbt.manifest.unit_tests.values()}
    assert {name: outcome for name, outcome in ran.items() if outcome[0] != "pass"} == {}
