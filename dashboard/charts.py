"""Pure chart builders: DataFrames in, Plotly figures out. No Streamlit, no database."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

LAUNCHED_COLOUR = "#f28e2b"
DESTROYED_COLOUR = "#4e79a7"
RECORD_COLOUR = "#d62728"


def launched_destroyed_figure(
    series: pd.DataFrame,
    records: pd.DataFrame,
    *,
    launched_metric: str,
    destroyed_metric: str,
    title: str,
    unit: str,
) -> go.Figure:
    """Launched and destroyed per day as overlaid bars, with record highs marked by stars.

    Args:
        series: date, metric, value (rows of other metrics are ignored).
        records: date, metric, value, previous_record, previous_record_date, margin.
        launched_metric, destroyed_metric: the two metric names to draw.
        title: chart title.
        unit: what is counted ("drones", "missiles"), used in hover text.

    Returns:
        A figure with one bar trace per metric and one marker trace per metric that has records.
    """
    figure = go.Figure()
    for metric, name, colour in (
        (launched_metric, "Launched", LAUNCHED_COLOUR),
        (destroyed_metric, "Destroyed", DESTROYED_COLOUR),
    ):
        rows = series[series["metric"] == metric]
        figure.add_trace(
            go.Bar(
                x=rows["date"], y=rows["value"], name=name, marker_color=colour,
                hovertemplate=f"%{{x|%a %d %b %Y}}<br>{name}: %{{y:,.0f}} {unit}<extra></extra>",
            )
        )
    for metric, name, symbol in ((launched_metric, "launched", "star"), (destroyed_metric, "destroyed", "diamond")):
        marks = records[records["metric"] == metric]
        if marks.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=marks["date"], y=marks["value"], mode="markers", name=f"Record ({name})",
                marker=dict(symbol=symbol, size=13 if symbol == "star" else 10, color=RECORD_COLOUR, line=dict(width=1, color="white")),
                customdata=list(zip(
                    marks["previous_record"],
                    pd.to_datetime(marks["previous_record_date"]).dt.strftime("%d %b %Y"),
                    marks["margin"],
                )),
                hovertemplate=(
                    f"<b>New record: %{{y:,.0f}} {unit} {name}</b><br>%{{x|%a %d %b %Y}}<br>"
                    "Previous record: %{customdata[0]:,.0f} on %{customdata[1]}<br>"
                    "Margin: +%{customdata[2]:,.0f}<extra></extra>"
                ),
            )
        )
    figure.update_layout(
        title=dict(text=title),
        barmode="overlay",
        bargap=0.1,
        hovermode="closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        margin=dict(l=10, r=10, t=60, b=10),
        yaxis=dict(title=unit, rangemode="tozero"),
        xaxis=dict(title=None),
        height=380,
    )
    return figure
