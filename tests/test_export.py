"""Export of every marts table, and what the warehouse tells SQL and BI users about itself."""

from decimal import Decimal

import duckdb
import openpyxl
import pytest
from juesuan.cli import main
from juesuan.export import mart_tables


@pytest.mark.parametrize("file_format", ["parquet", "csv", "xlsx"])
def test_export_writes_every_marts_table(sample_warehouse, tmp_path, file_format, capsys):
    out = tmp_path / file_format
    assert main(["export", "--format", file_format, "--out", str(out), "--warehouse", str(sample_warehouse)]) == 0
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        tables = mart_tables(conn)
        stated = conn.execute("""select total_wan from marts.fct_expenditure_by_function
                                 where source_table = 'T02' and function_code = '2010301' limit 1""").fetchone()[0]
    if file_format == "xlsx":  # one workbook, a sheet per table after the contents
        assert [path.name for path in out.iterdir()] == ["juesuan.xlsx"]
        assert capsys.readouterr().out.split() == [str(out / "juesuan.xlsx")]
        workbook = openpyxl.load_workbook(out / "juesuan.xlsx", read_only=True)
        assert workbook.sheetnames[1:] == [table[:31] for table in tables]
        sheet = workbook["fct_expenditure_by_function"]
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        assert "source_table_1" not in header and "合计 · total_wan" in header
        column = header.index("合计 · total_wan")
        codes = header.index("功能分类科目编码 · function_code")
        tables_at = header.index("来源表 · source_table")
        row = next(
            r
            for r in sheet.iter_rows(min_row=2, values_only=True)
            if r[tables_at] == "T02" and str(r[codes]) == "2010301"
        )
        assert Decimal(str(row[column])) == stated  # a number cell, exact
        return
    assert sorted(path.stem for path in out.iterdir()) == sorted(tables)
    assert len(capsys.readouterr().out.splitlines()) == len(tables)
    exported = out / f"fct_expenditure_by_function.{file_format}"
    with duckdb.connect() as conn:
        reader = "read_parquet" if file_format == "parquet" else "read_csv"
        row = conn.execute(f"""select total_wan, typeof(total_wan) from {reader}('{exported}')
                               where source_table = 'T02' and function_code::varchar = '2010301' limit 1""").fetchone()
    assert Decimal(str(row[0])) == stated
    if file_format == "parquet":
        assert row[1] == "DECIMAL(20,6)"  # money stays exact


def test_export_without_a_warehouse_says_so(tmp_path, capsys):
    assert main(["export", "--format", "csv", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "run `juesuan run` first" in capsys.readouterr().err.replace("\n", " ")


def test_every_mart_table_and_column_carries_its_description(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        tables = conn.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' and comment is null"
        ).fetchall()
        columns = conn.execute("""select table_name || '.' || column_name from duckdb_columns()
                                  where schema_name = 'marts' and comment is null""").fetchall()
        comment = conn.execute("""select comment from duckdb_columns() where schema_name = 'marts'
                                  and table_name = 'dim_reports' and column_name = 'organization_name'""").fetchone()[0]
    assert tables == [] and columns == []
    assert comment.startswith("单位名称 · full organisation name")


def test_every_metric_and_rule_has_a_label(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        metrics = conn.execute("""select distinct metric from marts.fct_report_metrics
                                  where metric not in (select metric from marts.dim_metrics)""").fetchall()
        items = conn.execute("""select distinct item from marts.fct_three_public_costs
                                where item not in (select metric from marts.dim_metrics)""").fetchall()
        rules = conn.execute("""select rule_id from marts.reconciliation_rules
                                where rule_id not in (select rule_id from marts.rule_labels)""").fetchall()
    assert (metrics, items, rules) == ([], [], [])


def test_dbt_assets_are_grouped_by_folder(dbt_manifest):
    from dagster import AssetKey
    from juesuan.definitions import defs

    graph = defs.resolve_asset_graph()
    groups = [
        graph.get(AssetKey(key)).group_name
        for key in (
            ["staging", "stg_raw__lines"],
            ["intermediate", "int_reconciliation__rates"],
            ["marts", "dim_reports"],
            ["marts", "dim_metrics"],
        )
    ]
    assert groups == ["staging", "intermediate", "marts", "seeds"]
