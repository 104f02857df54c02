"""What the static edition's chart builders take and give: the inputs of one language, a built chart, a chart's
declaration, and the refusal of a chart with nothing to draw."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go


@dataclass(frozen=True)
class Inputs:
    """What every builder reads: the open database and, in the run's language, the catalogue and each source's
    newest day."""

    con: object
    lang: str
    catalogue: pd.DataFrame  # data.metric_catalogue in the language, indexed by metric
    freshness: pd.DataFrame  # data.source_freshness
    first: dt.date  # the data's first and last day, all sources
    last: dt.date

    def newest(self, metrics) -> dt.date:
        """The newest day every one of these metrics' sources reports."""
        sources = set(self.catalogue.loc[list(metrics), "source"])
        days = self.freshness.set_index("source")["newest_date"].reindex(sorted(sources)).dropna()
        return pd.Timestamp(days.min()).date() if len(days) else self.last

    def first_of(self, metrics) -> dt.date:
        days = pd.to_datetime(self.catalogue.loc[list(metrics), "first_date"]).dropna()
        return days.min().date() if len(days) else self.first


class NothingToDraw(Exception):
    """The database holds nothing this chart could draw (a source not loaded yet, a field never reported): the
    build leaves the chart out and says so. The message says what is missing."""


@dataclass
class Built:
    figure: go.Figure  # what the page opens on: the app's default range (the last year) for a time series
    table: pd.DataFrame  # the chart's data over its whole history, written beside it as CSV
    start: dt.date  # the range of `figure`
    end: dt.date
    app_params: dict = field(default_factory=dict)  # URL parameters of the same view in the app (beyond the range)
    figure_all: go.Figure | None = None  # the whole history, drawn by the "All" button (None: `figure` is all)
    first: dt.date | None = None  # the first day of the whole history
    notes: list[str] = field(default_factory=list)  # said under the chart: a change of reporting it spans

    @property
    def time_axis(self) -> bool:
        """A time series: the page gets range buttons (30 days, 90 days, a year, all) and a range slider."""
        return self.first is not None


@dataclass(frozen=True)
class StaticChart:
    slug: str  # its path: charts/<slug>.html, embed/<slug>.html, data/<slug>.csv (never renamed)
    title: str  # N_: translated where shown
    lede: str  # N_: one sentence under the title
    app_path: str  # the app page that opens the same view ("" is the overview, /)
    build: Callable[[Inputs], Built]
