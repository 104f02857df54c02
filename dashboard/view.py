"""The view a person picks (date range presets), as pure functions that are easy to test."""
from __future__ import annotations

import datetime as dt

# Presets count back from the newest day in the data, not from today: the sources lag by days
# or weeks, and "last 30 days" should never open on an empty chart.
PRESETS = {
    "Last 30 days": 30,
    "Last 90 days": 90,
    "Last year": 365,
    "All": None,
    "Custom": None,
}
DEFAULT_PRESET = "Last year"


def preset_range(preset: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Inclusive (start, end) for a preset, clipped to the data's bounds."""
    days = PRESETS.get(preset)
    if days is None:
        return first, last
    return max(first, last - dt.timedelta(days=days - 1)), last


def clip_range(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """A custom range clipped to the data, with start and end swapped if given backwards."""
    if end < start:
        start, end = end, start
    return max(first, min(start, last)), min(last, max(end, first))
