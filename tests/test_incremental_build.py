"""Incremental builds: a report added or removed rebuilds its organisation's reports only, and the
warehouse equals a full build of the same folder."""

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from juesuan.facts.inventory import facts_store
from juesuan.warehouse_build import incremental
from juesuan.warehouse_build.facts_db import facts_db_path
from juesuan.warehouse_build.in_process import run_compiled
from juesuan.warehouse_build.incremental import SCOPE_TABLE, STAGING_SCHEMA, prepare_build

from tests.conftest import build_warehouse, sample_path, warehouse_rows


def _folder(root: Path, prefixes, with_2022: bool) -> Path:
    """000 is 武汉市洪山区人民政府办公室's 2023 final account and 003 its 2021 one; the 2022 report made from
    003 (every 2021 read as 2022) sits between them, so the cross-year rules pair it with both."""
    raw = root / "raw"
    raw.mkdir(parents=True)
    for prefix in prefixes:
        shutil.copy(sample_path(prefix), raw)
    if with_2022:
        _add_hongshan_2022(raw)
    return raw


def _add_hongshan_2022(raw: Path) -> None:
    (raw / "hongshan_2022.txt").write_text(
        sample_path("003").read_text(encoding="utf-8").replace("2021", "2022"), encoding="utf-8"
    )


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


def _full_build_rows(root: Path, prefixes, with_2022: bool) -> dict:
    """Every row of a full build of a folder of these samples, built whole in process as make run builds so few."""
    _folder(root, prefixes, with_2022)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JUESUAN_IN_PROCESS_MAX_REPORTS", raising=False)
        patch.delenv("JUESUAN_BUILD_CHUNK", raising=False)
        build_warehouse(root).close()
    return warehouse_rows(root / "juesuan.duckdb")


def _no_scope_table_nor_staging_views(warehouse: Path) -> bool:
    """What an incremental build leaves: no scope table, no staging views over the deleted facts file."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = conn.execute(
            "select count(*) from duckdb_tables() where table_name = ?", [SCOPE_TABLE.split(".")[1]]
        ).fetchone()[0]
        views = conn.execute("select count(*) from duckdb_views() where schema_name = ?", [STAGING_SCHEMA]).fetchone()[
            0
        ]
    return tables == 0 and views == 0


def test_chunked_builds_with_reports_added_and_removed_rebuild_their_organisations_and_match_a_full_build(
    dbt_manifest, tmp_path, monkeypatch
):
    """In chunks of two: a full build of four reports makes two builds by the compiled SQL in process (so few a
    chunk), the first in the full form, the second incremental (洪山's 2021 and 2023 together); then two reports
    added and one removed rebuild those, and the added report's organisation (洪山's third joins its two), by
    `dbt build` (as past JUESUAN_IN_PROCESS_MAX_REPORTS reports; 0 makes these so many) in several chunks, its
    incremental strategy deleting the removed report's rows; the warehouse equals one full build of the folder."""
    from juesuan.defs import dbt as dbt_defs

    plans = _plans(monkeypatch)
    in_process = []  # the form of each chunk built in process: incremental or not

    def recording(*args, incremental=False, **kwargs):
        in_process.append(incremental)
        return run_compiled(*args, incremental=incremental, **kwargs)

    monkeypatch.setattr(dbt_defs, "run_compiled", recording)
    monkeypatch.setenv("JUESUAN_BUILD_CHUNK", "2")
    root = tmp_path / "chunked"
    raw = _folder(root, ("000", "001", "002", "003"), with_2022=False)
    build_warehouse(root).close()
    warehouse = root / "juesuan.duckdb"
    hongshan = _report_ids(warehouse, {sample_path("000").name, sample_path("003").name})
    assert not plans[-1].incremental and hongshan in plans[-1].chunks and len(plans[-1].chunks) == 2, plans[-1].reason
    assert in_process == [False, True]

    removed = _report_ids(warehouse, {sample_path("002").name})
    (raw / sample_path("002").name).unlink()
    shutil.copy(sample_path("004"), raw)
    _add_hongshan_2022(raw)
    monkeypatch.setenv("JUESUAN_IN_PROCESS_MAX_REPORTS", "0")
    build_warehouse(root).close()
    added = _report_ids(warehouse, {"hongshan_2022.txt", sample_path("004").name})
    # 001 is neither changed nor of a changed organisation: it is not rebuilt
    assert plans[-1].incremental and plans[-1].scope == added | removed | hongshan, plans[-1].reason
    assert len(plans[-1].chunks) >= 2 and in_process == [False, True], plans[-1].reason
    # The warehouse's first `dbt build` parsed partially, from `juesuan prepare`'s parse (juesuan-dbt runs dbt
    # with the profile that parse was made with): a full parse costs twice the CPU.
    dbt_log = "".join(log.read_text(encoding="utf-8") for log in (root / ".juesuan.dbt").glob("dbt.log*"))  # rotated
    assert '"PartialParsingEnabled"' in dbt_log and '"UnableToPartialParse"' not in dbt_log
    assert _no_scope_table_nor_staging_views(warehouse)
    assert not facts_db_path(root / ".juesuan.build.duckdb").exists()
    assert warehouse_rows(warehouse) == _full_build_rows(tmp_path / "full", ("000", "001", "003", "004"), True)


def test_a_warehouse_built_by_other_code_is_rebuilt_whole(dbt_manifest, tmp_path, monkeypatch):
    raw = _folder(tmp_path, ("001",), with_2022=False)
    build_warehouse(tmp_path).close()
    monkeypatch.setenv("JUESUAN_RAW_DIR", str(raw))
    monkeypatch.setenv("JUESUAN_WAREHOUSE", str(tmp_path / "juesuan.duckdb"))
    published, build = tmp_path / "juesuan.duckdb", tmp_path / ".juesuan.build.duckdb"
    store = facts_store()
    assert prepare_build(store, published, build).incremental

    monkeypatch.setattr(incremental, "dbt_project_version", lambda: "another dbt project")
    plan = prepare_build(store, published, build)
    assert not plan.incremental and "other code" in plan.reason
    monkeypatch.undo()

    assert not prepare_build(store, published, build, full_build=True).incremental


def test_every_incremental_model_reads_other_report_tables_for_the_scope_only(dbt_manifest):
    """An incremental build rewrites the scope's rows; a model reading another report-keyed table whole reads every
    report of the warehouse to keep a handful (zero_cells read 3,001 reports' table lines to rebuild one: 2.2 s of
    a 14 s build). The rows are right either way, so only the SQL shows it: every such ref goes through
    report_rows() (macros/incremental_by_report.sql)."""
    from juesuan.defs.dbt_project import dbt_project

    nodes = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    incremental = {
        node["name"]: node
        for node in nodes
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }
    unscoped = [
        f"{name} reads {ref['model']} whole"
        for name, node in incremental.items()
        for ref in re.finditer(r"(?P<scoped>report_rows\(\s*)?ref\(\s*'(?P<model>\w+)'\s*\)", node["raw_code"])
        if not ref["scoped"] and ref["model"] in incremental
    ]
    assert unscoped == []
