"""Pure figure builders of the escalation page: DataFrames in, Plotly figures out. No Streamlit, no database.

Their words are in the run's language (dashboard.shared.i18n); a cached caller keys its cache on the language."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
from babel import dates

from dashboard.shared import i18n
from dashboard.shared.chart_frame import frame
from dashboard.shared.chart_layout import LEGEND_GAP_PX, LEGEND_PX
from dashboard.shared.chart_layout import figure as _figure
from dashboard.shared.chart_layout import single_plot_layout as _single_plot_layout
from dashboard.shared.charts import LAUNCHED_COLOUR
from dashboard.shared.i18n import _

BEFORE_COLOUR, AFTER_COLOUR = "#4e79a7", "#e15759"
SALVO_COLOUR, ROUTINE_COLOUR = "#e15759", "#bab0ac"
SHADES = ("rgba(78, 121, 167, 0.10)", "rgba(242, 142, 43, 0.10)")


def _per_day(unit: str) -> str:
    """The legend name of the daily bars: 'Drones per day'."""
    text = _("{unit} per day").format(unit=unit)
    return text[:1].upper() + text[1:]


def _weekday_date(day) -> str:
    """Sun 7 Sep 2025 / нд 7 вер. 2025."""
    return dates.format_date(pd.Timestamp(day).date(), "EEE " + i18n.DATE_PATTERN, locale=i18n.language())


def event_window_figure(aligned: pd.DataFrame, window: dict, *, title: str, subtitle: str, unit: str,
                        source_lines: tuple[str, ...] = (), span: int = 30) -> go.Figure:
    """The days around a date, aligned on day 0, with the mean before and the mean after drawn over N days.

    Args:
        aligned: day (−span … span−1), date, value: the reported days (an unreported day has no bar).
        window: days (N), mean_before, mean_after, days_before_reported, days_after_reported.
    """
    days = window["days"]
    traces = [dict(type="bar", x=aligned["day"].tolist(), y=aligned["value"].tolist(), name=_per_day(unit),
                   marker=dict(color=[AFTER_COLOUR if d >= 0 else BEFORE_COLOUR for d in aligned["day"]],
                               opacity=[0.85 if -days <= d < days else 0.3 for d in aligned["day"]]),
                   customdata=[_weekday_date(d) for d in aligned["date"]],
                   hovertemplate=_("Day {day} ({date}): {value} {unit}").format(
                       day="%{x}", date="%{customdata}", value="%{y:,.0f}", unit=escape(unit)) + "<extra></extra>")]
    for mean, lo, hi, name, hover, colour, reported in (
            (window["mean_before"], -days - 0.5, -0.5, _("Mean before: {mean}"),
             _("Mean before ({reported} of {days} days reported): {mean} a day"), BEFORE_COLOUR,
             window["days_before_reported"]),
            (window["mean_after"], -0.5, days - 0.5, _("Mean after: {mean}"),
             _("Mean after ({reported} of {days} days reported): {mean} a day"), AFTER_COLOUR,
             window["days_after_reported"])):
        if mean is None or pd.isna(mean):
            continue
        shown = i18n.number(mean, 1)
        traces.append(dict(type="scatter", mode="lines", x=[lo, hi], y=[mean, mean], name=name.format(mean=shown),
                           line=dict(color=colour, width=3, dash="dash"),
                           hovertemplate=hover.format(reported=reported, days=days, mean=shown) + "<extra></extra>"))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=LEGEND_GAP_PX + LEGEND_PX)
    layout = dict(bargap=0.15, yaxis=dict(title=unit, rangemode="tozero"),
                  xaxis=dict(title=None, range=[-span - 0.5, span - 0.5], zeroline=False,
                             tickvals=[-30, -14, -7, 0, 7, 14, 29], ticktext=["−30", "−14", "−7", "0", "+7", "+14", "+29"]),
                  **_single_plot_layout(fr))
    layout["hovermode"] = "closest"
    layout["shapes"] = layout["shapes"] + [dict(type="line", x0=-0.5, x1=-0.5, y0=0, y1=1, yref="paper",
                                                line=dict(color="#555", width=1))]
    return _figure(traces, layout)


def regimes_figure(daily: pd.DataFrame, segments: pd.DataFrame, *, title: str, subtitle: str, unit: str,
                   source_lines: tuple[str, ...] = (), x_range: tuple | None = None) -> go.Figure:
    """Daily values with each regime shaded and its daily level drawn as a step.

    Args:
        daily: date, value (reported days).
        segments: segment_start, segment_end (cut to the range), level.
    """
    traces = [dict(type="bar", x=daily["date"].tolist(), y=daily["value"].tolist(), name=_per_day(unit),
                   marker=dict(color="#bab0ac"), hovertemplate="%{x|%a %-d %b %Y}: %{y:,.0f} " + escape(unit)
                                                                + "<extra></extra>")]
    shapes, level_x, level_y, labels = [], [], [], []
    for i, seg in enumerate(segments.itertuples(index=False)):
        start, end = pd.Timestamp(seg.segment_start), pd.Timestamp(seg.segment_end) + pd.Timedelta(days=1)
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=start, x1=end, y0=0, y1=1, layer="below",
                           fillcolor=SHADES[i % 2], line=dict(width=0)))
        if seg.level is not None and not pd.isna(seg.level):
            level_x += [start, end, None]
            level_y += [seg.level, seg.level, None]
            label = _("{period}: {level} a day").format(
                period=i18n.date_range(seg.segment_start, seg.segment_end), level=i18n.number(seg.level))
            labels += [label] * 2 + [None]
    traces.append(dict(type="scatter", mode="lines", x=level_x, y=level_y, name=_("Regime level (daily mean)"),
                       line=dict(color=LAUNCHED_COLOUR, width=3), customdata=labels,
                       hovertemplate=_("Regime {details}").format(details="%{customdata}") + "<extra></extra>"))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, x_range=x_range,
               below_plot_px=LEGEND_GAP_PX + LEGEND_PX)
    layout = dict(bargap=0, yaxis=dict(title=unit, rangemode="tozero"), xaxis=dict(title=None),
                  **_single_plot_layout(fr))
    layout["shapes"] = shapes + layout["shapes"]
    layout["hovermode"] = "closest"
    return _figure(traces, layout)


def salvo_months_figure(months: pd.DataFrame, *, title: str, subtitle: str, unit: str,
                        source_lines: tuple[str, ...] = ()) -> go.Figure:
    """Reports per month, split into salvos and routine reports (stacked).

    Args:
        months: month, salvos, routine, untagged, in_salvos, in_routine.
    """
    x = pd.to_datetime(months["month"]).tolist()
    traces = []
    for column, carried, name, hover, colour in (
            ("routine", "in_routine", _("Routine reports"), _("Routine reports: {reports} ({value} {unit})"),
             ROUTINE_COLOUR),
            ("salvos", "in_salvos", _("Salvos"), _("Salvos: {reports} ({value} {unit})"), SALVO_COLOUR)):
        traces.append(dict(type="bar", x=x, y=months[column].tolist(), name=name, marker=dict(color=colour),
                           customdata=months[carried].tolist(), xperiod="M1", xperiodalignment="middle",
                           hovertemplate=hover.format(reports="%{y}", value="%{customdata:,.0f}", unit=escape(unit))
                           + "<extra></extra>"))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=LEGEND_GAP_PX + LEGEND_PX)
    layout = dict(barmode="stack", bargap=0.15, yaxis=dict(title=_("reports")),
                  xaxis=dict(title=None, hoverformat="%B %Y"), **_single_plot_layout(fr))
    return _figure(traces, layout)


def saturation_figure(bins: pd.DataFrame, *, title: str, subtitle: str, unit: str,
                      source_lines: tuple[str, ...] = ()) -> go.Figure:
    """Shot-down share (Σ destroyed / Σ launched) per wave-size bin, with the reports in each bin.

    Args:
        bins: low, high (None for the open top bin), reports, launched, destroyed, share.
    """
    # The band and its number of reports on the axis, the share over the bar: both stay level on a phone.
    names = [(f"{i18n.number(int(r.low))}–{i18n.number(int(r.high))}" if not pd.isna(r.high)
              else f"{i18n.number(int(r.low))}+") + f"<br>n = {i18n.number(int(r.reports))}"
             for r in bins.itertuples(index=False)]
    text = [i18n.percent(r.share) for r in bins.itertuples(index=False)]
    traces = [dict(type="bar", x=names, y=bins["share"].tolist(), text=text, textposition="outside",
                   textangle=0, cliponaxis=False, marker=dict(color="#4e79a7"), name=_("Shot down"),
                   customdata=bins[["destroyed", "launched", "reports"]].to_numpy().tolist(),
                   hovertemplate=_("{share} shot down ({destroyed} of {launched}, {reports} reports)").format(
                       share="%{y:.1%}", destroyed="%{customdata[0]:,.0f}", launched="%{customdata[1]:,.0f}",
                       reports="%{customdata[2]}") + "<extra></extra>")]
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=70)
    layout = dict(yaxis=dict(title=_("shot down"), tickformat=".0%", range=[0, 1.08]),
                  xaxis=dict(title=dict(text=_("{unit} launched in one report; n = reports").format(unit=unit),
                                        standoff=6),
                             type="category"), showlegend=False,
                  **_single_plot_layout(fr))
    layout["hovermode"] = "closest"
    return _figure(traces, layout)
