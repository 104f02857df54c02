"""Pure chart builders: DataFrames in, Plotly figures out. No Streamlit, no database."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

LAUNCHED_COLOUR = "#f28e2b"
DESTROYED_COLOUR = "#4e79a7"
RECORD_COLOUR = "#d62728"
FLAG_COLOUR = "#7f7f7f"
EVENT_COLOUR = "rgba(120, 120, 120, 0.55)"
PANEL_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f"]
PERIOD_WORDS = {"day": "Daily", "week": "Weekly", "month": "Monthly"}
DATE_FORMATS = {"day": "%a %d %b %Y", "week": "week of %d %b %Y", "month": "%B %Y"}


def launched_destroyed_figure(
    series: pd.DataFrame,
    records: pd.DataFrame,
    *,
    launched_metric: str,
    destroyed_metric: str,
    title: str,
    unit: str,
    agg: str = "day",
    events: pd.DataFrame | None = None,
    log: bool = False,
) -> go.Figure:
    """Launched and destroyed as overlaid bars, with record highs marked on the daily view.

    Args:
        series: date, metric, value (rows of other metrics are ignored).
        records: date, metric, value, previous_record, previous_record_date, margin.
        launched_metric, destroyed_metric: the two metric names to draw.
        title: chart title.
        unit: what is counted ("drones", "missiles"), used in hover text.
        agg: day, week or month: the period each bar stands for.
        events: date, title, description: marked on the time axis when given.
        log: logarithmic value axis.

    Returns:
        One bar trace per metric and, on the daily view, one marker trace per metric with records.
    """
    figure = go.Figure()
    when = DATE_FORMATS.get(agg, DATE_FORMATS["day"])
    for metric, name, colour in (
        (launched_metric, "Launched", LAUNCHED_COLOUR),
        (destroyed_metric, "Destroyed", DESTROYED_COLOUR),
    ):
        rows = series[series["metric"] == metric]
        figure.add_trace(
            go.Bar(
                x=rows["date"], y=rows["value"], name=name, marker_color=colour,
                hovertemplate=f"%{{x|{when}}}<br>{name}: %{{y:,.0f}} {unit}<extra></extra>",
            )
        )
    if agg == "day":
        for metric in (launched_metric, destroyed_metric):
            revised = revised_trace(series[series["metric"] == metric])
            if revised is not None:
                figure.add_trace(revised)
        for metric, name, symbol in ((launched_metric, "launched", "star"), (destroyed_metric, "destroyed", "diamond")):
            marks = records[records["metric"] == metric]
            if not marks.empty:
                figure.add_trace(_record_trace(marks, f"Record ({name})", f"{unit} {name}", symbol))
    figure.update_layout(
        title=dict(text=f"{title}: {PERIOD_WORDS.get(agg, 'Daily').lower()}"),
        barmode="overlay",
        bargap=0.1,
        hovermode="closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        margin=dict(l=10, r=10, t=60, b=10),
        yaxis=dict(title=unit, rangemode="tozero", type="log" if log else "linear"),
        xaxis=dict(title=None),
        height=380,
    )
    if events is not None:
        add_events(figure, events)
    return figure


def _record_trace(marks: pd.DataFrame, name: str, what: str, symbol: str = "star", **axes) -> go.Scatter:
    return go.Scatter(
        x=marks["date"], y=marks["value"], mode="markers", name=name, showlegend=not axes,
        marker=dict(symbol=symbol, size=13 if symbol == "star" else 10, color=RECORD_COLOUR,
                    line=dict(width=1, color="white")),
        customdata=list(zip(
            marks["previous_record"],
            pd.to_datetime(marks["previous_record_date"]).dt.strftime("%d %b %Y"),
            marks["margin"],
        )),
        hovertemplate=(
            f"<b>New record: %{{y:,.0f}} {escape(what)}</b><br>%{{x|%a %d %b %Y}}<br>"
            "Previous record: %{customdata[0]:,.0f} on %{customdata[1]}<br>"
            "Margin: +%{customdata[2]:,.0f}<extra></extra>"
        ),
        **axes,
    )


def metric_panels(
    series: pd.DataFrame,
    catalogue: pd.DataFrame,
    records: pd.DataFrame,
    *,
    agg: str = "day",
    smoothed: int = 0,
    events: pd.DataFrame | None = None,
    log: bool = False,
) -> go.Figure:
    """Small multiples on one shared time axis: one panel per metric, in the catalogue's order.

    Flows are bars, levels and rates lines. On the unsmoothed daily view, records are starred and
    values kept out of records (artefacts, carried-forward maps, revised totals) are marked with
    their note; a downward revision of a cumulative claim is not drawn as a negative bar.

    Args:
        series: date, metric, value, and optionally is_record, note, flagged, partial.
        catalogue: metric, label, unit, kind for the metrics to draw, in panel order.
        records: as in launched_destroyed_figure.
        agg: day, week or month; smoothed: 0, or the window of a rolling average already applied.
        events: date, title, description, marked across all panels.
        log: logarithmic value axes.
    """
    panels = catalogue.reset_index(drop=True)
    titles = [_panel_title(row, agg, smoothed) for row in panels.itertuples()]
    figure = make_subplots(rows=max(len(panels), 1), cols=1, shared_xaxes=True, vertical_spacing=0.06,
                           subplot_titles=titles)
    when = DATE_FORMATS.get(agg, DATE_FORMATS["day"])
    for i, row in enumerate(panels.itertuples(), start=1):
        colour = PANEL_COLOURS[(i - 1) % len(PANEL_COLOURS)]
        rows = series[series["metric"] == row.metric]
        value_format = ".1%" if row.kind == "rate" else ",.0f"
        unit = "" if row.kind == "rate" else f" {escape(row.unit)}"
        hover = f"%{{x|{when}}}<br>%{{y:{value_format}}}{unit}"
        if "partial" in rows and rows["partial"].any():
            hover += "%{customdata}"
        custom = (rows["partial"].map({True: "<br><i>partial period: the range cuts it</i>", False: ""})
                  if "partial" in rows else None)
        is_revision = rows["note"].fillna("").str.startswith("revision") if "note" in rows else pd.Series(False, index=rows.index)
        drawn = rows[~is_revision]
        if row.kind == "flow" and not smoothed:
            trace = go.Bar(x=drawn["date"], y=drawn["value"], name=row.label, marker_color=colour,
                           marker_opacity=(drawn["partial"].map({True: 0.45, False: 1.0}).tolist()
                                           if "partial" in drawn else 1.0),
                           customdata=custom[~is_revision] if custom is not None else None,
                           hovertemplate=hover + "<extra></extra>", showlegend=False)
        else:
            trace = go.Scatter(x=drawn["date"], y=drawn["value"], name=row.label, mode="lines",
                               line=dict(color=colour, width=1.8),
                               customdata=custom[~is_revision] if custom is not None else None,
                               hovertemplate=hover + "<extra></extra>", showlegend=False)
        figure.add_trace(trace, row=i, col=1)
        if agg == "day" and not smoothed:
            _add_flags(figure, rows, is_revision, i)
            revised = revised_trace(rows)
            if revised is not None:
                figure.add_trace(revised, row=i, col=1)
            marks = records[records["metric"] == row.metric]
            if not marks.empty:
                figure.add_trace(_record_trace(marks, "Record", row.unit, xaxis=f"x{i}" if i > 1 else "x",
                                               yaxis=f"y{i}" if i > 1 else "y"))
        figure.update_yaxes(type="log" if log else "linear", tickformat=".0%" if row.kind == "rate" else None,
                            rangemode="tozero" if row.kind != "level" else "normal", row=i, col=1)
    figure.update_layout(height=90 + 210 * max(len(panels), 1), margin=dict(l=10, r=10, t=40, b=10),
                         bargap=0.1, hovermode="closest", showlegend=False)
    figure.update_annotations(font_size=13, xanchor="left", x=0)
    if events is not None:
        add_events(figure, events)
    return figure


def _panel_title(row, agg: str, smoothed: int) -> str:
    basis = f"{smoothed}-day average" if smoothed else {"day": "per day", "week": "per week",
                                                          "month": "per month"}[agg]
    if row.kind == "level":
        basis = f"{smoothed}-day average" if smoothed else ("end of " + agg if agg != "day" else "level")
    return f"<b>{escape(row.label)}</b> · {escape(row.unit)}, {basis}"


def _add_flags(figure: go.Figure, rows: pd.DataFrame, is_revision: pd.Series, panel: int) -> None:
    """Mark values kept out of records, with their note; revisions sit on zero, not below it."""
    if "flagged" not in rows or "note" not in rows:
        return
    flagged = rows[rows["flagged"].fillna(False).astype(bool) & rows["note"].notna()]
    if flagged.empty:
        return
    revision = is_revision.reindex(flagged.index).fillna(False)
    y = flagged["value"].where(~revision, 0.0)
    figure.add_trace(
        go.Scatter(
            x=flagged["date"], y=y, mode="markers", name="Marked", showlegend=False,
            marker=dict(symbol="x-thin", size=9, line=dict(width=2, color=FLAG_COLOUR)),
            customdata=list(zip(flagged["value"], flagged["note"].map(escape))),
            hovertemplate="%{x|%a %d %b %Y}: %{customdata[0]:,.0f}<br><i>%{customdata[1]}</i><extra></extra>",
        ),
        row=panel, col=1,
    )


def add_events(figure: go.Figure, events: pd.DataFrame) -> None:
    """Dotted vertical lines across the whole figure, with a hoverable marker and title on top."""
    for event in events.itertuples():
        figure.add_shape(type="line", xref="x", yref="paper", x0=event.date, x1=event.date, y0=0, y1=1,
                         line=dict(color=EVENT_COLOUR, width=1, dash="dot"), layer="below")
        figure.add_annotation(
            x=event.date, xref="x", y=1.0, yref="paper", yanchor="bottom", showarrow=False,
            text="▼", font=dict(size=10, color=EVENT_COLOUR),
            hovertext=f"<b>{escape(event.title)}</b> ({pd.Timestamp(event.date):%d %b %Y})<br>"
                      f"{escape(event.description)}",
        )


def territory_monthly_figure(monthly: pd.DataFrame, *, events: pd.DataFrame | None = None) -> go.Figure:
    """Territory gained per month by each measure: bars above zero are Russian gains, below are losses.

    Args:
        monthly: date (month start), metric, value, partial; metrics territory_gained_km2 (DeepState)
            and optionally territory_gained_km2_nzz.
    """
    figure = go.Figure()
    for metric, name, colour in (("territory_gained_km2", "DeepState", "#e15759"),
                                 ("territory_gained_km2_nzz", "NZZ / Liveuamap", "#9c755f")):
        rows = monthly[monthly["metric"] == metric]
        if rows.empty:
            continue
        figure.add_trace(go.Bar(
            x=rows["date"], y=rows["value"], name=name, marker_color=colour,
            marker_opacity=rows["partial"].map({True: 0.45, False: 1.0}).tolist() if "partial" in rows else 1.0,
            customdata=rows["partial"].map({True: " (partial month)", False: ""}) if "partial" in rows else None,
            hovertemplate=f"{name}, %{{x|%B %Y}}%{{customdata}}: %{{y:+,.0f}} km²<extra></extra>",
        ))
    figure.update_layout(
        title=dict(text="Territory gained by Russia per month (km²; negative: retaken by Ukraine)"),
        barmode="group", bargap=0.15, height=360, margin=dict(l=10, r=10, t=60, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        yaxis=dict(title="km²", zeroline=True), xaxis=dict(title=None),
    )
    if events is not None:
        add_events(figure, events)
    return figure


def revised_trace(rows: pd.DataFrame) -> go.Scatter | None:
    """Open circles on values that a later load of the source changed, with the value they replaced."""
    if "revised_from" not in rows:
        return None
    revised = rows[rows["revised_from"].notna()]
    if revised.empty:
        return None
    return go.Scatter(
        x=revised["date"], y=revised["value"], mode="markers", name="Revised upstream", showlegend=False,
        marker=dict(symbol="circle-open", size=11, line=dict(width=2, color="#b07aa1")),
        customdata=list(zip(revised["revised_from"], pd.to_datetime(revised["revised_at"]).dt.strftime("%d %b %Y"))),
        hovertemplate="%{x|%a %d %b %Y}: %{y:,.0f}<br><i>revised upstream: was %{customdata[0]:,.0f} "
                      "until the load of %{customdata[1]}</i><extra></extra>",
    )


def stamp(figure: go.Figure, title: str, subtitle: str, source_lines: list[str]) -> go.Figure:
    """Title, date range and source lines on the figure itself, so an exported PNG carries its context."""
    n_lines = max(len(source_lines), 1)
    # An annotation, not layout.title: Streamlit's chart theme restyles and moves the title.
    figure.update_layout(
        margin=dict(t=100, b=40 + 14 * n_lines),
        height=(figure.layout.height or 400) + 60 + 14 * n_lines,
    )
    figure.add_annotation(text=f"<b>{escape(title)}</b><br>{escape(subtitle)}", xref="paper", yref="paper",
                          x=0, y=1, yshift=48, xanchor="left", yanchor="bottom", align="left", showarrow=False,
                          font=dict(size=14))
    figure.add_annotation(text="<br>".join(escape(line) for line in source_lines), xref="paper", yref="paper",
                          x=0, y=0, yshift=-30, xanchor="left", yanchor="top", align="left", showarrow=False,
                          font=dict(size=10, color="#888"))
    return figure


def export_config(name: str) -> dict:
    """Plotly's own PNG export from the browser (modebar camera), at twice the on-screen resolution."""
    return {"toImageButtonOptions": {"format": "png", "filename": f"escalation_{name}", "scale": 2},
            "displaylogo": False}
