"""预算执行: 年初预算 vs 决算 per function item of one report."""

import streamlit as st
from juesuan.dashboard import charts, data, tables

st.title("预算执行 · Budget execution")
st.caption(
    "决算报告情况说明中各功能分类项目的年初预算与决算 · each function item's initial budget and final outcome,"
    " as a final account's narrative states them"
)
reports = data.reports(with_budget_execution=True)
if reports.num_rows == 0:
    st.info("尚无说明年初预算与决算的报告 · no report states initial budget vs final per item yet.")
    st.stop()
labels = data.report_titles(reports)
report_id = st.selectbox("报告 report", list(labels), format_func=labels.get)
execution = data.budget_execution(report_id)
st.altair_chart(charts.budget_vs_actual(execution, "item_name", "initial_budget_wan", "final_wan"), width="stretch")
tables.show(
    execution,
    {  # the item's own name first (pinned), then what is compared: the rates stay in view
        "item_name": "项目 item",
        "initial_budget_wan": "年初预算 initial budget (万元)",
        "final_wan": "决算 final (万元)",
        "completion_rate_reported_pct": "所述完成率 stated rate (%)",
        "completion_rate_pct": "计算完成率 computed rate (%)",
        "direction_reported": "所述 stated direction",
        "function_path": "功能分类 full path",
        "level": "级次 level",
        "page_no": "页 page",
        "line_no": "行 line",
    },
)
