"""预算与决算: the budget report's plan against the final account's outcome (marts.fct_budget_vs_final)."""

import pyarrow.compute as pc
import streamlit as st
from juesuan.dashboard import charts, data, tables

KINDS = {
    ("total", "total"): "总额 totals",
    ("function", "expenditure"): "功能分类·支出表 function items (B03↔T03)",
    ("function", "general_budget"): "功能分类·一般公共预算 function items (B05↔T05)",
    ("economic_class", "general_budget_basic"): "经济分类 economic classes (B06↔T06)",
    ("three_public", "fiscal"): "“三公”经费 three public costs",
}

st.title("预算与决算 · Budget vs final account")
pairs = data.budget_vs_final()
if pairs is None or pairs.num_rows == 0:
    st.info(
        "尚无预算报告 · no budget reports yet. 同一单位同一年度的部门预算与部门决算都入库后，这里对比两者。"
        " Once a department's budget (部门预算) and final account (部门决算) of the same year are both loaded,"
        " this page compares them."
    )
    st.stop()
st.caption(
    "同一单位同一年度的预算报告与决算报告 · a budget report and the final account of the same organisation and year"
)
who = sorted(
    {(row["organization_name"], row["fiscal_year"], row["has_final"]) for row in pairs.to_pylist()},
    key=lambda w: (not w[2], w[0] or "", w[1] or 0),
)  # pairs with both sides first
chosen = st.selectbox(
    "单位与年度 organisation and year",
    who,
    format_func=lambda w: f"{w[0]} {w[1]}" + ("" if w[2] else " （尚无决算 · no final account yet）"),
)
mine = pairs.filter(pc.and_(pc.equal(pairs["organization_name"], chosen[0]), pc.equal(pairs["fiscal_year"], chosen[1])))
kinds = sorted(
    {(row["item_kind"], row["basis"]) for row in mine.to_pylist()},
    key=lambda k: list(KINDS).index(k) if k in KINDS else len(KINDS),
)
kind = st.selectbox("类别 kind", kinds, format_func=lambda k: KINDS.get(k, " · ".join(k)))
shown = mine.filter(pc.and_(pc.equal(mine["item_kind"], kind[0]), pc.equal(mine["basis"], kind[1])))
st.altair_chart(charts.budget_vs_actual(shown, "item_name", "budget_wan", "final_wan"), width="stretch")
tables.show(
    shown,
    {  # the item, then what is compared: a wide table keeps difference and rate in view
        "item_name": "项目 item",
        "budget_wan": "预算 budget (万元)",
        "final_wan": "决算 final (万元)",
        "difference_wan": "差额 difference (万元)",
        "execution_rate_pct": "执行率 execution (%)",
        "item_code": "代码 code",
        "final_initial_budget_wan": "决算所列年初预算 final's initial budget (万元)",
        "budget_source_table": "预算表 budget table",
        "budget_page_no": "预算页 budget page",
        "final_source_table": "决算表 final table",
        "final_page_no": "决算页 final page",
        "organization_name": None,
        "fiscal_year": None,
        "has_final": None,
        "item_kind": None,
        "basis": None,
    },
)
