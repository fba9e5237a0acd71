"""The warehouse built from the bundled samples, checked against the public contract."""

import shutil
from decimal import Decimal

import duckdb
import pytest

CONTRACT_COLUMNS = {
    "dim_reports": [
        "report_id",
        "source_file",
        "source_sha256",
        "source_format",
        "organization_name",
        "organization_key",
        "region_name",
        "fiscal_year",
        "report_type",
        "report_scope",
        "published_on",
        "page_count",
        "tables_found",
    ],
    "dim_organizations": [
        "organization_key",
        "organization_name",
        "region_name",
        "level",
        "report_count",
        "first_year",
        "last_year",
    ],
    "fct_report_metrics": ["report_id", "metric", "value", "unit"],
    "fct_expenditure_by_function": [
        "report_id",
        "source_table",
        "function_code",
        "function_name",
        "level",
        "parent_code",
        "total_wan",
        "basic_wan",
        "project_wan",
    ],
    "fct_budget_execution": [
        "report_id",
        "function_code",
        "function_path",
        "level",
        "initial_budget_wan",
        "final_wan",
        "completion_rate_reported_pct",
        "completion_rate_pct",
        "direction_reported",
        "reason_text",
    ],
    "fct_basic_expenditure_by_economic_class": [
        "report_id",
        "economic_code",
        "economic_name",
        "cost_type",
        "amount_wan",
    ],
    "fct_three_public_costs": [
        "report_id",
        "item",
        "budget_wan",
        "actual_wan",
        "change_vs_prior_wan",
        "change_vs_prior_pct",
        "completion_rate_reported_pct",
    ],
    "dim_function_classes": ["function_code", "function_name", "level", "parent_code"],
    "fct_project_performance": [
        "report_id",
        "project_name",
        "budget_wan",
        "executed_wan",
        "execution_rate_reported_pct",
        "execution_rate_pct",
        "self_score",
    ],
    "fct_performance_indicators": [
        "report_id",
        "scope",
        "project_name",
        "goal_no",
        "level1_indicator",
        "level2_indicator",
        "indicator_name",
        "target_text",
        "actual_text",
        "target_value",
        "actual_value",
        "value_unit",
        "comparator",
        "weight",
        "score",
    ],
    "fct_reconciliation_checks": [
        "check_id",
        "report_id",
        "rule_id",
        "rule_description",
        "rule_formula",
        "category",
        "severity",
        "expected_value",
        "actual_value",
        "difference",
        "tolerance",
        "status",
        "explanation",
    ]
    + [
        f"{side}_{column}"
        for side in ("expected", "actual")
        for column in ("source_table", "page_no", "line_no", "source_text")
    ],
}
PROVENANCE = ["source_kind", "source_table", "page_no", "line_no", "source_text"]


@pytest.fixture(scope="module")
def warehouse(sample_warehouse):
    """The session's warehouse of the samples (the tests of what users see read it too: no build of its own)."""
    conn = duckdb.connect(str(sample_warehouse), read_only=True)
    yield conn
    conn.close()


def _columns(conn, table):
    return dict(
        conn.execute(
            "select column_name, data_type from information_schema.columns where table_schema = 'marts' and table_name = ?",
            [table],
        ).fetchall()
    )


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_marts_have_the_contract_columns_and_decimal_money(warehouse, table):
    columns = _columns(warehouse, table)
    one_sided = table.startswith("fct_") and table != "fct_reconciliation_checks"
    expected = CONTRACT_COLUMNS[table] + (PROVENANCE if one_sided else [])
    assert [c for c in expected if c not in columns] == []
    assert {c: t for c, t in columns.items() if c.endswith("_wan") and t != "DECIMAL(20,6)"} == {}
    assert warehouse.execute(f"select count(*) from marts.{table}").fetchone()[0] > 0


def _sample(conn, sql, prefix):
    return conn.execute(
        sql.replace("FROM_REPORT", "join marts.dim_reports d using (report_id) where d.source_file like ?"),
        [prefix + "%"],
    ).fetchall()


def test_issue_examples_through_the_warehouse(warehouse):
    three_public = "select item, budget_wan, actual_wan from marts.fct_three_public_costs FROM_REPORT and source_kind = 'narrative'"
    costs_000 = {item: actual for item, _, actual in _sample(warehouse, three_public, "000")}
    assert (
        costs_000["total"],
        costs_000["vehicle_total"],
        costs_000["vehicle_purchase"],
        costs_000["vehicle_operation"],
        costs_000["reception"],
    ) == tuple(Decimal(v) for v in ("41.11", "40.52", "19.58", "20.94", "0.59"))
    costs_002 = {item: (budget, actual) for item, budget, actual in _sample(warehouse, three_public, "002")}
    assert costs_002["total"] == (Decimal("6.02"), Decimal("4.28"))
    row = _sample(
        warehouse,
        "select total_wan, basic_wan, project_wan from marts.fct_expenditure_by_function FROM_REPORT "
        "and source_table = 'T03' and function_code = '2010301'",
        "003",
    )
    assert row == [(Decimal("1400.04"), Decimal("1400.04"), None)]
    personnel = _sample(
        warehouse,
        "select value from marts.fct_report_metrics FROM_REPORT and metric = 'personnel_cost' and source_table = 'T06'",
        "004",
    )
    assert personnel == [(Decimal("1183.10"),)]


def test_budget_execution_rate_is_computed_exactly(warehouse):
    rows = warehouse.execute(
        "select initial_budget_wan, final_wan, completion_rate_pct from marts.fct_budget_execution"
    ).fetchall()
    with_budget = [r for r in rows if r[0] != 0]
    assert with_budget and all(
        abs(rate - final * 100 / initial) < Decimal("0.000001") for initial, final, rate in with_budget
    )
    assert all(rate is None for initial, _, rate in rows if initial == 0)
    executed = _sample(
        warehouse,
        "select final_wan, completion_rate_pct, function_code from marts.fct_budget_execution "
        "FROM_REPORT and function_path like '%人大事务（款）事业运行%'",
        "004",
    )
    assert executed == [(Decimal("37.89"), Decimal("100"), "2010150")]  # code matched from the report's own tables


def test_every_fact_of_a_text_report_points_at_its_line(warehouse):
    missing = warehouse.execute("""
        select count(*) from marts.fct_report_metrics f
        join marts.dim_reports d using (report_id)
        left join raw.lines l on l.report_id = f.report_id and l.line_no = f.line_no
        where d.source_format = 'text' and (l.text is null or position(l.text in f.source_text) = 0)
    """).fetchone()[0]
    assert missing == 0


def test_performance_examples_through_the_warehouse(warehouse):
    project = _sample(
        warehouse,
        "select budget_wan, executed_wan, self_score from marts.fct_project_performance FROM_REPORT "
        "and project_name = '公务用车购置' and source_kind = 'table'",
        "000",
    )
    assert project == [(Decimal("19.59"), Decimal("19.59"), Decimal("100"))]
    in_yuan = _sample(
        warehouse,
        "select executed_wan, executed_reported_unit from marts.fct_project_performance FROM_REPORT "
        "and project_name = '公务用车司机服务费' and source_kind = 'narrative'",
        "000",
    )
    assert in_yuan == [(Decimal("0.006580"), "元")]  # "执行数为 65.8 元": converted, unit kept for the checks
    indicator = _sample(
        warehouse,
        "select target_text, actual_text, score from marts.fct_performance_indicators FROM_REPORT "
        "and indicator_name = '当年引进重点重大项目数量'",
        "001",
    )
    assert indicator == [("4个", "7个", Decimal("3"))]
    metrics = dict(
        _sample(
            warehouse,
            "select metric, value from marts.fct_report_metrics FROM_REPORT "
            "and metric in ('performance_projects', 'performance_self_score')",
            "000",
        )
    )
    assert metrics == {"performance_projects": Decimal("15"), "performance_self_score": Decimal("97")}


def test_summing_the_preferred_three_public_rows_gives_each_reports_t09_total(warehouse):
    """A naive SUM over every row counts each item once per source; over is_preferred_source, once. On the text
    samples (the session's warehouse holds the shared PDFs too)."""
    text_reports = "report_id in (select report_id from marts.dim_reports where source_format = 'text')"
    preferred = dict(
        warehouse.execute(
            f"""select report_id, sum(actual_wan) from marts.fct_three_public_costs
           where is_preferred_source and item = 'total' and {text_reports} group by report_id"""
        ).fetchall()
    )
    t09 = dict(
        warehouse.execute(
            "select report_id, actual_wan from marts.fct_three_public_costs where source_table = 'T09' "
            f"and item = 'total' and {text_reports}"
        ).fetchall()
    )
    naive = dict(
        warehouse.execute(
            "select report_id, sum(actual_wan) from marts.fct_three_public_costs where item = 'total' "
            f"and {text_reports} group by report_id"
        ).fetchall()
    )
    assert len(t09) >= 2
    for report_id, total in t09.items():
        assert preferred[report_id] == total, report_id
        assert naive[report_id] != total  # the trap the flag avoids: T09 and the narrative both state it
    # a report without T09 gets its narrative's figure, still once
    assert set(preferred) == {
        r
        for (r,) in warehouse.execute(
            f"select distinct report_id from marts.fct_three_public_costs where item = 'total' and {text_reports}"
        ).fetchall()
    }
    assert (
        warehouse.execute("""select count(*) from (select report_id, item from marts.fct_three_public_costs
                                group by all having count(*) filter (where is_preferred_source) <> 1)""").fetchone()
        == (0,)
    )


def test_raw_parsed_and_intermediate_tables_carry_their_descriptions(warehouse):
    """persist_docs: SQL and BI users see what each table (and each raw and parsed column) is."""
    tables = warehouse.execute(
        """select schema_name || '.' || table_name, comment from duckdb_tables()
           where schema_name in ('raw', 'parsed', 'intermediate', 'marts')"""
    ).fetchall()
    assert {schema.split(".")[0] for schema, _ in tables} == {"raw", "parsed", "intermediate", "marts"}
    assert [name for name, comment in tables if not comment] == []
    columns = warehouse.execute(
        """select schema_name || '.' || table_name || '.' || column_name from duckdb_columns()
           where schema_name in ('raw', 'parsed') and comment is null"""
    ).fetchall()
    assert columns == []


def test_readme_lists_only_published_tables(warehouse):
    """The README's schema table names tables a user finds in the warehouse, and no stale rule count."""
    import re

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `((?:raw|parsed|intermediate|marts)\.[a-z_*]+)`", readme, flags=re.MULTILINE))
    published = {
        f"{s}.{t}"
        for s, t in warehouse.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in ('raw', 'parsed', 'marts')"
        ).fetchall()
    }
    assert listed and listed <= published, listed - published
    assert not re.search(r"\b\d+ rules\b", readme)  # the count comes from the seed, never from the README


def test_make_docs_names_relations_as_the_warehouse_does(warehouse, tmp_path):
    """The docs are generated from a copy; its relations must read juesuan.marts.…, not the copy's name."""
    import json
    import subprocess

    from tests.conftest import REPO

    (path,) = warehouse.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    copy = tmp_path / "juesuan.duckdb"
    shutil.copy(path, copy)
    done = subprocess.run(
        ["make", "docs-generate", f"WAREHOUSE={copy}"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    catalog = json.loads((tmp_path / ".juesuan.docs" / "catalog.json").read_text(encoding="utf-8"))
    databases = {node["metadata"]["database"] for node in catalog["nodes"].values()}
    assert databases == {"juesuan"}
