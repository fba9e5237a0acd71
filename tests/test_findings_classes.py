"""Issue 26's remaining error classes, each seen passing on a real report and failing on a copy of
one with a figure or a phrase changed, and every finding of the run true in detail: the cited line
holds the figure, printed in the unit its source prints (万元 narratives, 元 budget tables).

One pipeline run for the module: copies of the text samples and text copies of the Shanghai budget
21 (its PDF's lines and table rows, as tests/test_budget_marts.py makes them).
"""

import re
import shutil

import pytest
from juesuan.findings_report.findings import read_findings
from juesuan.findings_report.wording import sentence_zh

from tests.conftest import SHARED_BUDGETS, build_warehouse, sample_path
from tests.test_budget_marts import _text_copy

SOURCE_21 = SHARED_BUDGETS / "21_shanghai_putuo_bangongshi_2025_budget.pdf"

# copy name → (source, [(original text, changed text)]): real lines with one figure or phrase changed.
TEXT_COPIES = {
    # “三公” items stated in other sentence forms: "…经费支出为0", "无…支出" (must pass)
    "001_three_public_forms": (
        "001",
        [
            ("1.本年未发生因公出国(境)业务，无相关经费，也未编", "1.本年因公出国(境)经费支出为0，也未编"),
            ("3.本年未发生公务接待业务，无相关经费，也未编制相", "3.本年无公务接待费支出，也未编制相"),
        ],
    ),
    # … and in a list of amounts (must pass)
    "001_three_public_list": (
        "001",
        [
            (
                "1.本年未发生因公出国(境)业务，无相关经费，也未编",
                "1.本年因公出国(境)费、公务接待费分别为0万元、0万元，也未编",
            ),
            ("3.本年未发生公务接待业务，无相关经费，也未编制相", "3.本年公务接待业务见上，也未编制相"),
        ],
    ),
    # an item not stated at all (must fail)
    "001_three_public_missing": (
        "001",
        [
            ("1.本年未发生因公出国(境)业务，无相关经费，也未编", "1.本年度因公出国(境)情况略，也未编"),
        ],
    ),
    # a share indicator (覆盖率) printed over 100%
    "001_indicator_share": ("001", [("党建培训活动覆盖率（3分） ≥90% 95% 3", "党建培训活动覆盖率（3分） ≥90% 105% 3")]),
    # a rate on a zero budget: 002 prints 0 of 0 as "完成预算的 0%" (states nothing spent: passes); 100% fails
    "002_rate_on_zero_budget": (
        "002",
        [("支出决算为 0.00 万元，\n\n完成预算的 0%", "支出决算为 0.00 万元，\n\n完成预算的 100%")],
    ),
    # 003 prints "2020年决算数3,061.94万元" (the 2021 figure); naming last year's own figure is right
    "003_prior_year_figure": ("003", [("2020年决算数3,061.94万元中", "2020年决算数2,943.28万元中")]),
}

BUDGET_COPIES = {
    "21_budget": [],
    # the chapters the local template asks for, gone: 编制说明's heading, 其他相关情况说明 with its
    # “三公” and 机关运行经费 sentences
    "21_chapters_missing": [
        ("\f2025年部门预算编制说明\n", "\f"),
        (
            "其他相关情况说明\n一、2025年“三公”经费预算情况说明\n2025年“三公”经费预算数为867.50万元，与2024年预算持平。",
            "一、",
        ),
        ("\n二、机关运行经费预算\n", "\n"),
        ("财政拨款的机关运行经费预算为213.28万元。", "财政拨款的机关运行经费预算见表9。"),
    ],
    # income said to rise where expenditure falls; target funds beyond project spending; 支出 ≠ 收入
    "21_inserted_claims": [
        ("财政拨款收入9,101.68万元，比2024年预算减少", "财政拨款收入9,101.68万元，比2024年预算增加"),
        ("涉及项目预算资金6626万元", "涉及项目预算资金66260万元"),
        ("支出预算9,101.68万元，其中：", "支出预算9,110.68万元，其中："),
    ],
}

# the national template's titles under 公开NN表 numbers in place of Shanghai's (as tests/test_any_region.py
# re-lays them): the rules read the tables by what they are, not by one region's titles
NATIONAL_TITLES = [
    ("\f2025年部门财务收支预算总表", "\f公开01表\n部门收支总表"),
    ("\f2025年部门收入预算总表", "\f公开02表\n部门收入总表"),
    ("\f2025年部门支出预算总表", "\f公开03表\n部门支出总表"),
    ("\f2025年部门财政拨款收支预算总表", "\f公开04表\n财政拨款收支总表"),
    ("\f2025年部门一般公共预算支出功能分类预算表", "\f公开05表\n一般公共预算支出表"),
]
# B02's 事业运行 row (its page line and its table row) printed 10,000 元 above B03's 3,807,295.58
CLASS_UNBALANCED = [
    ("事业运行 3,807,295.58 3,807,295.58", "事业运行 3,817,295.58 3,817,295.58"),
    ("事业运行\t3,807,295.58\t3,807,295.58", "事业运行\t3,817,295.58\t3,817,295.58"),
]
BUDGET_COPIES |= {
    "21_national_titles": NATIONAL_TITLES,
    # the budget rules' failing copies again under the national titles: each still fails
    "21_national_chapters_missing": NATIONAL_TITLES + BUDGET_COPIES["21_chapters_missing"],
    "21_national_inserted_claims": NATIONAL_TITLES + BUDGET_COPIES["21_inserted_claims"],
    "21_class_unbalanced": CLASS_UNBALANCED,
    "21_national_unbalanced_class": NATIONAL_TITLES + CLASS_UNBALANCED,
    # B04's 一般公共预算资金 printed 100,000 元 above B05's 合计 91,016,775.35
    "21_fund_unbalanced": [
        ("一、一般公共预算资金 91,016,775.35", "一、一般公共预算资金 91,116,775.35"),
        ("一、一般公共预算资金\t91,016,775.35", "一、一般公共预算资金\t91,116,775.35"),
    ],
}

# copy name → (source, where the part to print again opens, where it ends, where to print it again): the
# sample's own lines copied whole
REPEATED_TABLES = {
    # one standard table printed a second time after other tables: T05 again after T06 …
    "003_table_twice": (
        "003",
        "## 2021年度一般公共预算财政拨款支出决算表（表5）",
        "2021年度一般公共预算财政拨款基本支出决算明细表（表6）",
        "2021年度一般公共预算财政拨款“三公”经费支出决算表（表7）",
    ),
    # … and the budget's B05 again after B07, B08 and B06
    "21_table_twice": (
        "21",
        "\f2025年部门一般公共预算支出功能分类预算表",
        "\f2025年部门政府性基金预算支出功能分类预算表",
        "\f2025年部门“三公”经费和机关运行经费预算表",
    ),
    # … and under the national titles: 一般公共预算支出表 (公开05表) again after 公开07, 08 and 06
    "21_national_table_twice": (
        "21_national_titles",
        "\f公开05表\n一般公共预算支出表",
        "\f2025年部门政府性基金预算支出功能分类预算表",
        "\f2025年部门“三公”经费和机关运行经费预算表",
    ),
    # one table whose title and header are printed again where it runs over a page: still one table
    "003_title_each_page": (
        "003",
        "## 2021年度一般公共预算财政拨款支出决算表（表5）",
        "合 计\t",
        "210\t卫生健康支出\t",
    ),
}

# (rule, copy that must fail it, reports that must pass it)
CASES = [
    ("CO_THREE_PUBLIC_ITEMS", "001_three_public_missing", ("001_3", "001_three_public_forms", "001_three_public_list")),
    ("PC_INDICATOR_SHARE_OVER_100", "001_indicator_share", ("001_3",)),
    ("HY_SENTENCE_YEAR", "003_5", ("003_prior_year_figure",)),
    ("PC_COMPLETION_BASE", "002_rate_on_zero_budget", ("002_0",)),
    ("CO_BUDGET_CHAPTERS", "21_chapters_missing", ("21_budget",)),
    ("BN_CHANGE_DIRECTION", "21_inserted_claims", ("21_budget", "21_national_titles")),
    ("BN_PERFORMANCE_TARGET_FUNDS", "21_inserted_claims", ("21_budget", "21_national_titles")),
    ("BN_INCOME_EXPENDITURE", "21_inserted_claims", ("21_budget", "21_national_titles")),
    ("CO_DUPLICATE_TABLE", "003_table_twice", ("003_5", "003_title_each_page")),
    ("CO_DUPLICATE_TABLE", "21_table_twice", ("21_budget", "21_national_titles")),
    ("CO_BUDGET_CHAPTERS", "21_national_chapters_missing", ("21_national_titles",)),
    ("BN_CHANGE_DIRECTION", "21_national_inserted_claims", ("21_national_titles",)),
    ("BN_PERFORMANCE_TARGET_FUNDS", "21_national_inserted_claims", ("21_national_titles",)),
    ("BN_INCOME_EXPENDITURE", "21_national_inserted_claims", ("21_national_titles",)),
    ("CO_DUPLICATE_TABLE", "21_national_table_twice", ("21_national_titles",)),
    ("BC_CLASS_INCOME_EXPENDITURE", "21_class_unbalanced", ("21_budget", "21_national_titles")),
    ("BC_CLASS_INCOME_EXPENDITURE", "21_national_unbalanced_class", ("21_budget",)),
    ("BC_FUND_INCOME_EXPENDITURE", "21_fund_unbalanced", ("21_budget", "21_national_titles")),
    # 003's 支出决算表 prints 2210201 and 2210202's empty cells as 0.00 and 2210203's blank (line 210-212)
    ("HY_ZERO_CELL_FORM", "003_5", ("21_budget", "21_national_titles")),
]
# the rules whose passing and failing cases live here (tests/test_reconciliation.py leaves them out)
CLASS_RULES = {rule for rule, *_ in CASES} - {"CO_THREE_PUBLIC_ITEMS"}
NEW_RULES = CLASS_RULES - {"PC_COMPLETION_BASE"}


def _with_table_repeated(text: str, opening: str, ending: str, before: str) -> str:
    start = text.index(opening)
    end = text.index(ending, start)
    at = text.index(before, end)
    return text[:at] + text[start:end] + text[at:]


def _changed(text: str, replacements) -> str:
    for original, changed in replacements:
        assert original in text, original
        text = text.replace(original, changed, 1)
    return text


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, dbt_manifest):
    if not SOURCE_21.exists():
        pytest.skip(f"the budget PDF is not present at {SOURCE_21} (never committed)")
    root = tmp_path_factory.mktemp("findings_classes")
    (root / "raw").mkdir()
    for prefix in ("001", "002", "003"):
        shutil.copy(sample_path(prefix), root / "raw")
    for name, (prefix, replacements) in TEXT_COPIES.items():
        text = sample_path(prefix).read_text(encoding="utf-8")
        (root / "raw" / f"{name}.txt").write_text(_changed(text, replacements), encoding="utf-8")
    budget = _text_copy(SOURCE_21)
    for name, replacements in BUDGET_COPIES.items():
        (root / "raw" / f"{name}.txt").write_text(_changed(budget, replacements), encoding="utf-8")
    sources = {
        "003": sample_path("003").read_text(encoding="utf-8"),
        "21": budget,
        "21_national_titles": _changed(budget, NATIONAL_TITLES),
    }
    for name, (source, *titles) in REPEATED_TABLES.items():
        (root / "raw" / f"{name}.txt").write_text(_with_table_repeated(sources[source], *titles), encoding="utf-8")
    conn = build_warehouse(root)
    yield conn
    conn.close()


def _statuses(conn, rule, prefix):
    return {
        status
        for (status,) in conn.execute(
            "select c.status from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id) "
            "where c.rule_id = ? and starts_with(d.source_file, ?)",
            [rule, prefix],
        ).fetchall()
    }


@pytest.mark.parametrize("rule, failing, passing", CASES, ids=[case[0] for case in CASES])
def test_each_class_passes_on_real_lines_and_fails_on_the_changed_copy(warehouse, rule, failing, passing):
    assert "fail" in _statuses(warehouse, rule, failing)
    for report in passing:
        statuses = _statuses(warehouse, rule, report)
        assert "pass" in statuses and "fail" not in statuses, (report, statuses)


def test_each_new_rule_has_its_template_clause_and_fix_hint(warehouse):
    rows = warehouse.execute(
        "select rule_id, template_clause, fix_hint from marts.reconciliation_rules where rule_id in (select unnest(?))",
        [sorted(NEW_RULES)],
    ).fetchall()
    assert len(rows) == len(NEW_RULES) and all(clause and hint for _, clause, hint in rows)


def test_the_missing_chapters_are_named(warehouse):
    failing = {
        subject
        for (subject,) in warehouse.execute(
            "select c.subject from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id) "
            "where c.rule_id = 'CO_BUDGET_CHAPTERS' and c.status = 'fail' and d.source_file = '21_chapters_missing.txt'"
        ).fetchall()
    }
    assert failing == {"chapter budget_notes", "chapter other_notes", "chapter three_public", "chapter operating_costs"}


def test_a_duplicate_table_names_both_places_it_is_printed(warehouse):
    """The T05 printed again after T06: the finding names the line of each title, read from the copy itself."""
    ((subject,),) = warehouse.execute(
        "select c.subject from marts.fct_reconciliation_checks c join marts.dim_reports d using (report_id) "
        "where c.rule_id = 'CO_DUPLICATE_TABLE' and c.status = 'fail' and d.source_file = '003_table_twice.txt'"
    ).fetchall()
    titles = [
        line_no
        for (line_no,) in warehouse.execute(
            "select l.line_no from raw.lines l join marts.dim_reports d using (report_id) "
            "where d.source_file = '003_table_twice.txt' and l.text like '%一般公共预算财政拨款支出决算表（表5）' order by 1"
        ).fetchall()
    ]
    assert len(titles) == 2 and subject == f"T05 (line {titles[0]}; line {titles[1]})"
    (sentence,) = [
        sentence_zh(f)
        for f in read_findings(warehouse, statuses=("fail",))
        if f.rule_id == "CO_DUPLICATE_TABLE" and f.source_file == "003_table_twice.txt"
    ]
    assert sentence.startswith(f"T05 (第{titles[0]}行; 第{titles[1]}行)："), sentence
    # a budget printed in pages: each place is its page and line
    budget = [
        (f.subject_en, f.subject_zh)
        for f in read_findings(warehouse, statuses=("fail",))
        if f.rule_id == "CO_DUPLICATE_TABLE" and f.source_file == "21_table_twice.txt"
    ]
    assert len(budget) == 1 and re.fullmatch(r"B05 \(page \d+ line \d+; page \d+ line \d+\)", budget[0][0]), budget
    assert re.fullmatch(r"B05 \(第\d+页第\d+行; 第\d+页第\d+行\)", budget[0][1]), budget


def _figures_in(text):
    return re.findall(r"\d[\d,]*(?:\.\d+)?", text or "")


def _unit_after(text, figure):
    """The unit a line prints right after a figure: 万元, 元 or None."""
    found = re.search(r"(?<![\d.,])" + re.escape(figure) + r"\s*(万元|元)", text or "")
    return found.group(1) if found else None


def test_every_finding_cites_the_line_or_cell_holding_its_figure_in_the_source_unit(warehouse):
    """Every fail and hint of every severity: a figure a side prints is on the line it cites (text reports
    have lines; a table side names its table), and it is printed in the unit its source prints: 元 for the
    budget's tables in 元, the finding's 万元 for the narrative's 万元."""
    lines = {
        (report, line): text
        for report, line, text in warehouse.execute("select report_id, line_no, text from raw.lines").fetchall()
    }
    table_units = dict(
        ((report, table), unit)
        for report, table, unit in warehouse.execute(
            "select distinct report_id, source_table, reported_unit from marts.fct_table_values where source_table is not null"
        ).fetchall()
    )
    findings = read_findings(warehouse, statuses=("fail", "hint"))
    # every side that prints a figure of its source (a computed side, a sum or a rate, is none, though the same
    # digits may be printed there): its own quoted text holds the figure, or states a zero in words
    # ("该科目未申请年初财政拨款预算": a 年初预算 of 0)
    figure_sides = [
        (f, side)
        for f in findings
        for side in (f.stated, f.expected)
        if side.printed and (side is f.stated or f.expected_kind == "figure")
    ]
    worded_zeros = [
        (f, side)
        for f, side in figure_sides
        if side.printed.lstrip("-") not in _figures_in(side.source_text)
        and not side.printed.strip("-0.")
        and re.search("未|无|没有", side.source_text or "")
    ]
    sides = [pair for pair in figure_sides if pair not in worded_zeros]
    assert [
        (f.source_file, f.rule_id, side.printed)
        for f, side in sides
        if side.printed.lstrip("-") not in _figures_in(side.source_text)
    ] == []
    assert {f.severity for f, _ in sides} >= {"error", "warning"}
    on_lines = [(f, side) for f, side in sides if side.line_no is not None]
    assert len(on_lines) > 20
    assert [
        (f.source_file, f.rule_id, side.line_no, side.printed)
        for f, side in on_lines
        if side.printed.lstrip("-") not in _figures_in(lines[(f.report_id, side.line_no)])
    ] == []
    # the unit: a table side prints its table's unit, a narrative side the unit printed after the figure
    units = []
    for f, side in sides:
        figure = side.printed.lstrip("-")
        source_unit = (
            table_units.get((f.report_id, side.source_table))
            if side.source_table
            else _unit_after(side.source_text, figure)
        )
        if source_unit in ("元", "万元"):
            units.append((source_unit, side.unit or f.unit))
    assert {source for source, _ in units} == {"元", "万元"}, "both units are seen"
    assert [pair for pair in units if pair[0] != pair[1]] == []
