"""Pure chart builders: DataFrames in, Plotly figures out. No Streamlit, no database."""
from __future__ import annotations

import textwrap
from html import escape

import pandas as pd
import plotly.graph_objects as go

from dashboard.chart_marks import (event_layout, flag_trace, partial_label_trace, partial_note, partial_opacity,
                                   record_trace, revised_trace)
from dashboard.chart_marks import values as _values

LAUNCHED_COLOUR = "#f28e2b"
DESTROYED_COLOUR = "#4e79a7"
PANEL_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f"]
# Characters per line of figure text that fit a phone's plot width (14 px bold title, 13 px panel
# titles, 10 px source lines).
TITLE_CHARS, PANEL_TITLE_CHARS, SOURCE_CHARS = 40, 44, 62
# Legends below the plot, left-aligned: above it they collide with the title and the toolbar on a phone.
LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.15, xanchor="left", x=0)
PERIOD_WORDS = {"day": "Daily", "week": "Weekly", "month": "Monthly"}
DATE_FORMATS = {"day": "%a %d %b %Y", "week": "week of %d %b %Y", "month": "%B %Y"}
# Comparison panels are sized in pixels, so any number (all 31 metrics) stays legible: the figure grows
# by PANEL_PX per panel, PANEL_GAP_PX of it the gap that holds the next panel's title.
PANEL_PX = 210
PANEL_GAP_PX = 40
PANEL_MIN_PX = PANEL_PX - PANEL_GAP_PX  # the plot height every panel gets at least


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
        One bar trace per metric and, on the daily view, one marker trace per metric with records
        (and one for values revised upstream).
    """
    when = DATE_FORMATS.get(agg, DATE_FORMATS["day"])
    traces = []
    for metric, name, colour in (
        (launched_metric, "Launched", LAUNCHED_COLOUR),
        (destroyed_metric, "Destroyed", DESTROYED_COLOUR),
    ):
        rows = series[series["metric"] == metric]
        note = partial_note(rows)
        traces.append(dict(type="bar", x=_values(rows, "date"), y=_values(rows, "value"), name=name,
                           marker=dict(color=colour, opacity=partial_opacity(rows)), customdata=note,
                           hovertemplate=f"%{{x|{when}}}<br>{name}: %{{y:,.0f}} {unit}"
                                         + ("%{customdata}" if note is not None else "") + "<extra></extra>"))
    label = partial_label_trace(series[series["metric"] == launched_metric])
    if label is not None:
        traces.append(label)
    if agg == "day":
        for metric in (launched_metric, destroyed_metric):
            revised = revised_trace(series[series["metric"] == metric])
            if revised is not None:
                traces.append(revised)
        for metric, name, symbol in ((launched_metric, "launched", "star"), (destroyed_metric, "destroyed", "diamond")):
            marks = records[records["metric"] == metric] if len(records) else records
            if len(marks):
                traces.append(record_trace(marks, f"Record ({name})", f"{unit} {name}", symbol))
    shapes, marks = event_layout(events)
    drawn = series.loc[series["metric"].isin([launched_metric, destroyed_metric]), "value"]
    note = log_hidden_note(drawn).removeprefix(" · ") if log else ""
    lines = _wrap(f"{title}: {PERIOD_WORDS.get(agg, 'Daily').lower()}", TITLE_CHARS) + ([note] if note else [])
    layout = dict(
        title=dict(text="<br>".join(map(escape, lines))),
        barmode="overlay", bargap=0.1, hovermode="closest",
        legend=LEGEND_BELOW, margin=dict(l=10, r=10, t=60, b=80),
        yaxis=dict(title=unit, rangemode="tozero", **value_axis(log)),
        xaxis=dict(title=None), height=400, shapes=shapes, annotations=marks,
    )
    return _figure(traces, layout)


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without Plotly's property-by-property validation.

    Validation costs most of a rerun's figure time (every trace sets ~100 properties through
    validators) and is repeated when Streamlit serialises the figure. The builders here produce a
    fixed set of properties, and tests/test_dashboard_units.py validates every builder's output with
    go.Figure(fig.to_dict()), so an invalid property still fails the tests.
    """
    return go.Figure(data=traces, layout=layout, _validate=False)


def metric_panels(
    series: pd.DataFrame,
    catalogue: pd.DataFrame,
    records: pd.DataFrame,
    *,
    agg: str = "day",
    smoothed: int = 0,
    events: pd.DataFrame | None = None,
    log: bool = False,
    title: str | None = None,
    subtitle: str = "",
    source_lines: tuple[str, ...] = (),
) -> go.Figure:
    """Small multiples on one shared time axis: one panel per metric, in the catalogue's order.

    Flows are bars, levels and rates lines. On the unsmoothed daily view, records are starred and
    values kept out of records (artefacts, carried-forward maps, revised totals) are marked with
    their note; a downward revision of a cumulative claim is not drawn as a negative bar.

    The layout is assembled as plain dicts and validated once: building it with make_subplots and
    one update per panel cost several times more on every rerun.

    Args:
        series: date, metric, value, and optionally is_record, note, flagged, partial, revised_from.
        catalogue: metric, label, unit, kind for the metrics to draw, in panel order.
        records: as in launched_destroyed_figure.
        agg: day, week or month; smoothed: 0, or the window of a rolling average already applied.
        events: date, title, description, marked across all panels.
        log: logarithmic value axes.
        title, subtitle, source_lines: written on the figure itself, so an exported PNG carries its
            context (what, when, from where).
    """
    panels = catalogue.reset_index(drop=True)
    n = max(len(panels), 1)
    gap = PANEL_GAP_PX / (PANEL_PX * n)  # in pixels: a fixed fraction left no room past 17 panels
    height = (1 - gap * (n - 1)) / n  # PANEL_MIN_PX + PANEL_GAP_PX / n pixels
    when = DATE_FORMATS.get(agg, DATE_FORMATS["day"])
    traces, annotations = [], []
    layout: dict = {}
    by_metric = dict(tuple(series.groupby("metric", sort=False))) if len(series) else {}
    for i, row in enumerate(panels.itertuples(), start=1):
        x_name, y_name = ("x", "y") if i == 1 else (f"x{i}", f"y{i}")
        top = 1 - (i - 1) * (height + gap)
        layout["xaxis" if i == 1 else f"xaxis{i}"] = dict(
            domain=[0, 1], anchor=y_name, matches=None if i == 1 else "x", showticklabels=i == n)
        rows = by_metric.get(row.metric, series.iloc[0:0])
        layout["yaxis" if i == 1 else f"yaxis{i}"] = dict(
            domain=[max(top - height, 0), top], anchor=x_name, rangemode="tozero" if row.kind != "level" else "normal",
            **value_axis(log, ".0%" if row.kind == "rate" else None))
        panel_title = _panel_title(row, agg, smoothed, log_hidden_note(rows["value"]) if log else "")
        annotations.append(dict(text=panel_title, xref="paper", yref="paper", x=0, y=top,
                                xanchor="left", yanchor="bottom", align="left", showarrow=False, font=dict(size=13)))
        colour = PANEL_COLOURS[(i - 1) % len(PANEL_COLOURS)]
        value_format = ".1%" if row.kind == "rate" else ",.0f"
        unit = "" if row.kind == "rate" else f" {escape(row.unit)}"
        hover = f"%{{x|{when}}}<br>%{{y:{value_format}}}{unit}"
        is_revision = (rows["note"].fillna("").str.startswith("revision") if "note" in rows
                       else pd.Series(False, index=rows.index))
        drawn = rows[~is_revision]
        note = partial_note(drawn)
        common = dict(x=_values(drawn, "date"), y=_values(drawn, "value"), name=row.label, showlegend=False, xaxis=x_name,
                      yaxis=y_name, customdata=note,
                      hovertemplate=hover + ("%{customdata}" if note is not None else "") + "<extra></extra>")
        if row.kind == "flow" and not smoothed:
            # Bars, not a filled area: Plotly's fill bridges a missing day with a slope, drawing an
            # unknown day as a value (a stepped area drew the first chart 0.13 s sooner; bench/results.md).
            traces.append(dict(type="bar", marker=dict(color=colour, opacity=partial_opacity(drawn)), **common))
        else:
            traces.append(dict(type="scatter", mode="lines", line=dict(color=colour, width=1.8), **common))
        label = partial_label_trace(drawn, xaxis=x_name, yaxis=y_name)
        if label is not None:
            traces.append(label)
        if agg == "day" and not smoothed:
            axes = dict(xaxis=x_name, yaxis=y_name)
            flags = flag_trace(rows, is_revision, **axes)
            revised = revised_trace(rows, **axes)
            marks = records[records["metric"] == row.metric] if len(records) else records
            traces += [t for t in (flags, revised) if t is not None]
            if len(marks):
                traces.append(record_trace(marks, "Record", row.unit, **axes))
    shapes, event_marks = event_layout(events)
    # Figure text is wrapped for a phone (about 330 px of plot): Plotly never wraps, and the same figure
    # is drawn at every width and exported as a PNG.
    top, bottom = 40, 10
    if title:
        lines = _wrap(title, TITLE_CHARS)
        top = 64 + 18 * len(lines)  # room for the title block above the first panel title
        annotations.append(dict(text="<b>" + "<br>".join(map(escape, lines)) + f"</b><br>{escape(subtitle)}",
                                xref="paper", yref="paper", x=0, y=1, yshift=48, xanchor="left", yanchor="bottom",
                                align="left", showarrow=False, font=dict(size=14)))
    if source_lines:
        lines = [part for line in source_lines for part in _wrap(line, SOURCE_CHARS)]
        bottom = 40 + 13 * len(lines)
        annotations.append(dict(text="<br>".join(map(escape, lines)), xref="paper",
                                yref="paper", x=0, y=0, yshift=-30, xanchor="left", yanchor="top", align="left",
                                showarrow=False, font=dict(size=10, color="#888")))
    # Streamlit's chart theme restyles layout.title, so the title block is an annotation.
    layout.update(height=PANEL_PX * n + top + bottom, margin=dict(l=10, r=10, t=top, b=bottom), bargap=0.1,
                  hovermode="closest", showlegend=False, annotations=annotations + event_marks, shapes=shapes)
    return _figure(traces, layout)


def value_axis(log: bool, tickformat: str | None = None) -> dict:
    """A value axis: on a log scale, one tick per power of ten (1, 10, 100, 1,000), written out in full."""
    if not log:
        return dict(type="linear", tickformat=tickformat)
    return dict(type="log", dtick=1, exponentformat="none", tickformat=tickformat or ",.0f")


def log_hidden_note(values: pd.Series) -> str:
    """What a log scale cannot draw: values at zero or below (a day with none launched, a loss of ground)."""
    hidden = int((values <= 0).sum())
    return f" · log scale hides {hidden:,} at 0 or below" if hidden else ""


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _panel_title(row, agg: str, smoothed: int, note: str = "") -> str:
    """The panel's label in bold, then unit and basis; on a second line when it would not fit on a phone."""
    basis = f"{smoothed}-day average" if smoothed else {"day": "per day", "week": "per week",
                                                          "month": "per month"}[agg]
    if row.kind == "level":
        basis = f"{smoothed}-day average" if smoothed else ("end of " + agg if agg != "day" else "level")
    detail = f"{row.unit}, {basis}{note}"
    joint = "<br>" if len(row.label) + len(detail) + 3 > PANEL_TITLE_CHARS else " · "
    return f"<b>{escape(row.label)}</b>{joint}{escape(detail)}"


def territory_monthly_figure(monthly: pd.DataFrame, *, events: pd.DataFrame | None = None) -> go.Figure:
    """Territory gained per month by each measure: bars above zero are Russian gains, below are losses.

    Args:
        monthly: date (month start), metric, value, partial; metrics territory_gained_km2 (DeepState)
            and optionally territory_gained_km2_nzz.
    """
    traces = []
    for metric, name, colour in (("territory_gained_km2", "DeepState", "#e15759"),
                                 ("territory_gained_km2_nzz", "NZZ / Liveuamap", "#9c755f")):
        rows = monthly[monthly["metric"] == metric]
        if rows.empty:
            continue
        note = partial_note(rows)
        traces.append(dict(
            type="bar", x=_values(rows, "date"), y=_values(rows, "value"), name=name,
            marker=dict(color=colour, opacity=partial_opacity(rows)), customdata=note,
            hovertemplate=f"{name}, %{{x|%B %Y}}: %{{y:+,.0f}} km²" + ("%{customdata}" if note is not None else "")
                          + "<extra></extra>",
        ))
    label = partial_label_trace(monthly[monthly["metric"] == "territory_gained_km2"])
    if label is not None:
        traces.append(label)
    shapes, marks = event_layout(events)
    layout = dict(
        title=dict(text="<br>".join(_wrap("Territory gained by Russia per month (km²; negative: retaken by "
                                          "Ukraine)", TITLE_CHARS))),
        barmode="group", bargap=0.15, height=400, margin=dict(l=10, r=10, t=60, b=80), legend=LEGEND_BELOW,
        yaxis=dict(title="km²", zeroline=True), xaxis=dict(title=None), shapes=shapes, annotations=marks,
    )
    return _figure(traces, layout)


def export_config(name: str) -> dict:
    """Plotly's own PNG export from the browser (modebar camera), at twice the on-screen resolution."""
    return {"toImageButtonOptions": {"format": "png", "filename": f"escalation_{name}", "scale": 2},
            "displaylogo": False}
