"""核对发现: filter findings by report, rule and severity; each with both figures, the rule and the source itself.
Text from a report (names, quotes, file names) is shown as text: escaped wherever Streamlit reads Markdown."""

import streamlit as st
from juesuan.dashboard import data, source
from juesuan.dashboard.text import shown as text
from juesuan.findings_report.figures import line_holding
from juesuan.findings_report.findings import SEVERITY_ORDER, Finding, Side
from juesuan.findings_report.wording import sentence_en, sentence_zh

KINDS = {
    "error": "错误 error",
    "warning": "警告 warning",
    "info": "提示 info",
    "hint": "舍入 hint",
    "insufficient_data": "未读 not read",
}
RAW_DIR = text("JUESUAN_RAW_DIR")


def kind(finding: Finding) -> str:
    return finding.severity if finding.status == "fail" else finding.status


def show_source(finding: Finding, side: Side) -> None:
    st.markdown(f"**{text(side.where_zh)}** · {text(side.where_en)}")
    if finding.source_format == "pdf" and side.page_no is not None and side.printed:
        pdf = data.source_pdf(finding.source_file)
        if pdf.exists():
            if side.line_no is None:  # a table cell: its box is in raw.table_cells
                boxes = source.cell_boxes(
                    data.page_cells(finding.report_id, side.page_no), side.source_text, side.printed
                )
            else:
                boxes = source.text_boxes(pdf, side.page_no, line_holding(side.source_text, side.printed), side.printed)
            if boxes:
                st.image(source.page_excerpt(pdf, side.page_no, *boxes))
                st.caption(
                    f"{text(finding.source_file)} 第{side.page_no}页，数字以红框标出 · p. {side.page_no}, figure boxed in red"
                )
                return
            st.caption("数字未在该页定位 · the figure was not located on the page")
        elif data.raw_dir_is_set():
            st.caption(f"PDF 不在输入文件夹中 · PDF not found: {text(str(pdf))}")
        else:
            st.caption(
                f"PDF 未找到：请把 {RAW_DIR} 设为报告所在的文件夹 · PDF not found at {text(str(pdf))}:"
                f" set {RAW_DIR} to the folder the reports were read from, then restart the dashboard"
            )
    if side.line_no is not None:
        lines = data.lines_around(finding.report_id, side.line_no)
        # one printed line per row, whatever line breaks a hostile line holds
        st.code(
            "\n".join(
                f"{'▶' if line_no == side.line_no else ' '} {line_no:>5}  {' '.join(line.splitlines())}"
                for _, line_no, line in lines
            ),
            language=None,
        )
    else:
        st.markdown(f"“{text(side.quote)}”")


st.title("核对发现 · Findings")
reports = data.report_titles(data.reports())
left, middle, right = st.columns(3)
report_id = left.selectbox(
    "报告 report", [None, *reports], format_func=lambda r: "全部 all" if r is None else reports[r]
)
findings = data.findings(report_id)
rules = middle.multiselect("规则 rule", sorted({f.rule_id for f in findings}), placeholder="全部规则 all rules")
kinds = right.multiselect(
    "严重程度 severity", list(KINDS), default=["error", "warning"], format_func=KINDS.get, placeholder="全部 all"
)
shown = [f for f in findings if (not rules or f.rule_id in rules) and (not kinds or kind(f) in kinds)]
# the most serious first (stable: report order within a severity), so the finding shown first is one of them
shown.sort(key=lambda f: SEVERITY_ORDER.get(f.severity, 9) if f.status == "fail" else 9)
st.caption(f"{len(shown)} 项 · findings")
if not shown:
    st.info("没有符合条件的发现 · no findings match.")
    st.stop()

st.dataframe(
    [
        {
            "报告 report": f.report_title,
            "规则 rule": f.rule_id,
            "类别 kind": KINDS[kind(f)],
            "发现 finding": sentence_zh(f),
        }
        for f in shown
    ],
    hide_index=True,
)
finding = st.selectbox("查看 show", shown, format_func=lambda f: f"{f.rule_id} · {f.subject_zh} · {f.source_file}")
st.subheader(text(finding.subject_zh))
st.markdown(text(sentence_zh(finding)))
st.caption(text(sentence_en(finding)))
stated, compared, difference, tolerance = st.columns(4)
stated.metric(f"所列 stated · {text(finding.stated.where_zh)}", finding.stated.printed or "—")
compared.metric(
    "对照 compared · "
    + {"sum": "各部分之和 sum of parts", "rate": "计算 computed"}.get(
        finding.expected_kind, text(finding.expected.where_zh)
    ),
    finding.expected.printed or "—",
)
difference.metric("差额 difference", finding.gap)
tolerance.metric("容差 tolerance", finding.tolerance or "—")
st.markdown(
    f"**规则 rule {finding.rule_id}**：{finding.rule_zh} · {finding.rule_en}"
    + (f"  \n公式 formula：`{finding.formula}`" if finding.formula else "")
)
for side in finding.quoted_sides:
    show_source(finding, side)
