"""The layout pieces every chart builder shares: the single-plot layout, marks added to a layout, the figure
without per-property validation, value axes, hover dates and what a log scale hides. Pure."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.shared import i18n
from dashboard.shared.i18n import N_, _, ngettext

# Legends below the plot, left-aligned: above it they collide with the title and the toolbar on a phone.
LEGEND_GAP_PX, LEGEND_PX = 44, 44  # from the plot's bottom edge to the legend (tick labels); its height (two rows on a phone)
SIMPLE_PLOT_PX = 300  # plot height of the single-panel charts
# Hover dates, as Plotly (d3) time formats: the chart's locale writes the month and day names.
# Translators: a Plotly (d3) date format: keep %d, %b and %Y.
DATE_FORMATS = {"day": "%a %d %b %Y", "week": N_("week of %d %b %Y"), "month": "%B %Y"}

def add_marks(layout: dict, shapes: list[dict], annotations: list[dict]) -> None:
    """Add shapes and annotations (e.g. changes of reporting) to a layout's own."""
    layout["shapes"] = list(layout.get("shapes") or []) + shapes
    layout["annotations"] = list(layout.get("annotations") or []) + annotations


def single_plot_layout(fr) -> dict:
    """Height, margins, legend under the plot, and the frame's marks, for a one-panel chart."""
    return dict(height=SIMPLE_PLOT_PX + fr.top + fr.bottom, margin=dict(l=10, r=10, t=fr.top, b=fr.bottom),
                legend=dict(orientation="h", xanchor="left", x=0, yanchor="top", y=-LEGEND_GAP_PX / SIMPLE_PLOT_PX),
                hovermode="x unified", annotations=fr.annotations, shapes=fr.shapes)


def figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without Plotly's property-by-property validation.

    Validation costs most of a rerun's figure time (every trace sets ~100 properties through
    validators) and is repeated when Streamlit serialises the figure. The builders here produce a
    fixed set of properties, and tests/unit/dashboard/shared/test_dashboard_units.py validates every builder's output with
    go.Figure(fig.to_dict()), so an invalid property still fails the tests.
    """
    return go.Figure(data=traces, layout=layout, _validate=False)


def hover_date_format(agg: str) -> str:
    """The d3 format of a period's date in hover text, in the run's language."""
    return _(DATE_FORMATS.get(agg, DATE_FORMATS["day"]))


def value_axis(log: bool, tickformat: str | None = None) -> dict:
    """A value axis: on a log scale, one tick per power of ten (1, 10, 100, 1,000), written out in full."""
    if not log:
        return dict(type="linear", tickformat=tickformat)
    return dict(type="log", dtick=1, exponentformat="none", tickformat=tickformat or ",.0f")


def log_hidden_note(values: pd.Series) -> str:
    """What a log scale cannot draw: values at zero or below (a day with none launched, a loss of ground)."""
    hidden = int((values <= 0).sum())
    if not hidden:
        return ""
    return " · " + ngettext("log scale hides {count} at 0 or below", "log scale hides {count} at 0 or below",
                            hidden).format(count=i18n.number(hidden))
