"""What a /regions chart draws where its field is given by only some of the reports: a strip of how many of each
period's reports give it, the periods under the threshold faded, and a labelled line at a change of reporting.
Pure: plain trace, shape and annotation dicts, drawn on the figure itself so a PNG or SVG export keeps them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

import pandas as pd
from pandas.tseries.frequencies import to_offset

from etl.registry import rules

THRESHOLD = rules.COVERAGE_MIN_SHARE
FADED_OPACITY = 0.3  # a faded period: still there to hover, plainly not to be read as the rest
STRIP_COLOUR = "#4e79a7"
CELL_COLOUR = "#eeeeee"  # a period with reports, under its share: an empty cell is "none gives it"
THRESHOLD_COLOUR = "#555"
BREAK_COLOUR = "#6b4c9a"  # the colour the other pages give a change of reporting
STRIP_TITLE_PX = 20  # the strip's title, above its bars
LABEL_PX = 16  # a break's label, in its own row right above the plot


@dataclass(frozen=True)
class ChangeMark:
    """A change of reporting as a chart draws it: its first day, its label on the chart and its hover."""

    day: dt.date | str
    label: str
    hover: str


def spans(periods: pd.Series, day, step: str) -> bool:
    """Whether periods starting at these dates (each `step` long: "D", "7D", "MS") have days on both sides of `day`."""
    starts = pd.to_datetime(periods)
    if starts.empty:
        return False
    day = pd.Timestamp(day)
    return starts.min() < day < starts.max() + to_offset(step)


def is_thin(coverage: pd.DataFrame, threshold: float | None = THRESHOLD) -> pd.Series:
    """Which periods' reports give the field less often than `threshold` (never with no threshold, nor in a
    period without reports: it has nothing to draw).

    Args:
        coverage: reports (that could give the field) and giving (that do), per period.
    """
    if threshold is None:
        return pd.Series(False, index=coverage.index)
    reports, giving = coverage["reports"].fillna(0), coverage["giving"].fillna(0)
    return (reports > 0) & (giving < threshold * reports)


def opacities(thin: pd.Series) -> list[float]:
    """Per period, the opacity of its bar or marker."""
    return [FADED_OPACITY if t else 1.0 for t in thin]


def strip(coverage: pd.DataFrame, *, x: list, width, yaxis: str, hover: str, when_format: str,
          threshold: float | None = THRESHOLD) -> tuple[list[dict], list[dict]]:
    """A row of bars under or over a chart: each period's share of reports giving the field (0 to 100 %, faded
    under the threshold, which is drawn as a dashed line) on a light cell for every period with reports, so a
    period where none gives it shows as an empty cell; with no threshold, the count of reports.

    Args:
        coverage: reports and giving, one row per x.
        x: the periods' starts; width: the bar width (ms or "M1").
        yaxis: the strip's axis ("y2", ...).
        hover: a template with {giving} and {reports}, after the period (written with `when_format`).

    Returns:
        (traces, shapes); the figure's barmode must be "overlay", so the bars sit on their cells.
    """
    reports, giving = coverage["reports"].fillna(0), coverage["giving"].fillna(0)
    share = threshold is not None
    y = (giving / reports.where(reports > 0)).fillna(0) if share else reports
    common = dict(x=x, xaxis="x", yaxis=yaxis, xperiod=width, xperiodalignment="start", showlegend=False,
                  customdata=list(zip(giving.astype(int), reports.astype(int))),
                  hovertemplate=f"%{{x|{when_format}}}: " + hover.format(giving="%{customdata[0]}",
                                                                          reports="%{customdata[1]}")
                  + "<extra></extra>")
    traces = []
    if share:
        traces.append(dict(type="bar", y=[1 if r > 0 else 0 for r in reports], **common,
                           marker=dict(color=CELL_COLOUR, line=dict(width=0))))
    traces.append(dict(type="bar", y=y.tolist(), **common, marker=dict(
        color=STRIP_COLOUR, opacity=opacities(is_thin(coverage, threshold)), line=dict(width=0))))
    shapes = [dict(type="line", xref="paper", x0=0, x1=1, yref=yaxis, y0=threshold, y1=threshold, layer="above",
                   line=dict(color=THRESHOLD_COLOUR, width=1, dash="dash"))] if share else []
    return traces, shapes


def strip_axis(domain: tuple[float, float], threshold: float | None = THRESHOLD) -> dict:
    """The strip's value axis: 0 %, the threshold and 100 % marked, or a count from 0."""
    if threshold is None:
        return dict(domain=list(domain), rangemode="tozero", nticks=3, fixedrange=True, title=None)
    return dict(domain=list(domain), range=[0, 1], tickvals=[0, threshold, 1], tickformat=".0%", fixedrange=True,
                title=None, showgrid=False)


def strip_title(text: str, top: float) -> dict:
    """The strip's title, left-aligned right above it (paper coordinates)."""
    return dict(text=escape(text), xref="paper", yref="paper", x=0, y=top, xanchor="left", yanchor="bottom",
                showarrow=False, font=dict(size=11, color="#444"))


def break_line(day, label: str, hover: str, *, x_range: tuple | None = None) -> tuple[dict, dict]:
    """A dashed vertical line through the plot at a change of reporting, and its label in the row above the plot
    (frame(..., above_plot_px=LABEL_PX) leaves it), so neither hides a bar.

    Args:
        day: the first day reported the new way.
        x_range: the first and last period drawn: a break in the right third is labelled to its left, so the label
            never runs past the plot's right edge on a phone.
    """
    x = pd.Timestamp(day)
    right = False
    if x_range is not None:
        first, last = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
        right = last > first and (x - first) / (last - first) > 2 / 3
    shape = dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, layer="above",
                 line=dict(color=BREAK_COLOUR, width=1.5, dash="dash"))
    annotation = dict(text=escape(label), x=x, y=1, xref="x", yref="paper", xanchor="right" if right else "left",
                      yanchor="bottom", xshift=-3 if right else 3, showarrow=False, hovertext=escape(hover),
                      font=dict(size=10, color=BREAK_COLOUR))
    return shape, annotation
