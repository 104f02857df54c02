"""The /regions figures of where: the oblast map, the weekly panels of the oblasts named most, and the ground that
changed hands between two DeepState maps. Pure: DataFrames and shapes in, Plotly figures out."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale

from dashboard.app_pages.regions.charts import coverage_marks
from dashboard.shared import i18n
from dashboard.shared.chart_frame import frame, legend_px
from dashboard.shared.chart_layout import figure as _figure
from dashboard.shared.chart_layout import single_plot_layout as _single_plot_layout
from dashboard.shared.i18n import _

PANEL_PX = 150  # each oblast's small panel, with the gap under it for the dates or the next one's name
PANEL_GAP_PX = 52
STRIP_PX, STRIP_GAP_PX = 50, 40  # the strip of reports that list regions, and the gap under it for the next name


def region_multiples_figure(weeks: pd.DataFrame, names: dict[str, str], *, title: str, subtitle: str,
                            coverage: pd.DataFrame | None = None, coverage_hover: str = "", strip_title: str = "",
                            threshold: float | None = coverage_marks.THRESHOLD,
                            source_lines: tuple[str, ...] = ()) -> go.Figure:
    """One small panel per oblast (in the order of `names`): reports naming it per week, one shared time axis;
    with `coverage`, a strip over the panels of how many of each week's reports name an oblast at all, and the
    weeks where fewer than `threshold` of them do faded in every panel (no threshold: the strip counts reports).

    Args:
        weeks: week, region_iso, reports.
        names: region_iso -> name, in the order to draw.
        coverage: period (the week), reports, giving (queries_regions.region_list_coverage).
        coverage_hover: a template with {giving} and {reports}, added to every bar's hover.
    """
    n = max(len(names), 1)
    every_week = pd.Index(sorted(pd.to_datetime(weeks["week"]).unique()), name="week")
    if coverage is not None:
        coverage = (coverage.assign(week=pd.to_datetime(coverage["period"])).set_index("week")
                    .reindex(every_week)[["reports", "giving"]].fillna(0).astype(int))
    strip_px = STRIP_PX + STRIP_GAP_PX if coverage is not None else 0
    plot_px = PANEL_PX * n + strip_px
    traces, annotations, shapes, layout = [], [], [], {}
    for i, (iso, name) in enumerate(names.items()):
        rows = weeks[weeks["region_iso"] == iso].assign(week=lambda f: pd.to_datetime(f["week"]))
        axis = "" if i == 0 else str(i + 1)
        top = (PANEL_PX * (n - i)) / plot_px
        layout[f"yaxis{axis}"] = dict(domain=[top - (PANEL_PX - PANEL_GAP_PX) / plot_px, top], rangemode="tozero",
                                      nticks=3, title=None)
        hover = _("{name}: {count} report(s), week of {week}").format(name=escape(name), count="%{y}",
                                                                       week="%{x|%d %b %Y}")
        bar = dict(type="bar", x=rows["week"].tolist(), y=rows["reports"].tolist(), name=name, xaxis="x",
                   yaxis=f"y{axis}", marker=dict(color="#e15759"))
        if coverage is not None:
            given = coverage.reindex(rows["week"])
            bar["marker"]["opacity"] = coverage_marks.opacities(coverage_marks.is_thin(given, threshold))
            bar["customdata"] = given[["giving", "reports"]].to_numpy().tolist()
            hover += "<br>" + coverage_hover.format(giving="%{customdata[0]}", reports="%{customdata[1]}")
        traces.append({**bar, "hovertemplate": hover + "<extra></extra>"})
        annotations.append(dict(text=f"<b>{escape(name)}</b>", xref="paper", yref="paper", x=0, y=top, yanchor="bottom",
                                xanchor="left", showarrow=False, font=dict(size=12)))
    if coverage is not None:
        # The strip, over the first panel: read before the panels, it says which weeks they can be read for.
        axis = f"y{n + 1}"
        bottom = (plot_px - STRIP_PX) / plot_px
        bars, lines = coverage_marks.strip(coverage.reset_index(), x=list(every_week), width=7 * 86_400_000,
                                           yaxis=axis, hover=coverage_hover, when_format=_("week of %d %b %Y"),
                                           threshold=threshold)
        traces += bars
        shapes += lines
        layout[f"yaxis{n + 1}"] = coverage_marks.strip_axis((bottom, 1), threshold)
        annotations.append(coverage_marks.strip_title(strip_title, 1))
    fr = frame(title=title, subtitle=subtitle, source_lines=source_lines, above_plot_px=20)
    layout.update(xaxis=dict(title=None, anchor=f"y{'' if n == 1 else n}"), showlegend=False, bargap=0.1,
                  barmode="overlay", height=plot_px + fr.top + fr.bottom,
                  margin=dict(l=10, r=10, t=fr.top, b=fr.bottom),
                  annotations=annotations + fr.annotations, shapes=shapes + fr.shapes, hovermode="closest")
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
    kyiv_label = dict(text=_("Kyiv city: {count}").format(count=i18n.number(city)), x=kyiv_xy[0], y=kyiv_xy[1],
                      xref="x", yref="y", ax=-70, ay=-28, showarrow=True, arrowhead=0, arrowwidth=1, bgcolor="rgba(255,255,255,0.85)",
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
