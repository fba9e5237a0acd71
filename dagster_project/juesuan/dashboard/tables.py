"""Warehouse tables as a person reads them: a missing value is “—”, not None; amounts as printed, with
thousands separators and no trailing zeros (DECIMAL(20,6) would show 0.950000)."""

from decimal import Decimal

import pyarrow as pa
import streamlit as st

Label = str | None | dict  # a heading, None to hide the column, or a st.column_config entry


def cell_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    return str(value)


def show(table: pa.Table, columns: dict[str, Label]) -> None:
    """st.dataframe of the table, headed by `columns`; amounts and columns with gaps are shown as text."""
    frame = table.to_pandas()
    config: dict[str, Label] = {}
    for field in table.schema:
        label = columns.get(field.name, field.name)
        if isinstance(label, str) and (pa.types.is_decimal(field.type) or table.column(field.name).null_count):
            frame[field.name] = [cell_text(value) for value in table.column(field.name).to_pylist()]
            numeric = pa.types.is_decimal(field.type) or pa.types.is_integer(field.type)
            label = st.column_config.TextColumn(label, alignment="right" if numeric else None)
        config[field.name] = label
    st.dataframe(frame, hide_index=True, column_config=config)
