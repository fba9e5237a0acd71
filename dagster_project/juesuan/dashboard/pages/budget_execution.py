"""预算执行: 年初预算 vs 决算 per function item of one report."""

import streamlit as st

from juesuan.dashboard import charts, data

st.title("预算执行 · Budget execution")
reports = data.reports()
if reports.num_rows == 0:
    st.info("尚无报告 · no reports in the warehouse yet.")
    st.stop()
labels = {row["report_id"]: f"{row['organization_name'] or row['source_file']} {row['fiscal_year'] or ''}"
          for row in reports.to_pylist()}
report_id = st.selectbox("报告 report", list(labels), format_func=labels.get)
execution = data.budget_execution(report_id)
if execution.num_rows == 0:
    st.info("该报告未说明年初预算与决算 · this report states no initial budget vs final per item.")
    st.stop()
st.altair_chart(charts.budget_vs_actual(execution, "item_name", "initial_budget_wan", "final_wan"), width="stretch")
st.dataframe(execution, hide_index=True, column_config={
    "function_path": "功能分类 item", "item_name": None, "level": "级次 level", "initial_budget_wan": "年初预算 initial budget (万元)",
    "final_wan": "决算 final (万元)", "completion_rate_reported_pct": "所述完成率 stated rate (%)",
    "completion_rate_pct": "计算完成率 computed rate (%)", "direction_reported": "所述 stated direction",
    "page_no": "页 page", "line_no": "行 line"})
