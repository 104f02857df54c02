"""The view a person picks (date range presets), as pure functions that are easy to test."""
from __future__ import annotations

import datetime as dt

from dashboard.shared.i18n import N_
from etl.registry import rules, series

# Presets count back from the newest day in the data, not from today: the sources lag by days
# or weeks, and "last 30 days" should never open on an empty chart.
# The keys are also the radio's values in session state; the radio shows them translated.
PRESETS = {
    N_("Last 30 days"): 30,
    N_("Last 90 days"): 90,
    N_("Last year"): 365,
    N_("All"): None,
    N_("Custom"): None,
}
DEFAULT_PRESET = "Last year"

# The escalation page (/escalation): the series it analyses (etl.registry.series.ESCALATION_SERIES), the
# event-window lengths, and their defaults. Shared links carry them as series, days, anchor and month.
ESCALATION_SERIES, DEFAULT_SERIES = series.ESCALATION_SERIES, series.DEFAULT_SERIES
WINDOW_DAYS = rules.WINDOW_DAYS
DEFAULT_WINDOW_DAYS = 14


def preset_range(preset: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Inclusive (start, end) for a preset, clipped to the data's bounds."""
    days = PRESETS.get(preset)
    if days is None:
        return first, last
    return max(first, last - dt.timedelta(days=days - 1)), last


def section_range(preset: str, shown: tuple[dt.date, dt.date], first: dt.date,
                  section_last: dt.date | None) -> tuple[dt.date, dt.date]:
    """The range one section of a page draws: a "Last N days" preset counts back from that section's own
    newest day (attack reports may end months before the maps); "All" and a custom range are the same
    for every section.

    Args:
        preset: the preset picked; shown: the range of the whole view (the URL's start and end);
        first: the data's first day; section_last: the newest day of the section's sources (None: unknown).
    """
    if PRESETS.get(preset) is None or section_last is None:
        return shown
    return preset_range(preset, first, section_last)


def matching_preset(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> str:
    """The preset that shows exactly this range, else "Custom"."""
    for preset in PRESETS:
        if preset != "Custom" and preset_range(preset, first, last) == (start, end):
            return preset
    return "Custom"


def clip_range(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """A custom range clipped to the data, with start and end swapped if given backwards."""
    if end < start:
        start, end = end, start
    return max(first, min(start, last)), min(last, max(end, first))

AGGREGATIONS = rules.AGGREGATIONS
ADJECTIVES = rules.AGGREGATION_ADJECTIVE  # translated where shown
SMOOTHING = (0, 7, 28)
DEFAULT_METRICS = series.DEFAULT_COMPARISON
# Past this many points a figure is aggregated on the server: a browser drawing tens of thousands
# of bars is slow and shows nothing more at this width.
POINT_BUDGET = 3000
_DAYS_PER_PERIOD = {"day": 1, "week": 7, "month": 30.4}


def effective_aggregation(agg: str, start: dt.date, end: dt.date, n_series: int,
                          budget: int = POINT_BUDGET) -> str:
    """The finest aggregation at or above `agg` whose figure stays within the point budget."""
    days = (end - start).days + 1
    for candidate in AGGREGATIONS[AGGREGATIONS.index(agg):]:
        if days / _DAYS_PER_PERIOD[candidate] * max(n_series, 1) <= budget:
            return candidate
    return "month"


def points_sent(days: int, n_series: int, agg: str) -> int:
    """Roughly how many points a figure of this many series sends at this aggregation."""
    return int(round(days / _DAYS_PER_PERIOD[agg])) * n_series
