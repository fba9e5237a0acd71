"""Facts whose figures DECIMAL(20,6) cannot hold are dropped with a parse issue; the rest are kept."""

import dataclasses
from decimal import Decimal

import pytest
from juesuan.parsing.facts import BudgetExecution, Metric, Provenance
from juesuan.parsing.identity import ReportIdentity
from juesuan.parsing.report import ParsedReport
from juesuan.parsing.representable import drop_unrepresentable, why_unrepresentable

LINE = "2021 年度收、支总计 3061.55 万元。与 2020 年度相比，收、支总计各增加 118.27 万元，增长 4.02%"  # sample 003


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("99999999999999.999999", None),
        ("-99999999999999", None),
        ("1.2000000", None),  # trailing zeros are kept exactly
        ("0E-12", None),
        ("100000000000000", "has more than 14 digits before the decimal point"),
        ("1" + "0" * 30, "has more than 14 digits before the decimal point"),
        ("0.0000001", "has more than 6 decimal places"),
        ("NaN", "is not a finite number"),
        ("-Infinity", "is not a finite number"),
    ],
)
def test_decimal_20_6_range(value, reason):
    assert why_unrepresentable(Decimal(value)) == reason


def test_only_the_unrepresentable_facts_go_and_each_is_an_issue():
    where = Provenance("narrative", None, 3, 416, LINE)
    kept = Metric("grand_total", Decimal("3061.55"), "万元", "万元", where)
    huge = Metric("total_change_vs_prior_wan", Decimal("1" + "0" * 30), "万元", "万元", where)
    execution = BudgetExecution(
        "一般公共服务支出", "class", Decimal("2049.03"), Decimal("123456789012345.1"), None, None, None, "万元", where
    )
    parsed = ParsedReport(
        identity=ReportIdentity(*[None] * len(dataclasses.fields(ReportIdentity))),
        metrics=[kept, huge],
        budget_execution=[(execution, "201")],
        issues=[("identity", "kept")],
    )
    drop_unrepresentable(parsed)
    assert parsed.metrics == [kept] and parsed.budget_execution == []
    assert parsed.issues == [
        ("identity", "kept"),
        (
            "unrepresentable figure (line 416, page 3)",
            "Metric total_change_vs_prior_wan not stored, DECIMAL(20,6) cannot hold it: value 1"
            + "0" * 30
            + " has more than 14 digits before the decimal point — "
            + LINE,
        ),
        (
            "unrepresentable figure (line 416, page 3)",
            "BudgetExecution 一般公共服务支出 not stored, DECIMAL(20,6) cannot hold it: final 123456789012345.1"
            " has more than 14 digits before the decimal point — " + LINE,
        ),
    ]
