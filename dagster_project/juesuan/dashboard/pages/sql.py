"""SQL 查询: browse any table of the warehouse or run a read-only query (row limit, timeout), download CSV."""

import duckdb
import streamlit as st
from juesuan.dashboard import sql, tables
from juesuan.dashboard.text import shown as text

st.title("SQL 查询 · Query")
st.caption(
    f"只读：查询只能读取数据仓库，不能写入、读取其他文件或联网；最多显示 {sql.ROW_LIMIT:,} 行，"
    f"超过 {sql.TIMEOUT_S:g} 秒即中止 · read-only: a query reads the warehouse and nothing else (no writes, no"
    f" files, no network); at most {sql.ROW_LIMIT:,} rows, stopped after {sql.TIMEOUT_S:g} s"
)
catalogue = sql.tables()
names = [f"{schema}.{name}" for schema, name, _ in catalogue]
chosen = st.selectbox(
    "浏览表 browse a table",
    catalogue,
    format_func=lambda t: f"{t[0]}.{t[1]}",
    index=names.index("marts.dim_reports") if "marts.dim_reports" in names else 0,
)
if chosen[2]:
    st.caption(text(" ".join(chosen[2].split())))
query = st.text_area(
    "SQL", value=sql.browse_query(chosen[0], chosen[1]), height=120, key=f"query-{chosen[0]}.{chosen[1]}"
)
try:
    result = sql.run(query)
except sql.QueryTimeout as stopped:
    st.error(str(stopped))
    st.stop()
except duckdb.Error as refused:
    st.error(f"查询未能执行 · the query failed: {text(str(refused))}")
    st.stop()
st.caption(
    f"{result.table.num_rows:,} 行 rows"
    + (f"（仅显示前 {sql.ROW_LIMIT:,} 行 · only the first {sql.ROW_LIMIT:,} shown）" if result.truncated else "")
    + f" · {result.seconds:.2f} s"
)
tables.show(result.table, {})
st.download_button("下载 CSV · download CSV", sql.csv_bytes(result.table), file_name="query.csv", mime="text/csv")
