"""Altair charts of warehouse tables. Amounts are cast to float here, for drawing only; tables show DECIMAL."""

import altair as alt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def is_in(table: pa.Table, column: str, values: list) -> pa.ChunkedArray:
    return pc.is_in(table.column(column), value_set=pa.array(values, type=table.schema.field(column).type))


def _plotted(table: pa.Table, amounts: list[str]) -> pd.DataFrame:
    for name in amounts:
        table = table.set_column(table.schema.get_field_index(name), name, pc.cast(table.column(name), pa.float64()))
    return table.to_pandas()


def stacked_counts(table: pa.Table, category: str, series: dict[str, str]) -> alt.Chart:
    frame = table.select([category, *series]).to_pandas().melt(category, var_name="series", value_name="count")
    frame["series"] = frame["series"].map(series)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("count:Q", title="核对数 checks"),
            color=alt.Color(
                "series:N",
                title=None,
                sort=list(series.values()),
                scale=alt.Scale(domain=list(series.values()), range=["#c0392b", "#e67e22", "#8e6bb5", "#5d8aa8"]),
            ),
        )
    )


def grouped_amounts(table: pa.Table, category: str, amount: str, series: str, year: str) -> alt.Chart:
    frame = _plotted(table, [amount])
    frame["who"] = frame[category].fillna("—") + " " + frame[year].astype("string").fillna("")
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("who:N", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(f"{amount}:Q", title="万元"),
            color=alt.Color(f"{series}:N", title=None),
            yOffset=f"{series}:N",
            tooltip=["who", series, amount],
        )
    )


def budget_vs_actual(table: pa.Table, name: str, budget: str, final: str) -> alt.Chart:
    labels = {budget: "预算 budget", final: "决算 final"}
    frame = _plotted(table.select([name, budget, final]), [budget, final]).melt(
        name, var_name="series", value_name="万元"
    )
    frame["series"] = frame["series"].map(labels)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{name}:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("万元:Q"),
            color=alt.Color("series:N", title=None),
            yOffset="series:N",
            tooltip=[name, "series", "万元"],
        )
    )
