"""Pure figure builders of the /regions page: DataFrames in, Plotly figures out. No Streamlit, no database."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale

from dashboard.shared import i18n
from dashboard.shared.chart_frame import frame, legend_px
from dashboard.shared.charts import LEGEND_GAP_PX, _figure, _single_plot_layout
from dashboard.shared.i18n import N_, _

# Outcome -> (label, colour): shot down blue, lost on radar teal, in the air grey, unaccounted red.
OUTCOMES = {
    "drones_destroyed": (N_("Shot down"), "#4e79a7"),
    "drones_lost_on_radar": (N_("Lost on radar"), "#76b7b2"),
    "drones_still_in_air": (N_("Still in the air"), "#bab0ac"),
    "drones_unaccounted": (N_("Unaccounted for"), "#e15759"),
    # Days without a still-in-the-air figure: the rest cannot be split into in the air and unaccounted.
    "rest_not_split": (N_("Rest, not split"), "#f1a9a0"),
}
PANEL_PX = 150  # each oblast's small panel


# How each period is drawn: bar width (ms, or Plotly's "M1"), hover date (translated), and the step between periods.
PERIOD_AXIS = {"day": (86_400_000, "%d %b %Y", "D"), "week": (7 * 86_400_000, N_("week of %d %b %Y"), "7D"),
               "month": ("M1", "%b %Y", "MS")}
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
                          source_lines: tuple[str, ...] = ()) -> go.Figure:
    """Each day's, week's or month's drones split by what became of them, as shares of those launched
    (stacked to 100 %).

    Args:
        periods: period, drones_launched, the OUTCOMES columns, days and days_split (queries_regions.outcome_periods).
        period: "day", "week" or "month".
    """
    width, hover_date, _step = PERIOD_AXIS[period]
    x = pd.to_datetime(periods["period"]).tolist()
    traces = []
    days = {"drones_still_in_air": periods["days_split"], "drones_unaccounted": periods["days_split"],
            "rest_not_split": periods["days"] - periods["days_split"]}
    for column, (label, colour) in OUTCOMES.items():
        label = _(label)
        share = (periods[column] / periods["drones_launched"]).tolist()
        pattern = dict(shape="/", fgcolor="#e15759", size=6) if column == "rest_not_split" else None
        traces.append(dict(type="bar", x=x, y=share, name=label, marker=dict(color=colour, pattern=pattern),
                           customdata=list(zip(periods[column], periods["drones_launched"],
                                               days.get(column, periods["days"]))),
                           xperiod=width, xperiodalignment="start",
                           hovertemplate=_("{label}: {share} ({count} of {launched}; over {days} day(s))").format(
                               label=escape(label), share="%{y:.0%}", count="%{customdata[0]:,.0f}",
                               launched="%{customdata[1]:,.0f}", days="%{customdata[2]}") + "<extra></extra>"))
    # Five legend entries: three rows on a phone in English, five in Ukrainian (a longer widest label).
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines,
               below_plot_px=LEGEND_GAP_PX + legend_px(traces, least_rows=3))
    layout = dict(barmode="relative", bargap=0.1 if period != "day" else 0.05,
                  yaxis=dict(title=_("share of launched"), tickformat=".0%"),
                  xaxis=dict(title=None, hoverformat=_(hover_date)), **_single_plot_layout(fr))
    return _figure(traces, layout)


def ratio_figure(periods: pd.DataFrame, *, period: str, title: str, subtitle: str, name: str, scale: float = 1.0,
                 tickformat: str = ".0%", source_lines: tuple[str, ...] = ()) -> go.Figure:
    """A ratio of sums per period (Σ numerator / Σ denominator over the days reporting both) as a line.

    Args:
        periods: period, numerator, denominator, ratio, days.
        scale: multiply the ratio (100 for "per 100").
    """
    _width, hover_date, step = PERIOD_AXIS[period]
    # Periods without a report stay gaps in the line, not a straight run across them.
    dates = pd.to_datetime(periods["period"])
    every = pd.date_range(dates.min(), dates.max(), freq=step)
    periods = periods.assign(period=dates).set_index("period").reindex(every).rename_axis("period").reset_index()
    traces = [dict(type="scatter", mode="lines+markers", x=periods["period"].tolist(),
                   y=(periods["ratio"] * scale).tolist(), name=name, line=dict(color="#59a14f", width=2),
                   marker=dict(size=4), customdata=periods[["numerator", "denominator", "days"]].to_numpy().tolist(),
                   hovertemplate=_("{name}: {value} ({numerator} / {denominator}; {days} day(s))").format(
                       name=escape(name), value=f"%{{y:{tickformat}}}", numerator="%{customdata[0]:,.0f}",
                       denominator="%{customdata[1]:,.0f}", days="%{customdata[2]}") + "<extra></extra>")]
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=LEGEND_GAP_PX)
    layout = dict(yaxis=dict(title=None, tickformat=tickformat, rangemode="tozero"),
                  xaxis=dict(title=None, hoverformat=_(hover_date)), showlegend=False, **_single_plot_layout(fr))
    return _figure(traces, layout)


def coverage_figure(coverage: pd.DataFrame, *, period: str, title: str, subtitle: str,
                    source_lines: tuple[str, ...] = ()) -> go.Figure:
    """Which fields the reports give: one row per field, the share of days with drones launched that report it.

    Args:
        coverage: period, metric (a COVERAGE_FIELDS key), days, reported.
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
                           base=[row] * len(part), xperiod=width, xperiodalignment="start", name=label,
                           marker=dict(color=part["share"].tolist(), colorscale=[[0, "#eeeeee"], [1, "#4e79a7"]],
                                       cmin=0, cmax=1, line=dict(width=0)),
                           customdata=part[["reported", "days"]].to_numpy().tolist(), showlegend=False,
                           hovertemplate=_("{label}: given on {reported} of {days} day(s) with drones launched").format(
                               label=escape(label), reported="%{customdata[0]}", days="%{customdata[1]}")
                           + "<extra></extra>"))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=LEGEND_GAP_PX)
    labels = [dict(text=escape(_(COVERAGE_FIELDS[f])), xref="paper", x=0, yref="y", y=row, xanchor="left",
                   yanchor="bottom", showarrow=False, font=dict(size=11, color="#555")) for row, f in enumerate(fields)]
    layout = dict(barmode="overlay", bargap=0, **_single_plot_layout(fr))
    layout["annotations"] = [*layout["annotations"], *labels]
    layout.update(yaxis=dict(visible=False, range=[len(fields) - 0.4, -0.45], fixedrange=True),
                  xaxis=dict(title=None, hoverformat=_(hover_date)), hovermode="closest",
                  height=40 * len(fields) + fr.top + fr.bottom)
    return _figure(traces, layout)


def region_multiples_figure(weeks: pd.DataFrame, names: dict[str, str], *, title: str, subtitle: str,
                            source_lines: tuple[str, ...] = ()) -> go.Figure:
    """One small panel per oblast (in the order of `names`): reports naming it per week, one shared time axis.

    Args:
        weeks: week, region_iso, reports.
        names: region_iso -> name, in the order to draw.
    """
    n = max(len(names), 1)
    traces, annotations, layout = [], [], {}
    gap = 0.35 / n
    for i, (iso, name) in enumerate(names.items()):
        rows = weeks[weeks["region_iso"] == iso]
        axis = "" if i == 0 else str(i + 1)
        top = 1 - i / n
        layout[f"yaxis{axis}"] = dict(domain=[max(top - 1 / n + gap, 0), top], rangemode="tozero",
                                      nticks=3, title=None)
        traces.append(dict(type="bar", x=pd.to_datetime(rows["week"]).tolist(), y=rows["reports"].tolist(),
                           name=name, xaxis="x", yaxis=f"y{axis}", marker=dict(color="#e15759"),
                           hovertemplate=_("{name}: {count} report(s), week of {week}").format(
                               name=escape(name), count="%{y}", week="%{x|%d %b %Y}") + "<extra></extra>"))
        annotations.append(dict(text=f"<b>{escape(name)}</b>", xref="paper", yref="paper", x=0, y=top, yanchor="bottom",
                                xanchor="left", showarrow=False, font=dict(size=12)))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, above_plot_px=20)
    layout.update(xaxis=dict(title=None, anchor=f"y{'' if n == 1 else n}"), showlegend=False, bargap=0.1,
                  height=PANEL_PX * n + fr.top + fr.bottom, margin=dict(l=10, r=10, t=fr.top, b=fr.bottom),
                  annotations=annotations + fr.annotations, shapes=fr.shapes, hovermode="closest")
    return _figure(traces, layout)


KYIV_CITY = ("UA-30", 30.52, 50.45)  # Kyiv city has no outline of its own here: a marker at its centre
MAP_COLOURS = "Reds"


def oblast_map_figure(outlines: dict, ranking: pd.DataFrame, *, title: str, subtitle: str, kyiv_xy: tuple,
                      source_lines: tuple[str, ...] = ()) -> go.Figure:
    """A choropleth of the reports naming each oblast, drawn as filled outlines on plain axes.

    Plotly's geo maps fetch their base layer from a CDN even when it is hidden; plain axes need nothing from
    the network, so the map also draws offline.

    Args:
        outlines: region_iso -> (name, list of rings, each a list of (x, y) in an equal-area projection, km).
        ranking: region_iso, region, reports (oblasts not in it are drawn with 0).
        kyiv_xy: Kyiv city's position in the same projection.
    """
    reports = dict(zip(ranking["region_iso"], ranking["reports"]))
    top = max([float(v) for v in reports.values()] + [1.0])
    traces = []
    for iso, (name, rings) in outlines.items():
        value = float(reports.get(iso, 0))
        colour = sample_colorscale(MAP_COLOURS, [value / top])[0]
        xs, ys = [], []
        for ring in rings:
            xs += [x for x, _y in ring] + [None]
            ys += [y for _x, y in ring] + [None]
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
                           line=dict(color="#ffffff", width=0.8), hoveron="fills", name=name,
                           text=_("{name}: {count} report(s)").format(name=escape(name), count=i18n.number(value)),
                           hoverinfo="text"))
    city = float(reports.get(KYIV_CITY[0], 0))
    traces.append(dict(type="scatter", x=[kyiv_xy[0]], y=[kyiv_xy[1]], mode="markers",
                       marker=dict(size=7, color="#ffffff", line=dict(color="#222", width=1.5)),
                       hovertemplate=_("{name}: {count} report(s)").format(name=_("Kyiv city"), count=i18n.number(city))
                       + "<extra></extra>"))
    # Its label on a white box, pointing in from the west, where the fills are light.
    kyiv_label = dict(text=_("Kyiv city: {count}").format(count=i18n.number(city)), x=kyiv_xy[0], y=kyiv_xy[1], xref="x", yref="y", ax=-70, ay=-28,
                      showarrow=True, arrowhead=0, arrowwidth=1, bgcolor="rgba(255,255,255,0.85)",
                      font=dict(size=10, color="#222"))
    # The colour key: an invisible marker carrying the colour scale.
    traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", hoverinfo="skip",
                       marker=dict(colorscale=MAP_COLOURS, cmin=0, cmax=top, color=[0], showscale=True,
                                   colorbar=dict(title=dict(text=_("reports")), thickness=10, len=0.7))))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, below_plot_px=10)
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    layout = dict(xaxis=dict(**hidden), yaxis=dict(**hidden, scaleanchor="x", scaleratio=1), showlegend=False,
                  height=380 + fr.top + fr.bottom, margin=dict(l=0, r=0, t=fr.top, b=fr.bottom),
                  annotations=fr.annotations + [kyiv_label], shapes=fr.shapes, hovermode="closest",
                  plot_bgcolor="rgba(0,0,0,0)")
    return _figure(traces, layout)


def _rings(shape) -> tuple[list, list]:
    """x and y of every exterior ring of a projected (km) shape, rings separated by None."""
    xs, ys = [], []
    polygons = [g for g in getattr(shape, "geoms", [shape]) if g.geom_type == "Polygon"]
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            xs += [x for x, _y in ring.coords] + [None]
            ys += [y for _x, y in ring.coords] + [None]
    return xs, ys


def territory_change_figure(background: dict, held, gained, retaken, *, title: str, subtitle: str,
                            labels: tuple[str, str, str], source_lines: tuple[str, ...] = ()) -> go.Figure:
    """Held, gained and retaken ground on the oblast outlines, all shapes projected to km.

    Args:
        background: region_iso -> (name, rings) as for oblast_map_figure.
        held: the area held at the earlier map; gained, retaken: what changed hands (shapely, km).
        labels: legend names of held, gained and retaken (with their km²).
    """
    traces = []
    xs, ys = [], []
    for _name, rings in background.values():
        for ring in rings:
            xs += [x for x, _y in ring] + [None]
            ys += [y for _x, y in ring] + [None]
    traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color="#c8c8c8", width=0.7),
                       hoverinfo="skip", showlegend=False))
    for shape, name, fill, line in ((held, labels[0], "rgba(120,120,120,0.45)", "rgba(90,90,90,0.6)"),
                                    (gained, labels[1], "rgba(225,87,89,0.95)", "#b2182b"),
                                    (retaken, labels[2], "rgba(78,121,167,0.95)", "#2166ac")):
        x, y = _rings(shape)
        traces.append(dict(type="scatter", x=x or [None], y=y or [None], mode="lines", fill="toself",
                           fillcolor=fill, line=dict(color=line, width=0.8), name=name, hoveron="fills",
                           text=name, hoverinfo="text"))
    # Three legend entries with their km² take three rows on a phone: room for them above the sources.
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines,
               below_plot_px=20 + legend_px(traces, least_rows=3))
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    layout = dict(**_single_plot_layout(fr))
    # Zoomed on what changed, with room around it: a month's change is a sliver of the whole country.
    changed = shapely.union_all([g for g in (gained, retaken) if not g.is_empty]) if not (
        gained.is_empty and retaken.is_empty) else held
    x0, y0, x1, y1 = changed.bounds
    pad = max(40.0, 0.15 * max(x1 - x0, y1 - y0))
    layout.update(xaxis=dict(**hidden, range=[x0 - pad, x1 + pad]),
                  yaxis=dict(**hidden, range=[y0 - pad, y1 + pad], scaleanchor="x", scaleratio=1), hovermode="closest",
                  height=380 + fr.top + fr.bottom, plot_bgcolor="rgba(0,0,0,0)")
    layout["legend"]["y"] = -10 / 380
    return _figure(traces, layout)
