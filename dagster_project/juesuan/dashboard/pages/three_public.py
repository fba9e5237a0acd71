"""“三公”经费 by item across organisations and years."""

import streamlit as st
from juesuan.dashboard import charts, data, tables

st.title("“三公”经费 · Three public costs")
st.caption(
    "各单位决算中的“三公”经费（万元），每项一行：表 T09 所列优先，否则取情况说明（与 SQL 中"
    " fct_three_public_costs 的首选来源相同）；预算报告的“三公”预算见“预算与决算”页"
    " · actuals of the final accounts in 万元, one row per item: from T09 where printed, else the narrative"
    " (the preferred source, as in SQL); budget reports' figures are on the budget-vs-final page"
)
costs = data.three_public_costs()
if costs.num_rows == 0:
    st.info("尚无“三公”经费数据 · no “three public” costs in the warehouse yet.")
    st.stop()
items = sorted(set(costs.column("item_zh").to_pylist()))
chosen = st.multiselect(
    "项目 item",
    items,
    default=[item for item in items if "合计" in item] or items[:1],
    placeholder="选择项目 choose items",
)
shown = costs.filter(charts.is_in(costs, "item_zh", chosen))
st.altair_chart(
    charts.grouped_amounts(shown, "organization_name", "actual_wan", "item_zh", "fiscal_year"), width="stretch"
)
tables.show(
    shown,
    {
        "organization_name": "单位 organisation",
        "fiscal_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "report_scope": "范围 scope (department 部门 · unit 单位)",
        "item": None,
        "item_zh": "项目 item",
        "budget_wan": "预算数 budget (万元)",
        "actual_wan": "决算数 actual (万元)",
        "source_kind": "来源 source",
        "page_no": "页 page",
        "line_no": "行 line",
    },
)
