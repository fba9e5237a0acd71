"""The reconciliation engine on the samples and on copies of real reports with one figure changed.

Every rule must be seen passing and failing. Rules the samples never break get a failing
case from a copy with an inserted error (as the shared Shanghai sample 02 has), so each
failure below is traceable to the one number that was changed.
"""

import re
import shutil
from decimal import Decimal

import duckdb
import pytest
from dagster import DagsterInstance

from juesuan.config import warehouse_path
from juesuan.pipeline import run_pipeline
from juesuan.report.files import latest_path
from tests.conftest import SAMPLES, sample_path
from tests.test_budget_marts import BUDGET_RULES

# (sample, original text, inserted error, rule the error must break)
INSERTED_ERRORS = [
    ("004", "704.68\t584.31\t120.37", "704.68\t580.31\t120.37", "TA_ROW_BASIC_PROJECT"),
    ("004", "20101\t\t人大事务\t37.89", "20101\t\t人大事务\t39.89", "TA_FUNCTION_HIERARCHY"),
    ("004", "\t合计\t1,548.12\t1,548.05", "\t合计\t1,558.12\t1,548.05", "TA_TABLE_TOTAL"),
    ("004", "30101\t基本工资\t547.41", "30101\t基本工资\t557.41", "TA_ECONOMIC_HIERARCHY"),
    ("004", "人员经费合计\t\t1,183.10", "人员经费合计\t\t1,193.10", "TA_T06_COST_TOTALS"),
    ("004", "八、其他收入\t8\t0.07", "八、其他收入\t8\t0.17", "TA_METRIC_SUM"),
    ("004", "支出类支出 1132.77 万元", "支出类支出 1142.77 万元", "NT_CLASS_AMOUNT"),
    ("004", "本级共有车辆 8 辆", "本级共有车辆 7 辆", "NI_RESTATED"),
    ("004", "支出决算为 37.89 万元，完成年初预算的 100%", "支出决算为 37.89 万元，完成年初预算的 90%", "PC_BUDGET_COMPLETION"),
    ("004", "完成全年预算的 74%。较上年增加 3.31 万元，增长 12.6%", "完成全年预算的 84%。较上年增加 3.31 万元，增长 22.6%",
     "PC_THREE_PUBLIC_COMPLETION"),
    ("001", "机关运行经费支出 1891.31 万元", "机关运行经费支出 1881.31 万元", "NT_OPERATING_EQUALS_PUBLIC"),
]
# Also broken by those errors: the same figure in two tables, a table against the narrative,
# the growth rate changed with the completion rate, the narrative classes against their total.
CONSEQUENTIAL = {"CT_SAME_METRIC", "CT_METRIC_SUM", "NT_SAME_METRIC", "YY_GROWTH", "CO_NARRATIVE_CLASSES"}
# A unit that fits: 658000 元 of a 70 万元 budget is the stated 94%.
UNIT_FITS = ("000", "执行数为 65.8 元", "执行数为 658000 元")


def _copy_with(folder, prefix, replacements):
    text = sample_path(prefix).read_text(encoding="utf-8")
    for original, changed in replacements:
        assert text.count(original) >= 1, original
        text = text.replace(original, changed, 1)
    (folder / f"{prefix}_inserted_errors.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def checks(tmp_path_factory, dbt_manifest):
    root = tmp_path_factory.mktemp("reconciliation")
    shutil.copytree(SAMPLES, root / "raw")
    for prefix in ("004", "001"):
        _copy_with(root / "raw", prefix, [(o, c) for p, o, c, _ in INSERTED_ERRORS if p == prefix])
    _copy_with(root / "raw", UNIT_FITS[0], [UNIT_FITS[1:]])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_RAW_DIR", str(root / "raw"))
        patch.setenv("JUESUAN_WAREHOUSE", str(root / "juesuan.duckdb"))
        run_pipeline(DagsterInstance.ephemeral())
        report = latest_path(warehouse_path(), "md").read_text(encoding="utf-8")
    conn = duckdb.connect(str(root / "juesuan.duckdb"), read_only=True)
    rows = conn.execute("""
        select d.source_file, c.rule_id, c.subject, c.status, c.expected_value, c.actual_value, c.tolerance, c.explanation
        from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id)
    """).fetchall()
    rules = [r[0] for r in conn.execute("select rule_id from marts.reconciliation_rules").fetchall()]
    conn.close()
    return rows, rules, report


def _statuses(rows, rule_id, source_prefix=None):
    return {status for source, rule, _, status, *_ in rows
            if rule == rule_id and (source_prefix is None or source.startswith(source_prefix))}


def test_every_rule_is_seen_passing_and_failing(checks):
    rows, rules, _ = checks
    # budget rules run on the budget PDFs (tests/test_budget_marts.py), which are never committed
    missing = {rule: {"pass", "fail"} - _statuses(rows, rule) for rule in rules if rule not in BUDGET_RULES}
    assert {rule: sorted(gap) for rule, gap in missing.items() if gap} == {}


@pytest.mark.parametrize("prefix, original, changed, rule", INSERTED_ERRORS, ids=[e[3] for e in INSERTED_ERRORS])
def test_each_inserted_error_is_caught_by_its_rule(checks, prefix, original, changed, rule):
    rows, _, _ = checks
    assert "fail" in _statuses(rows, rule, f"{prefix}_inserted_errors")
    assert "fail" not in _statuses(rows, rule, f"{prefix}_7") | _statuses(rows, rule, f"{prefix}_3") or rule in (
        "NT_CLASS_AMOUNT",)  # the originals hold (001's own NT/operating checks pass)


def test_consequential_failures_come_only_from_the_copies(checks):
    rows, _, _ = checks
    for rule in CONSEQUENTIAL:
        assert "fail" in _statuses(rows, rule, "004_inserted_errors"), rule
        assert "fail" not in _statuses(rows, rule, "004_7"), rule


def _row(rows, source_prefix, rule_id, subject_part):
    matches = [r for r in rows if r[0].startswith(source_prefix) and r[1] == rule_id and subject_part in r[2]]
    assert len(matches) == 1, matches
    return matches[0]


def test_named_discrepancies_of_the_samples(checks):
    rows, _, _ = checks
    income = _row(rows, "001_3", "NI_METRIC_SUM", "grand_total")  # 收入合计 11902.59 vs 11092.59 everywhere else
    assert (income[3], income[4], income[5]) == ("fail", Decimal("11902.59"), Decimal("11092.59"))
    procurement = _row(rows, "001_3", "NI_METRIC_SUM", "procurement_total")
    assert (procurement[3], procurement[4], procurement[5]) == ("fail", Decimal("1798.11"), Decimal("1788.11"))
    vehicles = _row(rows, "003", "TA_THREE_PUBLIC_VEHICLE", "T09 vehicle_total budget")
    assert (vehicles[3], vehicles[4], vehicles[5]) == ("fail", Decimal("83.75"), Decimal("35.20"))
    unit = _row(rows, "000_8", "SE_UNIT", "公务用车司机服务费")
    assert unit[3] == "fail" and "only if both were 万元" in unit[7]


def test_rounding_only_differences_pass(checks):
    rows, _, _ = checks
    sides = _row(rows, "003", "TA_METRIC_SUM", "fiscal_grand_total_expenditure (收入总计 = 支出总计)")
    assert (sides[3], sides[4], sides[5], sides[6]) == ("pass", Decimal("3061.55"), Decimal("3061.56"), Decimal("0.01"))
    assert all(abs(r[5] - r[4]) > r[6] for r in rows if r[3] == "fail" and r[4] is not None and r[1] != "SE_SMALL_MICRO_LE_SME")


def test_unit_that_fits_passes(checks):
    rows, _, _ = checks
    assert _row(rows, "000_inserted_errors", "SE_UNIT", "公务用车司机服务费")[3] == "pass"


def test_discrepancy_report_lists_findings_with_their_lines(checks):
    _, _, report = checks
    assert "## 武汉市洪山区人民政府青菱街道办事处 2023\n\n`001_37a2c67d3283ea4c.txt`" in report
    assert ("情况说明 第704行 为 1788.11万元，各部分之和（情况说明 第706行）为 1798.11万元，相差 10.00万元"
            in report)
    assert "“本部门 2023 年度政府采购支出总额 1788.11 万元，其”" in report
    assert not re.search(r"\bnan\b", report)
