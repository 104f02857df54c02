"""Pure chart builders: DataFrames in, Plotly figures out. No Streamlit, no database."""
from __future__ import annotations

from functools import partial
from html import escape as html_escape

import pandas as pd
import plotly.graph_objects as go

from dashboard.shared import i18n, units
from dashboard.shared.chart_frame import frame, legend_px
from dashboard.shared.chart_layout import (
    LEGEND_GAP_PX,
    hover_date_format,
    log_hidden_note,
    value_axis,
)
from dashboard.shared.chart_layout import add_marks as _add_marks
from dashboard.shared.chart_layout import figure as _figure
from dashboard.shared.chart_layout import single_plot_layout as _single_plot_layout
from dashboard.shared.chart_marks import (
    break_marks,
    end_marks,
    flag_trace,
    partial_label_trace,
    partial_note,
    partial_opacity,
    record_trace,
    revised_trace,
)
from dashboard.shared.chart_marks import values as _values
from dashboard.shared.i18n import N_, _, ngettext

# Text Plotly draws: Plotly decodes &lt; &gt; &amp; and numeric entities but not &quot;, so quotes stay as
# typed (Plotly text is never inside an attribute; a link's href is escaped with quote=True).
escape = partial(html_escape, quote=False)

LAUNCHED_COLOUR = "#f28e2b"
DESTROYED_COLOUR = "#4e79a7"
SUPPRESSED_COLOUR = "#2b4a73"  # destroyed after a change of reporting that folds in the suppressed ones
PANEL_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f"]
# Characters per line of a 13 px panel title that fit a phone's plot width (figure text: chart_frame).
PANEL_TITLE_CHARS = 44
# Translators: the title of a launched/destroyed chart; {what} is e.g. "Drones", "Missiles".
ATTACK_TITLES = {"day": N_("{what} launched and destroyed, daily"), "week": N_("{what} launched and destroyed, weekly"),
                 "month": N_("{what} launched and destroyed, monthly")}
# Comparison panels are sized in pixels, so any number (all 39 metrics) stays legible: the figure grows
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
    subtitle: str = "",
    source_lines: tuple[str, ...] = (),
    x_range: tuple | None = None,
    breaks: pd.DataFrame | None = None,
) -> go.Figure:
    """Launched and destroyed as overlaid bars, with record highs marked on the daily view.

    Args:
        series: date, metric, value (rows of other metrics are ignored).
        records: date, metric, value, previous_record, previous_record_date, margin.
        launched_metric, destroyed_metric: the two metric names to draw.
        title: chart title.
        unit: what is counted ("drones", "missiles"), used in hover text.
        agg: day, week or month: the period each bar stands for.
        events: date, title, description, source_url: labelled on the time axis when given.
        log: logarithmic value axis.
        subtitle, source_lines: the date range and the sources, written on the figure for exports.
        x_range: the first and last day of the range (where event labels must stop).
        breaks: metric, first_day, what_changed: changes of reporting in the range. Drawn as a labelled line;
            the destroyed bars from a change on are a trace of their own, named by what they now count.

    Returns:
        One bar trace per metric and, on the daily view, one marker trace per metric with records
        (and one for values revised upstream).
    """
    when = hover_date_format(agg)
    traces = []
    bars = [(series[series["metric"] == launched_metric], _("Launched"), LAUNCHED_COLOUR),
            (series[series["metric"] == destroyed_metric], _("Destroyed"), DESTROYED_COLOUR)]
    changed = breaks[breaks["metric"] == destroyed_metric] if breaks is not None and len(breaks) else None
    if changed is not None and len(changed):
        # From the change the reports give one figure for shot down or suppressed: a separate, named trace.
        rows, since = bars[1][0], pd.Timestamp(changed["first_day"].min())
        after = pd.to_datetime(rows["date"]) >= since
        bars[1] = (rows[~after], _("Destroyed"), DESTROYED_COLOUR)
        bars.append((rows[after], _("Shot down or suppressed (from {date})").format(date=i18n.date(since)),
                     SUPPRESSED_COLOUR))
    for rows, name, colour in bars:
        note = partial_note(rows)
        # Each point's unit in the number its value needs ("1 missile"), then its partial-period note, if any.
        words = units.words_for(unit, rows["value"])
        custom = list(zip(words, note)) if note is not None else [[word] for word in words]
        traces.append(dict(type="bar", x=_values(rows, "date"), y=_values(rows, "value"), name=name,
                           marker=dict(color=colour, opacity=partial_opacity(rows)), customdata=custom,
                           hovertemplate=f"{escape(name)}: %{{y:,.0f}} %{{customdata[0]}}"
                                         + ("%{customdata[1]}" if note is not None else "") + "<extra></extra>"))
    label = partial_label_trace(series[series["metric"] == launched_metric])
    if label is not None:
        traces.append(label)
    if agg == "day":
        for metric in (launched_metric, destroyed_metric):
            revised = revised_trace(series[series["metric"] == metric])
            if revised is not None:
                traces.append(revised)
        for metric, name, what, symbol in (
            (launched_metric, _("Record (launched)"), _("{unit} launched"), "star"),
            (destroyed_metric, _("Record (destroyed)"), _("{unit} destroyed"), "diamond"),
        ):
            marks = records[records["metric"] == metric] if len(records) else records
            if len(marks):
                traces.append(record_trace(marks, name, what.format(unit=unit), symbol))
    drawn = series.loc[series["metric"].isin([launched_metric, destroyed_metric]), "value"]
    note = log_hidden_note(drawn) if log else ""
    fr = frame(title=_(ATTACK_TITLES.get(agg, ATTACK_TITLES["day"])).format(what=title),
               subtitle=subtitle + note, source_lines=source_lines, events=events, x_range=x_range,
               # Room for the legend as a phone wraps it: five entries, one a row once one is long.
               below_plot_px=LEGEND_GAP_PX + legend_px(traces), period=agg)
    layout = dict(barmode="overlay", bargap=0.1, yaxis=dict(title=unit, rangemode="tozero", **value_axis(log)),
                  xaxis=dict(title=None, hoverformat=when), **_single_plot_layout(fr))
    _add_marks(layout, *break_marks(changed, {destroyed_metric: (0.0, 1.0)}))
    return _figure(traces, layout)


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
    x_range: tuple | None = None,
    breaks: pd.DataFrame | None = None,
    ends: dict | None = None,
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
        x_range: the first and last day of the range (where event labels must stop).
        breaks: metric, first_day, what_changed: changes of reporting in the range, drawn as a labelled line
            across the panel of each metric they touch.
        ends: per metric, its newest day when the panel's data stops before the range's end: marked with a
            line and the date, so a panel that stops early is not read as a drop to nothing.
    """
    panels = catalogue.reset_index(drop=True)
    n = max(len(panels), 1)
    gap = PANEL_GAP_PX / (PANEL_PX * n)  # in pixels: a fixed fraction left no room past 17 panels
    height = (1 - gap * (n - 1)) / n  # PANEL_MIN_PX + PANEL_GAP_PX / n pixels
    when = hover_date_format(agg)
    traces, annotations = [], []
    layout: dict = {}
    domains: dict[str, tuple[float, float]] = {}
    first_title_px = 0
    by_metric = dict(tuple(series.groupby("metric", sort=False))) if len(series) else {}
    for i, row in enumerate(panels.itertuples(), start=1):
        # One x axis shared by every panel (its dates under the last), so hovering a date shows every
        # panel's value for it (hoversubplots="axis").
        x_name, y_name = "x", ("y" if i == 1 else f"y{i}")
        top = 1 - (i - 1) * (height + gap)
        rows = by_metric.get(row.metric, series.iloc[0:0])
        domains[row.metric] = (max(top - height, 0), top)
        layout["yaxis" if i == 1 else f"yaxis{i}"] = dict(
            domain=[max(top - height, 0), top], anchor=x_name, rangemode="tozero" if row.kind != "level" else "normal",
            **value_axis(log, ".0%" if row.kind == "rate" else None))
        panel_title = _panel_title(row, agg, smoothed, log_hidden_note(rows["value"]) if log else "")
        first_title_px = first_title_px or (34 if "<br>" in panel_title else 18)
        annotations.append(dict(text=panel_title, xref="paper", yref="paper", x=0, y=top,
                                xanchor="left", yanchor="bottom", align="left", showarrow=False, font=dict(size=13)))
        colour = PANEL_COLOURS[(i - 1) % len(PANEL_COLOURS)]
        value_format = ".1%" if row.kind == "rate" else ",.0f"
        unit = "" if row.kind == "rate" else f" {escape(row.unit)}"
        hover = f"{escape(row.label)}: %{{y:{value_format}}}{unit}"
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
                traces.append(record_trace(marks, _("Record"), row.unit, **axes))
    fr = frame(title=title or ", ".join(panels["label"]), subtitle=subtitle, source_lines=source_lines,
               events=events, x_range=x_range, above_plot_px=first_title_px, period=agg)
    layout["xaxis"] = dict(domain=[0, 1], anchor=f"y{n}" if n > 1 else "y", hoverformat=when, showspikes=True,
                           spikemode="across", spikesnap="cursor", spikethickness=1, spikedash="dot",
                           spikecolor="#999")
    # Streamlit's chart theme restyles layout.title, so the title block is an annotation.
    layout.update(height=PANEL_PX * n + fr.top + fr.bottom, margin=dict(l=10, r=10, t=fr.top, b=fr.bottom),
                  bargap=0.1, hovermode="x unified", hoversubplots="axis", showlegend=False,
                  annotations=annotations + fr.annotations, shapes=fr.shapes)
    _add_marks(layout, *break_marks(breaks, domains))
    _add_marks(layout, *end_marks(ends or {}, domains))
    return _figure(traces, layout)


def _panel_title(row, agg: str, smoothed: int, note: str = "") -> str:
    """The panel's label in bold, then unit and basis; on a second line when it would not fit on a phone."""
    if smoothed:
        basis = ngettext("{unit}, {n}-day average", "{unit}, {n}-day average", smoothed)
    elif row.kind == "level":
        basis = {"day": _("{unit}, level"), "week": _("{unit}, end of week"), "month": _("{unit}, end of month")}[agg]
    else:
        basis = {"day": _("{unit}, per day"), "week": _("{unit}, per week"), "month": _("{unit}, per month")}[agg]
    detail = basis.format(unit=row.unit, n=smoothed) + note
    joint = "<br>" if len(row.label) + len(detail) + 3 > PANEL_TITLE_CHARS else " · "
    return f"<b>{escape(row.label)}</b>{joint}{escape(detail)}"


def territory_monthly_figure(monthly: pd.DataFrame, *, events: pd.DataFrame | None = None, subtitle: str = "",
                             source_lines: tuple[str, ...] = (), x_range: tuple | None = None) -> go.Figure:
    """Territory gained per month by each measure: bars above zero are Russian gains, below are losses.

    Args:
        monthly: date (month start), metric, value, partial; metrics territory_gained_km2 (DeepState)
            and optionally territory_gained_km2_nzz.
    """
    traces, km2 = [], _("km²")
    for metric, name, colour in (("territory_gained_km2", "DeepState", "#e15759"),
                                 ("territory_gained_km2_nzz", "NZZ / Liveuamap", "#9c755f")):
        rows = monthly[monthly["metric"] == metric]
        if rows.empty:
            continue
        note = partial_note(rows)
        traces.append(dict(
            type="bar", x=_values(rows, "date"), y=_values(rows, "value"), name=name,
            marker=dict(color=colour, opacity=partial_opacity(rows)), customdata=note,
            hovertemplate=f"{name}: %{{y:+,.0f}} {km2}" + ("%{customdata}" if note is not None else "")
                          + "<extra></extra>", xperiod="M1", xperiodalignment="middle",
        ))
    label = partial_label_trace(monthly[monthly["metric"] == "territory_gained_km2"])
    if label is not None:
        traces.append(label)
    fr = frame(title=_("Territory gained by Russia per month (km²; negative: retaken by Ukraine)"),
               subtitle=subtitle, source_lines=source_lines, events=events, x_range=x_range,
               below_plot_px=LEGEND_GAP_PX + legend_px(traces))
    layout = dict(barmode="group", bargap=0.15, yaxis=dict(title=km2, zeroline=True),
                  xaxis=dict(title=None, hoverformat="%B %Y"), **_single_plot_layout(fr))
    return _figure(traces, layout)


IMAGE_FORMATS = ("png", "svg")


def export_config(name: str, image_format: str = "png", *, start=None, end=None, agg: str | None = None) -> dict:
    """The chart's camera button (a PNG at twice the on-screen resolution, or an SVG), named by what it shows
    (escalation_drones_2025-06-08_2026-06-07_day.png), and the run's language for axis dates and number formats."""
    parts = ["escalation", name, *(str(part) for part in (start, end, agg) if part)]
    return {"toImageButtonOptions": {"format": image_format if image_format in IMAGE_FORMATS else "png",
                                     "filename": "_".join(parts), "scale": 2},
            "displaylogo": False, **i18n.plotly_locale(i18n.language())}
