"""总览: reports, organisations, years, findings by kind (as the HTML report counts them), per report."""

import streamlit as st
from juesuan.dashboard import charts, data, tables

st.title("总览 · Overview")
counts = data.overview()
if counts["reports"] == 0:
    st.info(
        "数据仓库中还没有报告 · the warehouse holds no reports yet. 把报告（.txt、.md、.pdf）放进输入文件夹"
        "（JUESUAN_RAW_DIR，默认 raw/）后运行 `make run` · put reports in the input folder and run `make run`."
        + (
            f" 未能读取的文件 {counts['rejected']} 个 · {counts['rejected']} files rejected: see the run summary."
            if counts["rejected"]
            else ""
        )
    )
    st.stop()

TILES = [  # (label, key, unit)
    ("报告 reports", "reports", "份"),
    ("单位 organisations", "organizations", "个"),
    ("年度 years", "years", "年"),
    ("未能读取的文件 rejected files", "rejected", "个"),
    ("错误 errors", "errors", "项"),
    ("警告 warnings", "warnings", "项"),
    ("提示 notes", "infos", "项"),
    ("舍入 rounding hints", "hints", "项"),
]
for row in (TILES[:4], TILES[4:]):
    for column, (label, key, unit) in zip(st.columns(4), row):
        column.metric(label, f"{counts[key]:,} {unit}")
st.caption(
    "不符 = 错误 + 警告 + 提示：错误与警告是数字之间的不一致，提示是值得说明之处（未必有错）；舍入差异不计为不符。"
    " · failures = errors + warnings + notes; notes are points worth explaining, not necessarily wrong;"
    " rounding hints are not failures."
)

st.subheader("各报告核对结果 · findings by report")
findings = data.findings_by_severity()
st.altair_chart(
    charts.stacked_counts(
        findings,
        "source_file",
        {"errors": "错误 errors", "warnings": "警告 warnings", "infos": "提示 notes", "hints": "舍入 hints"},
    ),
    width="stretch",
)
tables.show(
    findings,
    {
        "source_file": "文件 file",
        "organization_name": "单位 organisation",
        "fiscal_year": st.column_config.NumberColumn("年度 year", format="%d"),
        "errors": "错误 errors",
        "warnings": "警告 warnings",
        "infos": "提示 notes",
        "hints": "舍入 hints",
        "passed": "通过 passed",
    },
)
