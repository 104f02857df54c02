"""What every page gets from the app: the open database, the view and the data every page needs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from dashboard.shared import view_state


@dataclass
class PageContext:
    """One run's shared state: built by app.py, read by each page's render()."""

    con: duckdb.DuckDBPyConnection
    version: tuple  # the database file's identity; every cache is keyed on it
    first: dt.date  # the data's first and last day (all sources)
    last: dt.date
    catalogue: pd.DataFrame  # the metric registry as loaded, indexed by metric
    freshness: pd.DataFrame  # per source: newest day, last load, rejected rows
    state: view_state.ViewState | None = None  # the view, once the sidebar is drawn
    preset: str = view_state.DEFAULT_PRESET  # the range preset picked ("Custom" for dates of one's own)
    image_format: str = "png"  # what each chart's camera button downloads

    def newest_day(self, metrics) -> dt.date | None:
        """The newest day every one of these metrics' sources reports (the earliest of their newest days)."""
        sources = set(self.catalogue.loc[list(metrics), "source"])
        newest = self.freshness.set_index("source")["newest_date"].reindex(list(sources)).dropna()
        return None if newest.empty else pd.Timestamp(newest.min()).date()

    def newest_any(self, metrics) -> dt.date | None:
        """The newest day any of these metrics' sources reports."""
        sources = set(self.catalogue.loc[list(metrics), "source"])
        newest = self.freshness.set_index("source")["newest_date"].reindex(list(sources)).dropna()
        return None if newest.empty else pd.Timestamp(newest.max()).date()

    def source_ends(self, metrics, end: dt.date) -> dict[str, dt.date]:
        """Per metric, its source's newest day where that falls before `end` (a panel that stops early)."""
        newest = self.freshness.set_index("source")["newest_date"]
        out = {}
        for metric in metrics:
            day = newest.get(self.catalogue.loc[metric, "source"])
            if day is not None and not pd.isna(day) and pd.Timestamp(day).date() < end:
                out[metric] = pd.Timestamp(day).date()
        return out

    def section_range(self, metrics, reach: str = "all") -> tuple[dt.date, dt.date]:
        """The range a section drawing these metrics shows: presets count back from its own newest day, the
        newest day all its sources reach, or (reach="any", panels that each run to their own end) any does."""
        newest = self.newest_any(metrics) if reach == "any" else self.newest_day(metrics)
        return view_state.section_range(self.preset, (self.state.start, self.state.end), self.first, newest)


PAGE_CONTEXT_KEY = "_page_context"


def current() -> PageContext:
    """The context app.py built for this run (a page script runs right after it, in the same session)."""
    return st.session_state[PAGE_CONTEXT_KEY]
