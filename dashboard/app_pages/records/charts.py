"""Pure figure builders of /records' own sections: DataFrames in, Plotly figures out. No Streamlit, no database.

Their words are in the run's language (dashboard.shared.i18n); a cached caller keys its cache on the language."""
from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd
import plotly.graph_objects as go

from dashboard.shared import i18n
from dashboard.shared.chart_frame import frame
from dashboard.shared.chart_layout import figure as _figure
from dashboard.shared.charts import PANEL_COLOURS
from dashboard.shared.i18n import _

PLOT_PX, GAP_PX, TITLE_PX = 105, 36, 18  # one definition's panel, the gap above the next (its title), a title
DAY_COLOUR = "#555"


def progression_figure(progression: pd.DataFrame, day: dt.date, last: dt.date, *, title: str, subtitle: str,
                       unit: str, definition_names: dict[str, str], source_lines: tuple[str, ...] = ()) -> go.Figure:
    """The record under each definition over time, one panel each on one time axis and one value scale: a step at
    every new record, a dot where it was set, a dotted line through the picked day and a ring (with its value) on the
    record standing then.

    Args:
        progression: record_progression rows of one metric (definition, date, value, previous_value, previous_date).
        day: the day picked; last: the newest day of the reports (each line runs on to it from its last record).
        definition_names: definition -> its label in the run's language, in the order of the panels.
    """
    drawn = [d for d in definition_names if (progression["definition"] == d).any()]
    n = max(len(drawn), 1)
    plot_px = n * PLOT_PX + (n - 1) * GAP_PX
    highest = float(progression["value"].max()) if len(progression) else 1.0
    traces, annotations, layout = [], [], {}
    for i, definition in enumerate(drawn, start=1):
        found = progression[progression["definition"] == definition]
        y_name, top = ("y" if i == 1 else f"y{i}"), 1 - (i - 1) * (PLOT_PX + GAP_PX) / plot_px
        layout["yaxis" if i == 1 else f"yaxis{i}"] = dict(domain=[max(top - PLOT_PX / plot_px, 0), top], anchor="x",
                                                         range=[0, highest * 1.1], nticks=4, tickformat=",.0f")
        annotations.append(dict(text=escape(definition_names[definition]), xref="paper", yref="paper", x=0, y=top,
                                xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=13)))
        colour = PANEL_COLOURS[(i - 1) % len(PANEL_COLOURS)]
        standing = _("{value} {unit}: still the record on {date}").format(
            value=i18n.number(found["value"].iloc[-1]), unit=escape(unit), date=i18n.date(last))
        traces.append(dict(
            type="scatter", mode="lines+markers", xaxis="x", yaxis=y_name, showlegend=False,
            x=[*pd.to_datetime(found["date"]), pd.Timestamp(last)], y=[*found["value"], found["value"].iloc[-1]],
            line=dict(shape="hv", color=colour, width=2), marker=dict(color=colour, size=[6] * len(found) + [0]),
            customdata=[*(_record_words(r, unit) for r in found.itertuples(index=False)), standing],
            hovertemplate="%{customdata}<extra>" + escape(definition_names[definition]) + "</extra>"))
        then = found[found["date"] <= day]
        if len(then):
            traces.append(dict(
                type="scatter", mode="markers+text", xaxis="x", yaxis=y_name, showlegend=False,
                x=[pd.Timestamp(day)], y=[then["value"].iloc[-1]], hoverinfo="skip",
                text=[i18n.number(then["value"].iloc[-1])], textposition="top left",
                textfont=dict(size=12, color=DAY_COLOUR), cliponaxis=False,
                marker=dict(size=13, color="rgba(0,0,0,0)", line=dict(color=DAY_COLOUR, width=2))))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, above_plot_px=TITLE_PX, below_plot_px=34)
    layout["xaxis"] = dict(domain=[0, 1], anchor=f"y{n}" if n > 1 else "y")
    marks = [dict(type="line", xref="x", yref="paper", x0=pd.Timestamp(day), x1=pd.Timestamp(day), y0=0, y1=1,
                  line=dict(color=DAY_COLOUR, width=1, dash="dot"))]
    layout.update(height=plot_px + fr.top + fr.bottom, margin=dict(l=10, r=10, t=fr.top, b=fr.bottom),
                  hovermode="closest", showlegend=False, annotations=annotations + fr.annotations,
                  shapes=fr.shapes + marks)
    return _figure(traces, layout)


def _record_words(row, unit: str) -> str:
    """472 drones, 1 Jun 2025<br>beat 355 of 26 May 2025 (the hover of one record)."""
    text = _("{value} {unit}, {date}").format(value=i18n.number(row.value), unit=escape(unit),
                                             date=i18n.date(row.date))
    if row.previous_value is not None and not pd.isna(row.previous_value):
        text += "<br>" + _("beat {value} of {date}").format(value=i18n.number(row.previous_value),
                                                            date=i18n.date(row.previous_date))
    return text
