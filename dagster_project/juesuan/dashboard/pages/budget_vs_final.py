"""预算与决算: the budget report's plan against the final account's outcome (marts.fct_budget_vs_final)."""

import streamlit as st

from juesuan.dashboard import charts, data

st.title("预算与决算 · Budget vs final account")
pairs = data.budget_vs_final()
if pairs is None or pairs.num_rows == 0:
    st.info("尚无预算报告 · no budget reports yet. 同一单位同一年度的部门预算与部门决算都入库后，这里对比两者。"
            " Once a department's budget (部门预算) and final account (部门决算) of the same year are both loaded,"
            " this page compares them.")
    st.stop()
kinds = sorted(set(pairs.column("item_kind").to_pylist()))
kind = st.selectbox("类别 kind", kinds)
shown = pairs.filter(charts.is_in(pairs, "item_kind", [kind]))
st.altair_chart(charts.budget_vs_actual(shown, "item_name", "budget_wan", "final_wan"), width="stretch")
st.dataframe(shown, hide_index=True, column_config={
    "organization_key": "单位 organisation", "fiscal_year": st.column_config.NumberColumn("年度 year", format="%d"),
    "item_kind": None, "item_code": "代码 code", "item_name": "项目 item", "budget_wan": "预算 budget (万元)",
    "final_initial_budget_wan": "决算所列年初预算 initial budget in the final account (万元)",
    "final_wan": "决算 final (万元)", "difference_wan": "差额 difference (万元)",
    "execution_rate_pct": "执行率 execution (%)"})
