"""The facts file a build reads: exactly the asked reports' rows of every facts table, loaded a few files at a
time, with the tables no report has rows in still there with their columns."""

import shutil

import duckdb
import pytest
from juesuan.extract.report import extract_report
from juesuan.facts.inventory import facts_store, take_inventory
from juesuan.facts.tables import FACT_TABLES
from juesuan.landing.discovery import discover_report_files
from juesuan.warehouse_build import facts_db
from juesuan.warehouse_build.facts_db import INVENTORY_TABLE, load_facts

from tests.conftest import sample_path


@pytest.fixture
def store(warehouse_env):
    """The facts store of three real sample reports, extracted in this process."""
    for prefix in ("001", "003", "004"):
        shutil.copy(sample_path(prefix), warehouse_env)
    store = facts_store()
    take_inventory(store)
    for report_file in discover_report_files(warehouse_env):
        store.write_report(report_file.report_id, extract_report(report_file, store.version).tables)
    return store


def _rows(conn: duckdb.DuckDBPyConnection, sql: str, parameters=None) -> list[tuple]:
    return sorted(conn.execute(sql, parameters).fetchall(), key=repr)


def test_the_facts_file_holds_the_asked_reports_loaded_a_file_at_a_time(store, tmp_path, monkeypatch):
    monkeypatch.setattr(facts_db, "BATCH_FILES", 1)
    reports = sorted(store.complete_reports())
    assert len(reports) == 3
    asked = set(reports[:2])
    path = tmp_path / "facts.duckdb"
    load_facts(store, path, asked)

    with duckdb.connect(str(path), read_only=True) as conn:
        for table in FACT_TABLES:
            files = store.report_files(table, asked)
            expected = _rows(conn, "select * from read_parquet(?, file_row_number = true)", [files]) if files else []
            assert _rows(conn, f"select * from {table}") == expected, table
        assert {r for (r,) in conn.execute("select distinct report_id from lines").fetchall()} == asked
        # text reports have no PDF cells: the table is there, empty, with the store's columns
        assert conn.execute("select count(*) from table_cells").fetchone()[0] == 0
        columns = [
            name
            for (name,) in conn.execute(
                "select column_name from duckdb_columns() where table_name = 'table_cells'"
            ).fetchall()
        ]
        assert columns == FACT_TABLES["table_cells"].schema.names + ["file_row_number"]
        assert conn.execute(f"select count(*) from {INVENTORY_TABLE}").fetchone()[0] == 3


def test_loading_again_replaces_the_file(store, tmp_path):
    path = tmp_path / "facts.duckdb"
    load_facts(store, path, store.complete_reports())
    only = sorted(store.complete_reports())[:1]
    load_facts(store, path, only)
    with duckdb.connect(str(path), read_only=True) as conn:
        assert conn.execute("select list(distinct report_id) from documents").fetchone()[0] == only
