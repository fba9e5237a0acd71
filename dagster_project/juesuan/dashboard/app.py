"""Streamlit entry point: `juesuan dashboard` (or `make dashboard`) serves it on http://localhost:8501."""

import streamlit as st

from juesuan.config import warehouse_path

# No page or page_icon icons: Streamlit fetches a Material icon shown as favicon from Google's font CDN, and the
# dashboard asks nothing of the outside (Streamlit's own favicon is served locally).
st.set_page_config(page_title="决算 Juesuan", layout="wide")

# the pages are named before anything is read: without a warehouse the sidebar still lists them properly
page = st.navigation(
    [
        st.Page("pages/overview.py", title="总览 Overview", default=True),
        st.Page("pages/three_public.py", title="“三公”经费 Three public costs"),
        st.Page("pages/budget_execution.py", title="预算执行 Budget execution"),
        st.Page("pages/budget_vs_final.py", title="预算与决算 Budget vs final"),
        st.Page("pages/findings.py", title="核对发现 Findings"),
        st.Page("pages/sql.py", title="SQL 查询 Query"),
    ]
)
if not warehouse_path().exists():
    st.error(f"尚无数据仓库 · no warehouse at `{warehouse_path()}`: run `make run` (or set JUESUAN_WAREHOUSE).")
    st.stop()
st.sidebar.caption(f"数据仓库 warehouse: `{warehouse_path()}` (read-only)")
page.run()
