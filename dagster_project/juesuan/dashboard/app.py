"""Streamlit entry point: `juesuan dashboard` (or `make dashboard`) serves it on http://localhost:8501."""

import streamlit as st

from juesuan.config import warehouse_path

st.set_page_config(page_title="决算 Juesuan", page_icon=":material/account_balance:", layout="wide")

# the pages are named before anything is read: without a warehouse the sidebar still lists them properly
page = st.navigation([
    st.Page("pages/overview.py", title="总览 Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/three_public.py", title="“三公”经费 Three public costs", icon=":material/directions_car:"),
    st.Page("pages/budget_execution.py", title="预算执行 Budget execution", icon=":material/bar_chart:"),
    st.Page("pages/budget_vs_final.py", title="预算与决算 Budget vs final", icon=":material/compare_arrows:"),
    st.Page("pages/findings.py", title="核对发现 Findings", icon=":material/search:"),
    st.Page("pages/sql.py", title="SQL 查询 Query", icon=":material/database:"),
])
if not warehouse_path().exists():
    st.error(f"尚无数据仓库 · no warehouse at `{warehouse_path()}`: run `make run` (or set JUESUAN_WAREHOUSE).")
    st.stop()
st.sidebar.caption(f"数据仓库 warehouse: `{warehouse_path()}` (read-only)")
page.run()
