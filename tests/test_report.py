"""The findings report: findings worded in Chinese and English, both sides named where they are printed."""

import heapq
import re
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

import duckdb
import pytest
from juesuan.findings_report.figures import at_precision, line_holding, printed_figure, printed_unit, short_quote
from juesuan.findings_report.files import latest_path, write_reports
from juesuan.findings_report.findings import SEVERITY_ORDER, most_serious, read_findings
from juesuan.findings_report.html import render_html
from juesuan.findings_report.markdown import render_markdown
from juesuan.findings_report.wording import sentence_en, sentence_zh

from tests.conftest import SHARED_PDFS

# Real lines of sample 001's narrative (lines 124 and 704).
INCOME_LINE = "2023 年度收入合计 11902.59 万元，与 2022 年度相比，"
PROCUREMENT_LINE = "本部门 2023 年度政府采购支出总额 1788.11 万元，其"


def test_figures_keep_their_printed_form():
    assert printed_figure(Decimal("11902.590000"), INCOME_LINE) == "11902.59"
    assert printed_figure(Decimal("2961.680000"), "总计\t2,961.68\t总计") == "2,961.68"
    assert printed_figure(Decimal("0.006580"), "执行数为 65.8 元") == "65.8"  # 元 read as 万元 × 10000
    assert printed_figure(Decimal("5"), INCOME_LINE) is None
    assert at_precision(Decimal("1798.110000"), 2) == "1798.11"
    assert at_precision(Decimal("0.004511"), 2) == "0.005"  # not rounded away to 0.00
    assert at_precision(Decimal("2961.380000"), 2, grouped=True) == "2,961.38"


def test_a_figure_keeps_the_unit_its_source_prints():
    # sample 21's B01 prints 收入总计 91,016,775.35 in 元; its narrative 9,101.68 万元
    assert printed_unit(Decimal("9101.677535"), "91,016,775.35") == "元"
    assert printed_unit(Decimal("9101.680000"), "9,101.68") is None
    assert printed_unit(Decimal("0"), "0") is None


def test_the_line_holding_a_figure_holds_it_as_a_whole_number():
    # 001's lines 347–351: the item number 14 is not the amount 1
    sentence = "14. 文化旅游体育与传媒支出（类）文化和旅游（款）\n一般行政管理事务（项）。该科目未申请年初财政拨款预算，\n支出决算为1万元。"
    assert line_holding(sentence, "1") == "支出决算为1万元。"
    assert short_quote(sentence, "1") == "支出决算为1万元。"


def test_short_quote_is_the_line_holding_the_figure():
    text = "中：政府采购货物支出 98.84 万元、政府采购工程支出 96.58\n万元、政府采购服务支出 1602.69 万元。"
    assert short_quote(text, "1602.69") == "万元、政府采购服务支出 1602.69 万元。"
    assert short_quote("合计\t\t9746.50\t5364.75\t4381.74", "5364.75") == "合计 | 9746.50 | 5364.75 | 4381.74"
    long = "甲" * 100 + " 1788.11 " + "乙" * 100
    quoted = short_quote(long, "1788.11")
    assert quoted.startswith("…") and quoted.endswith("…") and "1788.11" in quoted and len(quoted) < 90


@pytest.fixture(scope="module")
def findings(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        return read_findings(conn)


def _one(findings, source_prefix, rule_id, subject_part):
    matches = [
        f
        for f in findings
        if f.source_file.startswith(source_prefix) and f.rule_id == rule_id and subject_part in f.subject_en
    ]
    assert len(matches) == 1, [f.subject_en for f in findings if f.rule_id == rule_id]
    return matches[0]


def test_a_narrative_sum_names_both_lines_and_the_printed_amounts(findings):
    finding = _one(findings, "001_", "NI_PROCUREMENT_SUM", "procurement")
    assert finding.subject_zh.startswith("情况说明 政府采购支出总额 (")
    assert (finding.stated.where_zh, finding.expected.where_zh) == ("情况说明 第704行", "情况说明 第706行")
    assert sentence_zh(finding) == (
        f"{finding.subject_zh}：情况说明 第704行 为 1788.11万元，各部分之和（情况说明 第706行）为 1798.11万元，"
        "相差 10.00万元（情况说明中的政府采购支出总额应等于货物、工程、服务之和）。"
    )
    assert sentence_en(finding).startswith("narrative government procurement total (")
    assert finding.stated.quote == PROCUREMENT_LINE


def test_a_line_that_breaks_a_rule_is_named_not_called_missing(findings):
    finding = _one(findings, "001_", "HY_AMOUNT_DECIMALS", "line 826")  # 001's 4000.953 万元
    assert sentence_zh(finding) == "第826行：不符合“以万元为单位的金额最多保留两位小数”。"
    assert "4000.953" in finding.stated.quote
    missing = _one(findings, "003_", "CO_STANDARD_TABLES", "T01")  # 003 prints no 收入支出决算总表
    assert sentence_zh(missing).endswith("但报告中未找到。")


def test_a_finding_with_one_figure_names_it_and_prints_no_none(findings):
    # as 23_…wanli's SE_CHANGE_REASON: a stated “三公” change (-10 万元) with no reason, nothing to compare with
    procurement = _one(findings, "001_", "NI_PROCUREMENT_SUM", "procurement")
    one_sided = replace(procurement, expected=replace(procurement.expected, printed=None))
    assert sentence_zh(one_sided) == (
        f"{one_sided.subject_zh}：情况说明 第704行 为 1788.11万元，不符合“{one_sided.rule_zh}”。"
    )
    assert "None" not in sentence_en(one_sided) and "states 1788.11 万元" in sentence_en(one_sided)


def test_each_figure_is_worded_with_its_own_unit(findings):
    # as sample 21's NT_SAME_METRIC: B01 in 元 beside the narrative in 万元, never "91,016,775.35万元"
    procurement = _one(findings, "001_", "NI_PROCUREMENT_SUM", "procurement")
    in_yuan = replace(procurement, stated=replace(procurement.stated, printed="91,016,775.35", unit="元"))
    assert "为 91,016,775.35元，" in sentence_zh(in_yuan) and "为 1798.11万元" in sentence_zh(in_yuan)
    assert "states 91,016,775.35 元," in sentence_en(in_yuan)


def test_a_pdf_finding_names_table_and_page(findings):
    if not any(SHARED_PDFS.glob("*.pdf")):
        pytest.skip(f"real sample PDFs not present at {SHARED_PDFS} (they are never committed)")
    finding = _one(findings, "01_shanghai", "NT_SAME_METRIC", "fiscal appropriation grand total")
    assert (finding.stated.where_zh, finding.expected.where_zh) == ("T04 第13页", "情况说明 第21页第389行")
    assert (finding.stated.printed, finding.expected.printed, finding.gap) == ("2,961.68", "0.3", "2,961.38")
    assert "情况说明 第21页第389行 为 0.3万元" in sentence_zh(finding)  # not "第389行为", read as 行为


def test_reports_render_every_finding_without_nan(findings):
    html = render_html(findings, "juesuan.duckdb")
    markdown = render_markdown(findings, "juesuan.duckdb")
    for text in (re.sub(r"<style>.*?</style>", "", html, flags=re.S), markdown):  # not in the fonts' base64
        assert not re.search(r"\bnan\b|None", text)
        assert "T09 第369行 为 83.75万元，各部分之和为 35.20万元" in text  # 003's vehicle subtotal
    assert markdown.count("\n- **") == len(findings)
    # self-contained: no scripts, no stylesheet or image fetched from anywhere
    assert "<script" not in html and not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "&lt;" not in render_html([], "x") and "No discrepancies found." in render_markdown([], "x")


def test_each_run_and_each_warehouse_writes_its_own_report(sample_warehouse, tmp_path):
    other = tmp_path / "reports" / ".." / "other.duckdb"
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        first = write_reports(conn, other, datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
        second = write_reports(conn, other, datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc))
    assert first["html"].name == "other-20261201T080000Z.html"
    assert second["md"].name == "other-20261201T093000Z.md" and first["html"].exists()
    assert latest_path(other, "html").read_text(encoding="utf-8") == second["html"].read_text(encoding="utf-8")
    assert latest_path(other, "md").name == "other-latest.md"


def test_the_reports_say_how_much_of_the_tables_was_read(sample_warehouse, tmp_path):
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        read, found = conn.execute(
            "select sum(table_numbers_read), sum(table_numbers_found) from marts.dim_reports"
        ).fetchone()
        written = write_reports(conn, tmp_path / "w.duckdb", datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    assert found > 0
    assert f"{read} / {found}" in written["html"].read_text(encoding="utf-8")
    assert f"table figures read): {read} / {found}" in written["md"].read_text(encoding="utf-8")


def _ranked_in_python(conn, count):
    """The ranking the run summary used before it moved to SQL: every failure as a Finding in report order,
    the `count` smallest by severity, then |difference| ÷ the larger figure (Decimal) largest first."""
    figures = {
        check_id: (difference, expected, actual)
        for check_id, difference, expected, actual in conn.execute(
            """select check_id, difference, expected_value, actual_value from marts.fct_reconciliation_checks
           where status = 'fail'"""
        ).fetchall()
    }

    def relative(finding):
        difference, *values = figures[finding.check_id]
        scale = max((abs(v) for v in values if v is not None), default=None)
        return abs(difference) / scale if difference is not None and scale else None

    return heapq.nsmallest(
        count,
        read_findings(conn, statuses=("fail",)),
        key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), -(relative(f) or 0)),
    )


def test_the_most_serious_failures_are_ranked_in_sql_as_they_were_in_python(sample_warehouse):
    with duckdb.connect(str(sample_warehouse), read_only=True) as conn:
        failures = conn.execute(
            "select count(*) from marts.fct_reconciliation_checks where status = 'fail'"
        ).fetchone()[0]
        assert failures > 10
        assert most_serious(conn, 10) == _ranked_in_python(conn, 10)
        # every failure: the ties (same severity and ratio, often none) fall in the report's order as before
        assert [f.check_id for f in most_serious(conn, failures)] == [
            f.check_id for f in _ranked_in_python(conn, failures)
        ]
