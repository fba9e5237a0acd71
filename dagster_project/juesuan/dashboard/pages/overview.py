"""总览: reports, organisations, years, findings by severity."""

import streamlit as st

from juesuan.dashboard import charts, data, tables

st.title("总览 · Overview")
counts = data.overview()
columns = st.columns(4)
for column, (label, key) in zip(columns, [("报告 reports", "reports"), ("单位 organisations", "organizations"),
                                          ("年度 years", "years"), ("未能读取的文件 rejected files", "rejected")]):
    column.metric(label, counts[key])

st.subheader("各报告核对结果 · findings by severity")
findings = data.findings_by_severity()
st.altair_chart(charts.stacked_counts(findings, "source_file", {"errors": "错误 errors", "warnings": "警告 warnings",
                                                               "hints": "舍入 hints"}), width="stretch")
tables.show(findings, {
    "source_file": "文件 file", "organization_name": "单位 organisation", "fiscal_year": st.column_config.NumberColumn(
        "年度 year", format="%d"), "errors": "错误 errors", "warnings": "警告 warnings", "hints": "舍入 hints",
    "passed": "通过 passed"})
