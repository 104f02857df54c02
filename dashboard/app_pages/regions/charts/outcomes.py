"""The /regions figures of what became of the drones launched: the outcomes stacked to 100 %, a share per period,
and which fields the reports give. Pure: DataFrames in, Plotly figures out."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from dashboard.app_pages.regions.charts import coverage_marks
from dashboard.app_pages.regions.charts.coverage_marks import ChangeMark
from dashboard.shared.chart_frame import frame, legend_px
from dashboard.shared.chart_layout import LEGEND_GAP_PX, SIMPLE_PLOT_PX
from dashboard.shared.chart_layout import figure as _figure
from dashboard.shared.chart_layout import single_plot_layout as _single_plot_layout
from dashboard.shared.i18n import N_, _

# Outcome -> (label, colour): shot down blue, lost on radar teal, in the air grey, unaccounted red. From the change
# of reporting of 24 July 2025 the reports give shot down and lost on radar as one figure, drawn in a darker blue.
OUTCOMES = {
    "drones_destroyed": (N_("Shot down"), "#4e79a7"),
    "drones_lost_on_radar": (N_("Lost on radar"), "#76b7b2"),
    "drones_neutralised": (N_("Shot down or suppressed (neutralised)"), "#2e4a7d"),
    "drones_still_in_air": (N_("Still in the air"), "#bab0ac"),
    "drones_unaccounted": (N_("Unaccounted for"), "#e15759"),
    # Days without a still-in-the-air figure: the rest cannot be split into in the air and unaccounted.
    "rest_not_split": (N_("Rest, not split"), "#f1a9a0"),
}
# Which of a period's days each outcome is counted over (queries_regions.outcome_periods).
OUTCOME_DAYS = {"drones_destroyed": "days_apart", "drones_lost_on_radar": "days_apart",
                "drones_neutralised": "days_combined", "drones_still_in_air": "days_split",
                "drones_unaccounted": "days_split"}


# How each period is drawn: bar width (ms, or Plotly's "M1"), hover date (translated), and the step between periods.
PERIOD_AXIS = {"day": (86_400_000, "%d %b %Y", "D"), "week": (7 * 86_400_000, N_("week of %d %b %Y"), "7D"),
               "month": ("M1", "%b %Y", "MS")}
# The charts with a change of reporting draw each period's bar over the days it covers, labelled in the middle, so
# the change's line falls inside the period that holds it (a bar centred on its first day would put 24 July 2025
# at the edge of the August bar).
SPAN = "middle"
# Fields of the national reports whose coverage is drawn, in the order they appear in the history.
COVERAGE_FIELDS = {
    "drones_destroyed": N_("Shot down"),
    "drones_lost_on_radar": N_("Lost on radar"),
    "drones_still_in_air": N_("Still in the air"),
    "hit_locations": N_("Places hit"),
    "debris_locations": N_("Places with debris"),
    "real_shaheds_launched": N_("Real Shaheds"),
}


def outcome_shares_figure(periods: pd.DataFrame, *, period: str, title: str, subtitle: str,
                          change: ChangeMark | None = None, source_lines: tuple[str, ...] = ()) -> go.Figure:
    """Each day's, week's or month's drones split by what became of them, as shares of those launched
    (stacked to 100 %); an outcome no period gives (lost on radar in a range after the change) is left out.

    Args:
        periods: period, drones_launched, the OUTCOMES columns, days, days_apart, days_combined and days_split
            (queries_regions.outcome_periods).
        period: "day", "week" or "month".
        change: the change of reporting after which shot down and lost on radar are one figure, drawn as a
            labelled line when the periods span it.
    """
    width, hover_date, _step = PERIOD_AXIS[period]
    x = pd.to_datetime(periods["period"])
    days = {**{column: periods[days] for column, days in OUTCOME_DAYS.items() if days in periods},
            "rest_not_split": periods["days"] - periods["days_split"]}
    traces = []
    for column, (label, colour) in OUTCOMES.items():
        if column not in periods or periods[column].isna().all():
            continue
        label = _(label)
        share = (periods[column] / periods["drones_launched"]).tolist()
        pattern = dict(shape="/", fgcolor="#e15759", size=6) if column == "rest_not_split" else None
        traces.append(dict(type="bar", x=x.tolist(), y=share, name=label, marker=dict(color=colour, pattern=pattern),
                           customdata=list(zip(periods[column], periods["drones_launched"],
                                               days.get(column, periods["days"]))),
                           xperiod=width, xperiodalignment=SPAN,
                           hovertemplate=_("{label}: {share} ({count} of {launched}; over {days} day(s))").format(
                               label=escape(label), share="%{y:.0%}", count="%{customdata[0]:,.0f}",
                               launched="%{customdata[1]:,.0f}", days="%{customdata[2]}") + "<extra></extra>"))
    draw_change = change is not None and coverage_marks.spans(x, change.day, PERIOD_AXIS[period][2])
    # Up to six legend entries: three rows on a phone in English, more in Ukrainian (a longer widest label).
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines,
               above_plot_px=coverage_marks.LABEL_PX if draw_change else 0,
               below_plot_px=LEGEND_GAP_PX + legend_px(traces, least_rows=3))
    layout = dict(barmode="relative", bargap=0.1 if period != "day" else 0.05,
                  yaxis=dict(title=_("share of launched"), tickformat=".0%"),
                  xaxis=dict(title=None, hoverformat=_(hover_date), ticklabelmode="period"),
                  **_single_plot_layout(fr))
    if draw_change:
        _add_change(layout, change, (x.min(), x.max()))
    return _figure(traces, layout)


def _add_change(layout: dict, change: ChangeMark, x_range: tuple) -> None:
    shape, label = coverage_marks.break_line(change.day, change.label, change.hover, x_range=x_range)
    layout["shapes"] = [*layout["shapes"], shape]
    layout["annotations"] = [*layout["annotations"], label]


RATIO_STRIP_PX = 60  # the strip of reports giving the field, under a ratio's line
RATIO_STRIP_GAP_PX = 48  # between the line's axis and the strip: the dates, and the strip's title


def ratio_figure(periods: pd.DataFrame, *, period: str, title: str, subtitle: str, name: str, scale: float = 1.0,
                 tickformat: str = ".0%", coverage_hover: str = "", strip_title: str = "",
                 threshold: float | None = coverage_marks.THRESHOLD, source_lines: tuple[str, ...] = ()) -> go.Figure:
    """A ratio of sums per period (Σ numerator / Σ denominator over the days reporting both) as a line; with
    `reports` and `giving` columns, a strip under it of the share of each period's reports that give the field,
    and the periods where fewer than `threshold` do faded on the line.

    Args:
        periods: period, numerator, denominator, ratio, days (and reports, giving:
            queries_regions.share_field_coverage).
        scale: multiply the ratio (100 for "per 100").
        coverage_hover: a template with {giving} and {reports} ("5 of 36 reports give the real count").
    """
    width, hover_date, step = PERIOD_AXIS[period]
    # Periods without a report stay gaps in the line, not a straight run across them.
    dates = pd.to_datetime(periods["period"])
    every = pd.date_range(dates.min(), dates.max(), freq=step)
    periods = periods.assign(period=dates).set_index("period").reindex(every).rename_axis("period").reset_index()
    x, y = periods["period"].tolist(), periods["ratio"] * scale
    has_coverage = {"reports", "giving"} <= set(periods.columns)
    thin = coverage_marks.is_thin(periods, threshold) if has_coverage else pd.Series(False, index=periods.index)
    hover = _("{name}: {value} ({numerator} / {denominator}; {days} day(s))").format(
        name=escape(name), value=f"%{{y:{tickformat}}}", numerator="%{customdata[0]:,.0f}",
        denominator="%{customdata[1]:,.0f}", days="%{customdata[2]}")
    columns = ["numerator", "denominator", "days"]
    if has_coverage:
        hover += "<br>" + coverage_hover.format(giving="%{customdata[3]}", reports="%{customdata[4]}")
        columns += ["giving", "reports"]
    # Every period on a faded line (it carries the hover), then the periods enough reports give drawn over it in
    # full: a thin period is still there to read, plainly not to be read as the rest.
    traces = [dict(type="scatter", mode="lines+markers", x=x, y=y.tolist(), name=name,
                   line=dict(color="#59a14f" if not thin.any() else "rgba(89, 161, 79, 0.35)", width=2),
                   marker=dict(size=4, color="#59a14f", opacity=coverage_marks.opacities(thin)),
                   customdata=periods[columns].fillna(0).to_numpy().tolist(), hovertemplate=hover + "<extra></extra>")]
    if thin.any():
        traces.append(dict(type="scatter", mode="lines+markers", x=x, y=y.where(~thin).tolist(), name=name,
                           line=dict(color="#59a14f", width=2), marker=dict(size=4), hoverinfo="skip"))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=LEGEND_GAP_PX)
    layout = dict(yaxis=dict(title=None, tickformat=tickformat, rangemode="tozero"),
                  xaxis=dict(title=None, hoverformat=_(hover_date)), showlegend=False, **_single_plot_layout(fr))
    if has_coverage:
        plot_px = SIMPLE_PLOT_PX + RATIO_STRIP_PX + RATIO_STRIP_GAP_PX
        strip_top = RATIO_STRIP_PX / plot_px
        bars, shapes = coverage_marks.strip(periods, x=x, width=width, yaxis="y2", hover=coverage_hover,
                                            when_format=_(hover_date), threshold=threshold)
        traces += bars
        layout.update(height=plot_px + fr.top + fr.bottom, hovermode="closest", barmode="overlay", bargap=0.1,
                      yaxis2=coverage_marks.strip_axis((0, strip_top), threshold),
                      shapes=[*layout["shapes"], *shapes],
                      annotations=[*layout["annotations"], coverage_marks.strip_title(strip_title, strip_top)])
        layout["yaxis"]["domain"] = [(RATIO_STRIP_PX + RATIO_STRIP_GAP_PX) / plot_px, 1]
        layout["xaxis"]["anchor"] = "y2"
    return _figure(traces, layout)


def coverage_figure(coverage: pd.DataFrame, *, period: str, title: str, subtitle: str,
                    change: ChangeMark | None = None, source_lines: tuple[str, ...] = ()) -> go.Figure:
    """Which fields the reports give: one row per field, the share of days with drones launched that report it.

    Args:
        coverage: period, metric (a COVERAGE_FIELDS key), days, reported.
        change: a change of reporting, drawn as a labelled line when the periods span it.
    """
    width, hover_date, _step = PERIOD_AXIS[period]
    wide = coverage.assign(share=coverage["reported"] / coverage["days"])
    fields = [f for f in COVERAGE_FIELDS if f in set(wide["metric"])]
    traces = []
    for row, field in enumerate(fields):
        part = wide[wide["metric"] == field]
        label = _(COVERAGE_FIELDS[field])
        # One bar row per field (from `row` to `row + 0.55`) coloured by the share reported; its name sits above
        # it, inside the plot, so the time axis spans the same width as the charts around it.
        traces.append(dict(type="bar", x=pd.to_datetime(part["period"]).tolist(), y=[0.55] * len(part),
                           base=[row] * len(part), xperiod=width, xperiodalignment=SPAN, name=label,
                           marker=dict(color=part["share"].tolist(), colorscale=[[0, "#eeeeee"], [1, "#4e79a7"]],
                                       cmin=0, cmax=1, line=dict(width=0)),
                           customdata=part[["reported", "days"]].to_numpy().tolist(), showlegend=False,
                           hovertemplate=_("{label}: given on {reported} of {days} day(s) with drones launched").format(
                               label=escape(label), reported="%{customdata[0]}", days="%{customdata[1]}")
                           + "<extra></extra>"))
    x = pd.to_datetime(wide["period"])
    draw_change = change is not None and coverage_marks.spans(x, change.day, PERIOD_AXIS[period][2])
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=LEGEND_GAP_PX,
               above_plot_px=coverage_marks.LABEL_PX if draw_change else 0)
    labels = [dict(text=escape(_(COVERAGE_FIELDS[f])), xref="paper", x=0, yref="y", y=row, xanchor="left",
                   yanchor="bottom", showarrow=False, font=dict(size=11, color="#555")) for row, f in enumerate(fields)]
    layout = dict(barmode="overlay", bargap=0, **_single_plot_layout(fr))
    layout["annotations"] = [*layout["annotations"], *labels]
    layout.update(yaxis=dict(visible=False, range=[len(fields) - 0.4, -0.45], fixedrange=True),
                  xaxis=dict(title=None, hoverformat=_(hover_date), ticklabelmode="period"), hovermode="closest",
                  height=40 * len(fields) + fr.top + fr.bottom)
    if draw_change:
        _add_change(layout, change, (x.min(), x.max()))
    return _figure(traces, layout)
