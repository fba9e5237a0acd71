"""The reconciliation engine on the samples and on copies of real reports with one figure changed.

Every rule must be seen passing and failing. Rules the samples never break get a failing
case from a copy with an inserted error (as the shared Shanghai sample 02 has), so each
failure below is traceable to the figure that was changed. Each copy changes one area of
its report, so the rules a change breaks are the ones listed with it.
"""

import re
import shutil
from decimal import Decimal

import duckdb
import pytest
from dagster import DagsterInstance
from juesuan.config import warehouse_path
from juesuan.findings_report.files import latest_path
from juesuan.findings_report.findings import read_findings
from juesuan.pipeline import run_pipeline

from tests.conftest import SAMPLES, sample_path
from tests.test_budget_marts import BUDGET_RULES
from tests.test_findings_classes import CLASS_RULES

# copy name → (sample, [(original text, changed text)]): real lines with one figure changed each.
COPIES = {
    "004_inserted_errors": (
        "004",
        [
            ("704.68\t584.31\t120.37", "704.68\t580.31\t120.37"),
            ("20101\t\t人大事务\t37.89", "20101\t\t人大事务\t39.89"),
            ("\t合计\t1,548.12\t1,548.05", "\t合计\t1,558.12\t1,548.05"),
            ("30101\t基本工资\t547.41", "30101\t基本工资\t557.41"),
            ("人员经费合计\t\t1,183.10", "人员经费合计\t\t1,193.10"),
            ("八、其他收入\t8\t0.07", "八、其他收入\t8\t0.17"),
            ("支出类支出 1132.77 万元", "支出类支出 1142.77 万元"),
            ("本级共有车辆 8 辆", "本级共有车辆 7 辆"),
            ("支出决算为 37.89 万元，完成年初预算的 100%", "支出决算为 37.89 万元，完成年初预算的 90%"),
            (
                "完成全年预算的 74%。较上年增加 3.31 万元，增长 12.6%",
                "完成全年预算的 84%。较上年增加 3.31 万元，增长 22.6%",
            ),
        ],
    ),
    "001_inserted_errors": (
        "001",
        [
            ("机关运行经费支出 1891.31 万元", "机关运行经费支出 1881.31 万元"),
            ("1.本年未发生因公出国(境)业务，无相关经费，也未编", "1.本年度因公出国(境)情况略，也未编"),
            ("总分：92", "总分：90"),
            ("4个 7个 3", "4个 7个 5"),
        ],
    ),
    # T01 and T04 summary tables, the T03/T05 合计 rows
    "004_summary_tables": (
        "004",
        [
            ("总计\t30\t1,548.12\t总计\t60\t1,548.12", "总计\t30\t1,558.12\t总计\t60\t1,558.12"),
            ("一、一般公共预算财政拨\t1\t1,548.05", "一、一般公共预算财政拨\t1\t1,538.05"),
            ("总计\t32\t1,548.05\t总计\t64\t1,548.05\t1,548.05", "总计\t32\t1,548.05\t总计\t64\t1,548.15\t1,548.05"),
            ("\t\t合计\t1,548.12\t1,315.89\t232.23", "\t\t合计\t1,548.22\t1,315.89\t232.23"),
            ("\t\t合计\t1,548.05\t1,315.89\t232.16", "\t\t合计\t1,548.05\t1,315.89\t232.26"),
        ],
    ),
    # a government fund and a state-capital fund in T04, T07 and T08, carry-overs for the year pair
    "004_fund_tables": (
        "004",
        [
            ("二、政府性基金预算财政\t2\t", "二、政府性基金预算财政\t2\t12.00"),
            (
                "本年收入合计\t27\t1,548.05\t本年支出合计\t59\t1,548.05\t1,548.05\t",
                "本年收入合计\t27\t1,560.05\t本年支出合计\t59\t1,564.05\t1,548.05\t11.00\t5.00",
            ),
            ("\t\t\t合计\t\t\t\t\t\t\n", "\t\t\t合计\t\t12.00\t10.00\t10.00\t\t2.00\n"),
            ("类\t款\t项\t栏次\t1\t2\n\t\t\t合计\t\t3", "类\t款\t项\t栏次\t1\t2\t3\n\t\t\t合计\t5.00\t5.00\t"),
            ("年初结转和结余\t29\t\t年末结转和结余\t59\t", "年初结转和结余\t29\t5.00\t年末结转和结余\t59\t"),
            ("年初财政拨款结转和结\t28\t", "年初财政拨款结转和结\t28\t5.00"),
            ("一般公共预算财政拨\t29\t", "一般公共预算财政拨\t29\t4.00"),
            (
                "完成全年预算的 74%；较上年增加 3.31 万元，增长 12.6%",
                "完成全年预算的 74%；较上年增加 4.31 万元，增长 17.1%",
            ),
            ("比年初预算数减少 20.39 万元，下降 13.3%", "比上年减少 20.39 万元，下降 13.3%"),
        ],
    ),
    # fund columns that do not add up; carry-overs and a change that do not continue last year's
    "004_missing_note": (
        "004",
        [
            (
                "本年收入合计\t27\t1,548.05\t本年支出合计\t59\t1,548.05\t1,548.05\t",
                "本年收入合计\t27\t1,548.05\t本年支出合计\t59\t1,555.05\t1,547.05\t\t6.00",
            ),
            ("收、支总计减少 45.25 万元，下降 2.8%", "收、支总计减少 55.25 万元，下降 3.4%"),
            ("总计\t30\t1,548.12\t总计\t60\t1,548.12", "总计\t30\t1,548.12\t总计\t60\t1,548.22"),
            ("一般公共预算财政拨\t29\t", "一般公共预算财政拨\t29\t6.00"),
            ("比年初预算数减少 20.39 万元，下降 13.3%", "比上年减少 30.39 万元，下降 18.6%"),
            ("类\t款\t项\t栏次\t1\t2\n\t\t\t合计\t\t3", "类\t款\t项\t栏次\t1\t2\t3\n\t\t\t合计\t5.00\t5.00\t"),
            ("年初结转和结余\t29\t\t年末结转和结余\t59\t", "年初结转和结余\t29\t6.00\t年末结转和结余\t59\t"),
            ("年初财政拨款结转和结\t28\t", "年初财政拨款结转和结\t28\t6.00"),
        ],
    ),
    # the narrative's claims and counts
    "004_narrative_claims": (
        "004",
        [
            ("机关运行经费支出 132.79 万元", "机关运行经费支出 142.79 万元"),
            ("(一) 部门决算单位构成", "(一) 部门决算单位构成（本部门为行政单位）"),
            ("开支财政拨款的公务用车保有量为 8 辆。", "开支财政拨款的公务用车情况见上。"),
            (
                "支出决算为 29.57 万元，完成全年预算的 74%。较上年增加 3.31 万元，增长 12.6%",
                "支出决算为 29.57 万元，完成全年预算的 74%。较上年增加 29.57 万元，增长 100%",
            ),
            ("收、支总计减少 45.25 万元，下降 2.8%", "收、支总计减少 45.25 万元，下降 3.8%"),
            ("人员经费1183.1万元", "人员经费1193.1万元"),
            ("项目支出 232.23 万元，占本年支出 15%", "项目支出 242.23 万元，占本年支出 15%"),
            ("30231\t公务用车运行\t29.57", "30231\t公务用车运行\t39.57"),
            ("30113\t住房公积金\t110.75", "30113\t住房公积金\t-110.75"),
            ("201\t\t一般公共服务支出\t1,132.77", "218\t\t一般公共服务支出\t1,132.77"),
        ],
    ),
    # text hygiene: placeholders, a wrong year in a title, a rate without %, an empty reason;
    # T08 without its empty-table note
    "004_text_hygiene": (
        "004",
        [
            ("武汉市蔡甸区人民政府办公室 2024 年度无国有资本经营预算\n财政拨款支出。", ""),
            ("(一) 部门决算单位构成", "(一) 部门决算单位构成（本部门为行政单位）"),
            ("截至 2024 年 12 月 31 日，武汉市蔡甸区", "截至 202 年 12 月 31 日，XX 区"),
            ("2024 年度国有资本经营预算财政拨款支出决算表\n", "2023 年度国有资本经营预算财政拨款支出决算表\n"),
            ("支出合计减少 45.25 万元，下降 2.8%，主要原因", "支出合计减少 45.25 万元，下降 2.8，主要原因"),
            ("决算数较上年减少的主要原因 2024 年无出国安排。", "决算数较上年减少的主要原因是。"),
            (
                "增长 12.6%。决算数较上年增加的主要原因：增加了公务用车维护费，减少了出\n\n国（境）费。其中：",
                "增长 12.6%。其中：",
            ),
        ],
    ),
    # the classes the peer checker reads: hygiene, a sentence's own arithmetic, an impossible increase
    "004_sentence_claims": (
        "004",
        [
            ("开支财政拨款的公务用车保有量为 8 辆。", "开支财政拨款的公务用车保有量为 8 辆。。"),
            ("收入合计减少 45.25 万元，下降 2.8%", "收入合计减少 45.25 万元，下降 3.8%"),
            ("支出合计减少 45.25 万元，下降 2.8%", "支出合计减少 45.25 万元，下降（增长）2.8%"),
            ("收、支总计均为 1548.12 万元", "收、支总计均为 15,48.12 万元"),
            ("增长 12.6%", "增长 12.604%"),
            ("占本年支出合计的 100%", "占本年支出合计的 110%"),
            # as a real budget's 政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元 (copied from the line above)
            ("（1）公务用车购置费支出 0 万元。", "（1）公务用车购置费支出 0 万元，比上年增加 3.31 万元。"),
        ],
    ),
    # the contents list the “三公” table before the two fund tables the report prints before it (表7 in the
    # 2021 template, 003's order)
    "004_contents": (
        "004",
        [
            (
                "七、政府性基金预算财政拨款收入支出决算表",
                "七、财政拨款“三公”经费支出决算表\n\n八、政府性基金预算财政拨款收入支出决算表",
            ),
        ],
    ),
    # a row of the income table (收入决算表) whose income sources no longer add up to its 本年收入合计
    "003_income_row": ("003", [("2010302\t一般行政管理事务\t7.32\t7.32", "2010302\t一般行政管理事务\t7.32\t7.42")]),
}


def _t05_shifted_left(prefix: str = "004") -> tuple[str, str]:
    """004's T05 (一般公共预算财政拨款支出决算表) with every row's figures read one cell to the left, as a
    merged column misread gives: (the table as printed, the table as misread)."""
    text = sample_path(prefix).read_text(encoding="utf-8")
    start = text.index("2024年度一般公共预算财政拨款支出决算表\n")
    table = text[start : text.index("注: 本表反映部门本年度一般公共预算财政拨款支出情况", start)]
    rows = [row.split("\t") for row in table.split("\n")]
    shifted = ["\t".join(cells[:3] + cells[4:] + [""] if cells[0].isdigit() else cells) for cells in rows]
    return table, "\n".join(shifted)


COPIES["004_shifted_t05"] = ("004", [_t05_shifted_left()])

# The same office's previous year (2023): last year's 收支总计 and 年末 carry-overs that this
# year's 004 copies continue (004_fund_tables) or do not (004_missing_note), and a “三公” actual
# that this year's stated change leads back to (004_fund_tables states another change).
PRIOR_YEAR = (
    "004",
    [
        ("收、支总计均为 1548.12 万元", "收、支总计均为 1593.37 万元"),
        ("机关运行经费支出 132.79 万元", "机关运行经费支出 153.18 万元"),
        ("总计\t30\t1,548.12\t总计\t60\t1,548.12", "总计\t30\t1,593.37\t总计\t60\t1,593.37"),
        ("年初结转和结余\t29\t\t年末结转和结余\t59\t", "年初结转和结余\t29\t\t年末结转和结余\t59\t5.00"),
        (
            "年初财政拨款结转和结\t28\t\t年末财政拨款结转和结余\t60\t",
            "年初财政拨款结转和结\t28\t\t年末财政拨款结转和结余\t60\t5.00",
        ),
        ("29.57\t\t29.57\t\t29.57\t\t29.57\t\t29.57\t\t29.57", "29.57\t\t29.57\t\t29.57\t\t26.26\t\t26.26\t\t26.26"),
    ],
)

# (copy, rule the change must break)
INSERTED_ERRORS = (
    [
        ("004_inserted_errors", rule)
        for rule in (
            "TA_ROW_BASIC_PROJECT",
            "TA_FUNCTION_HIERARCHY",
            "TA_TABLE_TOTAL",
            "TA_ECONOMIC_HIERARCHY",
            "TA_T06_COST_TOTALS",
            "TA_T01_INCOME_ITEMS",
            "NT_CLASS_AMOUNT",
            "SE_VEHICLES_HELD_LE_OWNED",
            "PC_BUDGET_COMPLETION",
            "PC_THREE_PUBLIC_COMPLETION",
            "YY_THREE_PUBLIC_GROWTH",
            # consequences: the same figure in two tables, a table against the narrative, …
            "CT_METRIC_SUM",
            "NT_SAME_METRIC",
            "CO_NARRATIVE_CLASSES",
            "CT_T01_T02_INCOME",
        )
    ]
    + [
        ("001_inserted_errors", "NT_OPERATING_EQUALS_PUBLIC"),
        ("001_inserted_errors", "CO_THREE_PUBLIC_ITEMS"),
        ("001_inserted_errors", "NI_RESTATED"),
        ("001_inserted_errors", "PC_INDICATOR_SCORE_LE_WEIGHT"),
    ]
    + [
        ("004_summary_tables", rule)
        for rule in (
            "TA_T01_INCOME_SIDE",
            "TA_T01_EXPENDITURE_SIDE",
            "TA_T04_INCOME_FUNDS",
            "TA_T04_BALANCE",
            "TA_T04_EXPENDITURE_SIDE",
            "TA_T03_BASIC_PROJECT",
            "TA_T05_BASIC_PROJECT",
            "CT_T01_T03_EXPENDITURE",
            "CT_SAME_METRIC",
        )
    ]
    + [
        ("004_fund_tables", rule)
        for rule in (
            "TA_T04_CARRYOVER_FUNDS",
            "TA_T04_INCOME_SIDE",
            "TA_T04_FUND_CLOSURE",
            "CT_T04_T07_GOVERNMENT_FUND",
        )
    ]
    + [
        ("004_missing_note", rule)
        for rule in (
            "CT_T04_T08_STATE_CAPITAL",
            "TA_T04_EXPENDITURE_FUNDS",
            "CT_T04_T05_GENERAL_BUDGET",
            "XY_CARRYOVER_BEGIN",
            "XY_FISCAL_CARRYOVER_BEGIN",
            "XY_PRIOR_GRAND_TOTAL",
            "XY_PRIOR_OPERATING_COST",
            "TA_T01_BALANCE",
        )
    ]
    + [
        ("004_narrative_claims", rule)
        for rule in (
            "SE_OPERATING_LE_PUBLIC",
            "SE_OPERATING_EQ_PUBLIC_ADMIN",
            "CO_THREE_PUBLIC_COUNTS",
            "YY_ZERO_BASE",
            "YY_GROWTH",
            "NI_BASIC_COSTS",
            "NI_EXPENDITURE_SPLIT",
            "CT_T06_WITHIN_T09",
            "AN_NEGATIVE_AMOUNT",
            "CO_FUNCTION_CODE_EXISTS",
        )
    ]
    + [
        ("004_text_hygiene", rule)
        for rule in (
            "HY_PLACEHOLDER_TEXT",
            "HY_PLACEHOLDER_YEAR",
            "HY_TITLE_YEAR",
            "HY_HEADING_YEAR",
            "HY_PERCENT_MISSING",
            "HY_EMPTY_REASON",
            "CO_ZERO_FUND_DECLARED_EMPTY",
            "CO_TABLE_HAS_DATA",
            "SE_CHANGE_REASON",
        )
    ]
    + [("004_fund_tables", "XY_PRIOR_THREE_PUBLIC")]
    + [
        ("004_sentence_claims", rule)
        for rule in (
            "HY_DOUBLED_PUNCTUATION",
            "YY_STATED_CHANGE",
            "HY_TEMPLATE_ALTERNATIVES",
            "HY_AMOUNT_COMMA",
            "HY_RATE_DECIMALS",
            "PC_SHARE_OVER_100",
            "SE_CHANGE_EXCEEDS_AMOUNT",
        )
    ]
    + [("003_income_row", "TA_T02_ROW_SOURCES"), ("004_contents", "CO_TABLE_ORDER")]
)

# A unit that fits: 658000 元 of a 70 万元 budget is the stated 94%.
UNIT_FITS = ("000", "执行数为 65.8 元", "执行数为 658000 元")


def _copy_with(folder, name, prefix, replacements, years=None):
    text = sample_path(prefix).read_text(encoding="utf-8")
    for original, changed in replacements:
        assert text.count(original) >= 1, original
        text = text.replace(original, changed, 1)
    for old_year, new_year in years or []:
        text = text.replace(old_year, new_year)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def reconciliation_warehouse(tmp_path_factory, dbt_manifest):
    """The samples and their copies run through the pipeline: (warehouse, findings report text)."""
    root = tmp_path_factory.mktemp("reconciliation")
    shutil.copytree(SAMPLES, root / "raw")
    for name, (prefix, replacements) in COPIES.items():
        _copy_with(root / "raw", name, prefix, replacements)
    _copy_with(root / "raw", "004_prior_year", *PRIOR_YEAR, years=[("2023", "2022"), ("2024", "2023")])
    _copy_with(root / "raw", "000_unit_fits", UNIT_FITS[0], [UNIT_FITS[1:]])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_RAW_DIR", str(root / "raw"))
        patch.setenv("JUESUAN_WAREHOUSE", str(root / "juesuan.duckdb"))
        run_pipeline(DagsterInstance.ephemeral())
        report = latest_path(warehouse_path(), "md").read_text(encoding="utf-8")
    return root / "juesuan.duckdb", report


@pytest.fixture(scope="module")
def checks(reconciliation_warehouse):
    warehouse, report = reconciliation_warehouse
    conn = duckdb.connect(str(warehouse), read_only=True)
    rows = conn.execute("""
        select d.source_file, c.rule_id, c.subject, c.status, c.expected_value, c.actual_value, c.tolerance,
               c.explanation
        from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id)
    """).fetchall()
    rules = conn.execute("select rule_id, template_clause, fix_hint from marts.reconciliation_rules").fetchall()
    conn.close()
    return rows, rules, report


def _statuses(rows, rule_id, source_prefix=None):
    return {
        status
        for source, rule, _, status, *_ in rows
        if rule == rule_id and (source_prefix is None or source.startswith(source_prefix))
    }


def test_registry_holds_80_rules_each_with_its_clause_and_fix(checks):
    _, rules, _ = checks
    assert len(rules) >= 80
    assert [rule for rule, clause, hint in rules if not clause or not hint] == []


# rules whose passing and failing cases need a corpus of their own
TESTED_ELSEWHERE = {
    "NT_COMPANION_FILE",  # a disclosure published as two files: tests/test_any_region.py
} | CLASS_RULES  # issue 26's classes, on copies of their own: tests/test_findings_classes.py


def test_every_rule_is_seen_passing_and_failing(checks):
    rows, rules, _ = checks
    # budget rules run on the budget PDFs (tests/test_budget_marts.py), which are never committed
    missing = {
        rule: {"pass", "fail"} - _statuses(rows, rule)
        for rule, *_ in rules
        if rule not in BUDGET_RULES | TESTED_ELSEWHERE
    }
    assert {rule: sorted(gap) for rule, gap in missing.items() if gap} == {}


@pytest.mark.parametrize("copy, rule", INSERTED_ERRORS, ids=[f"{c}-{r}" for c, r in INSERTED_ERRORS])
def test_each_inserted_error_is_caught_by_its_rule(checks, copy, rule):
    rows, _, _ = checks
    assert "fail" in _statuses(rows, rule, copy)
    original = copy.split("_")[0] + "_"
    assert "fail" not in _statuses(rows, rule, original + "7") | _statuses(rows, rule, original + "3")


def _is_sample(source_file):
    """A bundled sample (000_81fcf87bf650a710.txt), not one of the copies made from it."""
    return re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", source_file) is not None


def _row(rows, source_prefix, rule_id, subject_part):
    matches = [r for r in rows if r[0].startswith(source_prefix) and r[1] == rule_id and subject_part in r[2]]
    assert len(matches) == 1, matches
    return matches[0]


def test_named_discrepancies_of_the_samples(checks):
    rows, _, _ = checks
    income = _row(rows, "001_3", "NI_GRAND_TOTAL", "grand_total")  # 收入合计 11902.59 vs 11092.59 everywhere else
    assert (income[3], income[4], income[5]) == ("fail", Decimal("11902.59"), Decimal("11092.59"))
    procurement = _row(rows, "001_3", "NI_PROCUREMENT_SUM", "procurement_total")
    assert (procurement[3], procurement[4], procurement[5]) == ("fail", Decimal("1798.11"), Decimal("1788.11"))
    vehicles = _row(rows, "003_5", "TA_THREE_PUBLIC_VEHICLE", "T09 vehicle_total budget")
    assert (vehicles[3], vehicles[4], vehicles[5]) == ("fail", Decimal("83.75"), Decimal("35.20"))
    unit = _row(rows, "000_8", "SE_UNIT", "公务用车司机服务费")
    assert unit[3] == "fail" and "only if both were 万元" in unit[7]
    # 003's narrative names a class 资源探勘工业信息等支出 (the national name is 资源勘探…)
    assert _row(rows, "003_5", "CO_FUNCTION_CLASS_NAME", "资源探勘")[3] == "fail"
    # 000's 部门整体支出 self-evaluation row: 20408.02 20351.37 99.90% (20351.37 ÷ 20408.02 is 99.72%)
    evaluation = _row(rows, "000_8", "PC_SELF_EVALUATION_RATE", "line 1225")
    assert (evaluation[3], evaluation[5], round(evaluation[4], 2)) == ("fail", Decimal("99.90"), Decimal("99.72"))
    # 001's 收入合计 11902.59 万元 … 减少 3505.64 万元，下降 24.01% (24.01% of 11092.59 + 3505.64, the right figure)
    change = _row(rows, "001_3", "YY_STATED_CHANGE", "line 124")
    assert (change[3], change[5], round(change[4], 2)) == ("fail", Decimal("24.01"), Decimal("22.75"))
    # 003's self-evaluation: 3,061.94 of 3,061.94 “预算执行率为 91.1%”, and 3,061.94 against the tables' 3,061.56;
    # its “三公” 增加 45.12 万元，增长 166.49% of a total of 72.50 (164.79%)
    assert _row(rows, "003_5", "PC_SELF_EVALUATION_RATE", "line 832")[3] == "fail"
    restated = _row(rows, "003_5", "NT_SELF_EVALUATION_TOTAL", "line 832")
    assert (restated[3], restated[4], restated[5]) == ("fail", Decimal("3061.56"), Decimal("3061.94"))
    assert _row(rows, "004_7", "NT_SELF_EVALUATION_TOTAL", "line 596")[3] == "pass"  # 1,548.12 = 本年支出合计
    growth = _row(rows, "003_5", "YY_STATED_CHANGE", "line 519")
    assert (growth[3], growth[5], round(growth[4], 2)) == ("fail", Decimal("166.49"), Decimal("164.79"))
    # a word written twice: 000's 主要用于主要用于, 003's 区委常委会区委常委会, 004's 本级本级
    assert {r[0][:3] for r in rows if r[1] == "HY_REPEATED_WORD" and r[3] == "fail" and _is_sample(r[0])} == {
        "000",
        "003",
        "004",
    }


def test_rounding_only_differences_are_hints_never_failures(checks):
    rows, _, _ = checks
    sides = _row(rows, "003_5", "TA_T04_BALANCE", "fiscal_grand_total_expenditure")
    assert (sides[3], sides[4], sides[5], sides[6]) == ("hint", Decimal("3061.55"), Decimal("3061.56"), Decimal("0.01"))
    assert all(
        abs(r[5] - r[4]) > r[6]
        for r in rows
        if r[3] == "fail"
        and r[4] is not None
        and r[5] is not None
        and r[6] is not None
        and not r[1].startswith(("SE_", "CT_T06", "AN_"))
    )
    assert all(r[4] != r[5] for r in rows if r[3] == "hint")


def test_a_parse_gap_is_insufficient_data_not_a_failure(checks):
    rows, _, _ = checks
    # 001 prints "主要原因是：按政策规定…" after the sentence the parser read, without reading the reason
    gap = _row(rows, "001_3", "SE_REASON_GIVEN", "社会福利（款）老年福利（项）")
    assert gap[3] == "insufficient_data"


def test_cross_year_rules_run_on_a_pair_of_the_same_office(checks):
    rows, _, _ = checks
    grand_total = _row(rows, "004_7", "XY_PRIOR_GRAND_TOTAL", "grand_total")
    assert (grand_total[3], grand_total[4], grand_total[5]) == ("pass", Decimal("1593.37"), Decimal("1593.37"))
    assert _row(rows, "004_fund_tables", "XY_CARRYOVER_BEGIN", "carryover_begin")[3] == "pass"
    assert _row(rows, "004_missing_note", "XY_CARRYOVER_BEGIN", "carryover_begin")[3] == "fail"
    # the previous year's own report has no previous year in the folder
    assert _statuses(rows, "XY_PRIOR_GRAND_TOTAL", "004_prior_year") == {"not_applicable"}


def test_a_rate_computed_from_a_failing_figure_says_so(checks):
    rows, _, _ = checks
    derived = [
        r
        for r in rows
        if r[0].startswith("004_narrative_claims")
        and r[3] == "fail"
        and r[1].startswith(("PC_", "YY_"))
        and "already fails" in r[7]
    ]
    assert derived, "a failing rate on a failing figure names that figure's check"


def test_unit_that_fits_passes(checks):
    rows, _, _ = checks
    assert _row(rows, "000_unit_fits", "SE_UNIT", "公务用车司机服务费")[3] == "pass"


def test_discrepancy_report_lists_findings_with_their_lines(checks):
    _, _, report = checks
    # the title names the kind of disclosure too (部门决算 / 单位决算), so a year's budget and final account differ
    assert re.search(
        r"## 武汉市洪山区人民政府青菱街道办事处 2023 (部门|单位)决算\n\n文件 file: 001\\_37a2c67d3283ea4c\.txt", report
    )
    assert "情况说明 第704行 为 1788.11万元，各部分之和（情况说明 第706行）为 1798.11万元，相差 10.00万元" in report
    assert "“本部门 2023 年度政府采购支出总额 1788.11 万元，其”" in report
    assert not re.search(r"\bnan\b", report)


def test_each_figure_is_cited_on_the_line_that_prints_it(reconciliation_warehouse):
    """Every finding on the samples: a figure its source prints is on the line the finding cites (a wrapped
    sentence's figure on the line it wraps to), printed as the source prints it."""
    warehouse, _ = reconciliation_warehouse
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        lines = {
            (report, line): text
            for report, line, text in conn.execute("select report_id, line_no, text from raw.lines").fetchall()
        }
        findings = read_findings(conn, statuses=("fail", "hint"))
    cited = [
        (f, side)
        for f in findings
        if _is_sample(f.source_file)
        for side in (f.stated, f.expected)
        if side.line_no is not None and side.printed and side.printed.lstrip("-") in _figures_in(side.source_text)
    ]
    assert len(cited) > 100
    assert [
        (f.source_file, f.rule_id, f.subject_en, side.line_no, side.printed)
        for f, side in cited
        if side.printed.lstrip("-") not in _figures_in(lines[(f.report_id, side.line_no)])
    ] == []
    # the unit printed is the source's: these text samples print every amount in 万元
    assert {side.unit for _, side in cited} == {None}


def _figures_in(text):
    return re.findall(r"\d[\d,]*(?:\.\d+)?", text or "")


def test_a_table_read_with_a_shifted_column_is_a_parse_issue_not_findings(checks, reconciliation_warehouse):
    """Every row of 004's T05 read one cell to the left: its row sums fail at once, so they are a parse issue
    (parsed.parse_issues names the table) and not the document's discrepancies."""
    rows, _, _ = checks
    t05_rows = {
        r[3]
        for r in rows
        if r[0].startswith("004_shifted_t05") and r[1] == "TA_ROW_BASIC_PROJECT" and r[2].startswith("T05")
    }
    assert "insufficient_data" in t05_rows and "fail" not in t05_rows
    # the same rule on the sample as printed: every row holds
    assert {r[3] for r in rows if r[0].startswith("004_7") and r[1] == "TA_ROW_BASIC_PROJECT"} <= {"pass", "hint"}
    warehouse, _ = reconciliation_warehouse
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        issues = conn.execute("""select d.source_file, i.message from parsed.parse_issues i join marts.dim_reports d using (report_id)
                                 where i.stage = 'table_read'""").fetchall()
    assert [source for source, message in issues if "T05" in message and "TA_ROW_BASIC_PROJECT" in message] == [
        "004_shifted_t05.txt"
    ]
