"""Every kind of bad input beside two good reports: each gets its status and reason, and the good
reports' marts are identical to a run without the bad files (`make run` twice, end to end)."""

import re
from pathlib import Path

import duckdb
import pytest
from juesuan.cli import main

from tests.bad_inputs import (
    CASES,
    GOOD_PDF,
    GOOD_TEXT,
    GRAND_TOTAL_LINE,
    OUTSIDE_MARKER,
    expected,
    measure,
    write_case,
    write_good_reports,
)
from tests.conftest import REPORT_PARAGRAPHS, T02_ROWS
from tests.pdf_factory import report_pdf


def _run(tmp: Path, name: str, with_bad_files: bool) -> Path:
    raw, outside = tmp / name / "raw", tmp / name / "outside"
    raw.mkdir(parents=True)
    write_good_reports(raw, tmp / GOOD_PDF)
    if with_bad_files:
        for case in CASES:
            write_case(case, raw, outside)
    warehouse = tmp / name / "warehouse" / "juesuan.duckdb"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUESUAN_RAW_DIR", str(raw))
        env.setenv("JUESUAN_WAREHOUSE", str(warehouse))
        env.delenv("DAGSTER_HOME", raising=False)
        env.chdir(raw)  # a name like "$(touch pwned).txt" must not run in the folder it is in
        assert main(["run"]) == 0
    return warehouse


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory, dbt_manifest) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("bad_inputs")
    report_pdf(tmp / GOOD_PDF, REPORT_PARAGRAPHS, T02_ROWS)
    return _run(tmp, "good", with_bad_files=False), _run(tmp, "all", with_bad_files=True)


def _query(warehouse: Path, sql: str, params: dict | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql, params or {}).fetchall()


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_bad_input_gets_its_status_and_reason(warehouses, case):
    _, bad = warehouses
    rows = _query(
        bad, "select status, reject_reason from raw.documents where source_file = $f", {"f": case.source_file}
    )
    assert len(rows) == 1, rows
    status, reason = rows[0]
    assert status == case.status, reason
    if case.reason is None:
        assert reason is None
    else:
        assert re.search(case.reason, reason), reason


def _marts_of(warehouse: Path, report_ids: list[str]) -> dict[str, list[tuple]]:
    """Every mart row of the given reports, timestamps aside (a later run lands later)."""
    tables = _query(
        warehouse,
        "select table_name from information_schema.columns where table_schema = 'marts' and column_name = 'report_id' order by 1",
    )
    marts = {}
    for (table,) in tables:
        columns = [
            c
            for (c,) in _query(
                warehouse,
                f"select column_name from information_schema.columns "
                f"where table_schema = 'marts' and table_name = '{table}' order by ordinal_position",
            )
            if not c.endswith("_at")
        ]
        marts[table] = _query(
            warehouse,
            f"select {', '.join(columns)} from marts.{table} where report_id in (select unnest($ids)) order by all",
            {"ids": report_ids},
        )
    return marts


@pytest.mark.slow
def test_good_reports_marts_are_identical_with_and_without_bad_files(warehouses):
    good, bad = warehouses
    good_ids = [r for (r,) in _query(good, "select report_id from raw.documents where status = 'landed' order by 1")]
    assert len(good_ids) == 2
    assert _query(
        bad,
        "select source_file from raw.documents where report_id in (select unnest($ids)) order by 1",
        {"ids": good_ids},
    ) == [(GOOD_TEXT,), (GOOD_PDF,)]
    expected = _marts_of(good, good_ids)
    assert expected["fct_report_metrics"] and expected["fct_reconciliation_checks"]
    assert _marts_of(bad, good_ids) == expected


@pytest.mark.slow
def test_unrepresentable_figures_become_parse_issues_and_the_rest_lands(warehouses):
    _, bad = warehouses
    for source_file, figure in (
        ("fifteen_digits.txt", "123456789012345.67"),
        ("ten_to_the_thirty.txt", "1" + "0" * 30),
    ):
        issues = _query(
            bad,
            "select stage, message from parsed.parse_issues join raw.documents using (report_id) "
            "where source_file = $f and stage like 'unrepresentable%'",
            {"f": source_file},
        )
        assert len(issues) == 1, issues
        stage, message = issues[0]
        assert stage == f"unrepresentable figure (line {GRAND_TOTAL_LINE}, page None)"
        assert figure in message and "more than 14 digits before the decimal point" in message
        metrics = _query(
            bad,
            "select count(*) from marts.fct_report_metrics join marts.dim_reports using (report_id) "
            "where source_file = $f",
            {"f": source_file},
        )
        assert metrics[0][0] > 50  # every other fact of the report is there


@pytest.mark.slow
def test_nothing_outside_the_input_folder_is_read_and_no_name_is_executed(warehouses):
    _, bad = warehouses
    assert _query(bad, "select count(*) from raw.lines where text like $m", {"m": f"%{OUTSIDE_MARKER}%"}) == [(0,)]
    assert not list(bad.parents[1].rglob("pwned"))
    assert _query(bad, "select page_count from raw.documents where source_file = 'two_thousand_pages.pdf'") == [(2000,)]


@pytest.mark.parametrize(
    "case_name",
    [
        "compressed-stream bomb (1 GB in 1 MB)",
        "200 MB text",
        "a million references to one page",
        "a million page references under a lying /Count",
    ],
)
def test_hostile_files_are_rejected_under_1_gb(case_name, tmp_path):
    case = next(c for c in CASES if c.name == case_name)
    status, reason, _, peak_mb = measure(case, tmp_path)  # in a fresh process
    assert expected(case, status, reason), (status, reason)
    assert peak_mb < 1024  # the million page references: 2.3 GB when qpdf's page list was built first
