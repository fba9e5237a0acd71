"""Incremental builds: a report added or removed rebuilds its organisation's reports only, and the
warehouse equals a full build of the same folder."""

import shutil
from pathlib import Path

import duckdb
import pytest
from juesuan.defs.inventory import facts_store
from juesuan.warehouse_build import incremental
from juesuan.warehouse_build.facts_db import facts_db_path
from juesuan.warehouse_build.incremental import SCOPE_TABLE, STAGING_SCHEMA, prepare_build

from tests.conftest import build_warehouse, sample_path, warehouse_rows

# 000 is 武汉市洪山区人民政府办公室's 2023 final account and 003 its 2021 one; the 2022 report made from
# 003 (every 2021 read as 2022) sits between them, so the cross-year rules pair it with both.
BASE = ("000", "001", "002", "003", "004")


def _folder(root: Path, prefixes, with_2022: bool) -> Path:
    raw = root / "raw"
    raw.mkdir(parents=True)
    for prefix in prefixes:
        shutil.copy(sample_path(prefix), raw)
    if with_2022:
        (raw / "hongshan_2022.txt").write_text(
            sample_path("003").read_text(encoding="utf-8").replace("2021", "2022"), encoding="utf-8"
        )
    return raw


def _plans(monkeypatch) -> list:
    """The build plans the dbt asset makes, in order."""
    from juesuan.defs import dbt as dbt_defs  # loads the manifest: after the dbt_manifest fixture

    plans = []

    def recording(*args, **kwargs):
        plan = prepare_build(*args, **kwargs)
        plans.append(plan)
        return plan

    monkeypatch.setattr(dbt_defs, "prepare_build", recording)
    return plans


def _report_ids(warehouse: Path, names: set[str]) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            r
            for (r,) in conn.execute(
                "select report_id from raw.documents where parse_filename(source_file) in (select unnest(?))",
                [sorted(names)],
            ).fetchall()
        }


@pytest.fixture(scope="module")
def full_build(tmp_path_factory, dbt_manifest):
    """Every row of a full build of a folder of these samples: built once per folder for the module (two tests
    compare their incremental and chunked builds with the same six reports built whole)."""
    built = {}

    def rows(prefixes, with_2022: bool) -> dict:
        key = (tuple(prefixes), with_2022)
        if key not in built:
            root = tmp_path_factory.mktemp("full")
            _folder(root, prefixes, with_2022)
            with pytest.MonkeyPatch.context() as patch:  # built whole in process, as make run builds so few
                patch.delenv("JUESUAN_IN_PROCESS_MAX_REPORTS", raising=False)
                build_warehouse(root).close()
            built[key] = warehouse_rows(root / "juesuan.duckdb")
        return built[key]

    return rows


def test_added_and_removed_reports_rebuild_their_organisation_and_match_a_full_build(full_build, tmp_path, monkeypatch):
    plans = _plans(monkeypatch)
    root = tmp_path / "incremental"
    raw = _folder(root, BASE, with_2022=False)
    build_warehouse(root).close()
    assert not plans[-1].incremental and "few enough to rebuild whole" in plans[-1].reason
    # Past JUESUAN_IN_PROCESS_MAX_REPORTS reports a folder's builds are incremental: 0 makes these six so many.
    monkeypatch.setenv("JUESUAN_IN_PROCESS_MAX_REPORTS", "0")

    (raw / "hongshan_2022.txt").write_text(
        sample_path("003").read_text(encoding="utf-8").replace("2021", "2022"), encoding="utf-8"
    )
    build_warehouse(root).close()
    warehouse = root / "juesuan.duckdb"
    hongshan = {"hongshan_2022.txt", sample_path("000").name, sample_path("003").name}
    assert plans[-1].scope == _report_ids(warehouse, hongshan), plans[-1].reason
    assert warehouse_rows(warehouse) == full_build(BASE, with_2022=True)
    # The warehouse's first `dbt build` parsed partially, from `juesuan prepare`'s parse (juesuan-dbt runs dbt
    # with the profile that parse was made with): a full parse costs twice the CPU.
    dbt_log = (root / ".juesuan.dbt" / "dbt.log").read_text(encoding="utf-8")
    assert '"PartialParsingEnabled"' in dbt_log and '"UnableToPartialParse"' not in dbt_log

    # What an incremental build leaves: no scope table, no staging views over the deleted facts file.
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert (
            conn.execute(
                "select count(*) from duckdb_tables() where table_name = ?", [SCOPE_TABLE.split(".")[1]]
            ).fetchone()[0]
            == 0
        )
        assert (
            conn.execute("select count(*) from duckdb_views() where schema_name = ?", [STAGING_SCHEMA]).fetchone()[0]
            == 0
        )
    assert not facts_db_path(root / ".juesuan.build.duckdb").exists()

    removed = _report_ids(warehouse, {sample_path("002").name})
    (raw / sample_path("002").name).unlink()
    build_warehouse(root).close()
    assert plans[-1].scope == removed  # 002's organisation has no other report
    assert warehouse_rows(warehouse) == full_build(("000", "001", "003", "004"), with_2022=True)


def test_a_warehouse_built_by_other_code_is_rebuilt_whole(dbt_manifest, tmp_path, monkeypatch):
    raw = _folder(tmp_path, ("001",), with_2022=False)
    build_warehouse(tmp_path).close()
    monkeypatch.setenv("JUESUAN_RAW_DIR", str(raw))
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "juesuan.duckdb"))
    published, build = tmp_path / "juesuan.duckdb", tmp_path / ".juesuan.build.duckdb"
    store = facts_store()
    assert prepare_build(store, published, build).incremental
    # a folder that small is rebuilt whole when full builds of that size run in process
    few = prepare_build(store, published, build, whole_up_to=1)
    assert not few.incremental and "1 reports, few enough to rebuild whole" in few.reason

    monkeypatch.setattr(incremental, "dbt_project_version", lambda: "another dbt project")
    plan = prepare_build(store, published, build)
    assert not plan.incremental and "other code" in plan.reason
    monkeypatch.undo()

    assert not prepare_build(store, published, build, full_build=True).incremental


def test_builds_in_chunks_of_two_reports_equal_a_build_in_one(full_build, tmp_path, monkeypatch):
    """Chunks of two: a full build of three reports makes two dbt builds (洪山's 2021 and 2023 together), then
    adding three reports rebuilds five (洪山's third joins its two) in several; the warehouse equals one
    full build of the six in one chunk."""
    plans = _plans(monkeypatch)
    monkeypatch.setenv("JUESUAN_BUILD_CHUNK", "2")
    root = tmp_path / "chunked"
    raw = _folder(root, ("000", "001", "003"), with_2022=False)
    build_warehouse(root).close()
    warehouse = root / "juesuan.duckdb"
    hongshan = _report_ids(warehouse, {sample_path("000").name, sample_path("003").name})
    assert not plans[-1].incremental and hongshan in plans[-1].chunks and len(plans[-1].chunks) == 2, plans[-1].reason

    for prefix in ("002", "004"):
        shutil.copy(sample_path(prefix), raw)
    (raw / "hongshan_2022.txt").write_text(
        sample_path("003").read_text(encoding="utf-8").replace("2021", "2022"), encoding="utf-8"
    )
    build_warehouse(root).close()
    assert plans[-1].incremental and len(plans[-1].scope) == 5 and len(plans[-1].chunks) >= 2, plans[-1].reason
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert (
            conn.execute(
                "select count(*) from duckdb_tables() where table_name = ?", [SCOPE_TABLE.split(".")[1]]
            ).fetchone()[0]
            == 0
        )
    monkeypatch.delenv("JUESUAN_BUILD_CHUNK")
    assert warehouse_rows(warehouse) == full_build(BASE, with_2022=True)
