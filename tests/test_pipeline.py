"""End to end: every asset materialized into a temporary warehouse, as `make run` does."""

import re
import shutil

import pytest
from dagster import AssetCheckSeverity, AssetKey, DagsterInstance
from juesuan.cli import main
from juesuan.config import warehouse_path
from juesuan.expectations.suites import rule_categories
from juesuan.facts.inventory import facts_store
from juesuan.findings_report.files import expectations_folder
from juesuan.pipeline import run_pipeline

from tests.conftest import query, sample_path
from tests.pdf_factory import scanned_pdf


def test_mixed_folder_lands_good_reports_and_rejects_bad_files(
    dbt_manifest, warehouse_env, synthetic_report_pdf, capsys
):
    for prefix in ("000", "001", "002", "003", "004"):
        shutil.copy(sample_path(prefix), warehouse_env)
    (warehouse_env / "nested").mkdir()
    gb18030 = sample_path("002").read_text(encoding="utf-8").replace("2022 年度", "2022年度 ").encode("gb18030")
    (warehouse_env / "nested" / "gb18030_report.txt").write_bytes(gb18030)
    (warehouse_env / "empty.txt").write_bytes(b"")
    (warehouse_env / "noise.pdf").write_bytes(bytes(range(256)) * 40)
    (warehouse_env / "notes.md").write_text("# 说明\n这些文件是部门决算的样本。\n", encoding="utf-8")
    shutil.copy(synthetic_report_pdf, warehouse_env / "synthetic.pdf")
    scanned_pdf(warehouse_env / "scanned.pdf")

    assert main(["run"]) == 0

    statuses = dict(query("select source_file, coalesce(reject_reason, status) from raw.documents"))
    assert statuses == {
        "000_81fcf87bf650a710.txt": "landed",
        "001_37a2c67d3283ea4c.txt": "landed",
        "002_06a153db31d942f2.txt": "landed",
        "003_5ae2df98b6bbde0e.txt": "landed",
        "004_7253a26da12f1913.txt": "landed",
        "nested/gb18030_report.txt": "landed",
        "synthetic.pdf": "landed",
        "empty.txt": "file is empty (0 bytes)",
        "noise.pdf": "not a readable PDF (corrupt or truncated): unable to find trailer dictionary while recovering damaged file",
        "notes.md": "not a budget disclosure: no amount in 万元 or 元 anywhere in the text",
        "scanned.pdf": "PDF has no text layer and OCR read no text: page 1: no text layer; OCR found no text on it",
    }
    # Every line verbatim, GB18030 included.
    gb_lines = query(
        "select text from raw.lines join raw.documents using (report_id) where source_file = 'nested/gb18030_report.txt' order by line_no"
    )
    assert [row[0] for row in gb_lines] == gb18030.decode("gb18030").splitlines()
    assert query(
        "select count(*) from raw.table_cells join raw.documents using (report_id) where source_file = 'synthetic.pdf'"
    ) == [(16,)]

    reports = {
        row[0]: row[1:]
        for row in query(
            "select source_file, organization_name, region_name, fiscal_year, report_type, page_count from marts.dim_reports"
        )
    }
    assert len(reports) == 7
    assert reports["nested/gb18030_report.txt"] == (
        "武汉市硚口区人民政府办公室",
        "武汉市硚口区",
        2022,
        "final_account",
        None,
    )
    assert reports["synthetic.pdf"] == ("武汉市洪山区人民政府办公室", "武汉市洪山区", 2021, "final_account", 2)

    printed = capsys.readouterr().out
    assert "7 landed, 4 rejected" in printed
    assert "rejected scanned.pdf: PDF has no text layer and OCR read no text" in printed
    # two vocabularies, never mixed: findings (fail / hint, by severity) on the reports, tests on the pipeline
    assert re.search(r"pipeline tests: [1-9]\d* passed, 0 failed \(dbt data tests", printed)
    assert re.search(
        r"findings:  \d+ fail \(\d+ error, \d+ warning, \d+ info\), \d+ hint, of \d+ reconciliation checks", printed
    )
    assert "000_81fcf87bf650a710.txt:" not in printed  # per-report lines only with --verbose
    # dbt and Dagster output went to the log, without colour codes
    log = next((warehouse_env.parent / "warehouse" / "logs").glob("juesuan-*.log")).read_text(encoding="utf-8")
    assert "Done. PASS=" in log and "\x1b[" not in log
    assert (warehouse_env.parent / "warehouse" / "reports" / "juesuan-latest.html").exists()

    assert main(["run", "--verbose"]) == 0
    verbose = capsys.readouterr().out
    assert "    dim_reports 7" in verbose and "000_81fcf87bf650a710.txt: " in verbose


def _snapshot() -> dict:
    return {
        "documents": query("select report_id, source_file, landed_at from raw.documents order by 1"),
        "lines": query("select report_id, count(*) from raw.lines group by 1 order by 1"),
        "metrics": query("select report_id, count(*) from marts.fct_report_metrics group by 1 order by 1"),
        "dim_reports": query("select report_id, organization_name from marts.dim_reports order by 1"),
    }


def test_rerun_is_idempotent_and_follows_changed_and_removed_files(dbt_manifest, warehouse_env):
    instance = DagsterInstance.ephemeral()
    for prefix in ("003", "004"):
        shutil.copy(sample_path(prefix), warehouse_env)
    shutil.copy(sample_path("004"), warehouse_env / "copy_of_004.txt")  # same content: same report

    first = run_pipeline(instance)
    before = _snapshot()
    assert len(before["documents"]) == 2
    # data tests pass; reconciliation findings (WARN) are the reports' own, with Data Docs beside the report
    assert all(e.passed for e in first.check_evaluations if e.severity == AssetCheckSeverity.ERROR)
    findings = [e for e in first.check_evaluations if e.severity == AssetCheckSeverity.WARN]
    assert any(not e.passed for e in findings)
    docs = expectations_folder(warehouse_path())
    assert {e.metadata["data_docs"].value for e in findings} == {str(docs / "index.html")}
    assert {page.stem for page in (docs / "expectations").glob("*.html")} == set(rule_categories())

    run_pipeline(instance)
    assert _snapshot() == before  # nothing re-extracted or duplicated

    (warehouse_env / "003_5ae2df98b6bbde0e.txt").unlink()
    (warehouse_env / "copy_of_004.txt").unlink()
    changed = warehouse_env / "004_7253a26da12f1913.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n附注：更正版。\n", encoding="utf-8")
    run_pipeline(instance)

    after = _snapshot()
    assert [row[1] for row in after["documents"]] == ["004_7253a26da12f1913.txt"]
    new_id = after["documents"][0][0]
    assert new_id not in {row[0] for row in before["documents"]}
    for table in (
        "raw.lines",
        "raw.table_cells",
        "parsed.parse_issues",
        "marts.dim_reports",
        "marts.fct_report_metrics",
    ):
        assert {row[0] for row in query(f"select distinct report_id from {table}")} <= {new_id}, table
    assert facts_store().complete_reports() == {new_id}  # the old reports' facts are gone from the store


def test_full_refresh_relands_every_report(dbt_manifest, warehouse_env):
    instance = DagsterInstance.ephemeral()
    shutil.copy(sample_path("003"), warehouse_env)
    run_pipeline(instance)
    landed_at = query("select landed_at from raw.documents")
    run_pipeline(instance, force=True)
    assert query("select landed_at from raw.documents") != landed_at
    assert query("select count(*) from raw.documents") == [(1,)]


def test_empty_input_folder_builds_nothing_unless_asked(dbt_manifest, warehouse_env):
    """An empty folder publishes nothing by accident (docs/isolation.md); --allow-empty builds an empty warehouse."""
    from juesuan.config import warehouse_path

    result = run_pipeline(DagsterInstance.ephemeral())
    assert result.nothing_found and not result.built and not warehouse_path().exists()
    run_pipeline(DagsterInstance.ephemeral(), allow_empty=True)
    assert query("select count(*) from marts.dim_reports") == [(0,)]


def test_missing_input_folder_fails_clearly(dbt_manifest, warehouse_env, monkeypatch):
    monkeypatch.setenv("JUESUAN_RAW_DIR", str(warehouse_env / "nope"))
    with pytest.raises(Exception, match="does not exist"):
        run_pipeline(DagsterInstance.ephemeral())


def test_dbt_sources_are_the_facts_store_tables_written_by_extraction(dbt_manifest):
    from juesuan.definitions import defs

    graph = defs.resolve_asset_graph()
    staging_lines = AssetKey(["staging", "stg_raw__lines"])
    assert AssetKey(["facts", "lines"]) in graph.get(staging_lines).parent_keys
    identities = AssetKey(["staging", "stg_parsed__report_identities"])
    assert AssetKey(["facts", "report_identity"]) in graph.get(identities).parent_keys
    assert graph.get(AssetKey(["facts", "lines"])).parent_keys == {AssetKey(["facts", "reports"])}
    check_names = {key.name for key in graph.asset_check_keys}
    assert "unique_dim_reports_report_id" in check_names
