"""Warehouse tables as a person reads them: a missing value is “—”, not None; amounts as printed, with
thousands separators and no trailing zeros (DECIMAL(20,6) would show 0.950000); rates (`_pct`) with two
decimals, as reports state them; columns in the order the page lists them, the first one pinned."""

from decimal import Decimal

import pyarrow as pa
import streamlit as st

Label = str | None | dict  # a heading, None to hide the column, or a st.column_config entry
RATE_PLACES = Decimal("0.01")


def cell_text(value, rate: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value.quantize(RATE_PLACES):,f}" if rate else f"{value.normalize():,f}"
    return str(value)


def show(table: pa.Table, columns: dict[str, Label]) -> None:
    """st.dataframe of the table, headed by `columns` and in their order (a wide table keeps the columns listed
    first in view; the first stays pinned while scrolling); amounts and columns with gaps are shown as text."""
    frame = table.to_pandas()
    config: dict[str, Label] = {}
    for field in table.schema:
        label = columns.get(field.name, field.name)
        if isinstance(label, str) and (pa.types.is_decimal(field.type) or table.column(field.name).null_count):
            rate = field.name.endswith("_pct")
            frame[field.name] = [cell_text(value, rate) for value in table.column(field.name).to_pylist()]
            numeric = pa.types.is_decimal(field.type) or pa.types.is_integer(field.type)
            label = st.column_config.TextColumn(label, alignment="right" if numeric else None)
        config[field.name] = label
    order = [name for name, label in columns.items() if label is not None and name in frame.columns]
    order += [name for name in frame.columns if name not in columns]
    if order and isinstance(config[order[0]], str):
        config[order[0]] = st.column_config.Column(config[order[0]], pinned=True)
    elif order and config[order[0]] is not None:
        config[order[0]]["pinned"] = True
    st.dataframe(frame, hide_index=True, column_config=config, column_order=order)
