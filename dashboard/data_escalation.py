"""Cached data and figures of the escalation analyses, keyed on the database file's version and the view
(as in dashboard.data). The connection is passed as `_con` so it is not hashed; a figure (words) is also keyed
on the interface language."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import escalation_charts, i18n, queries, queries_escalation
from dashboard.i18n import _
from etl.derive.escalation import windows

_cache_data = st.cache_data(max_entries=128, show_spinner=False)

# The series the page analyses (labels from the registry) and the family total whose regimes, salvos and
# saturation stand for it: regimes and salvos are computed for drones and missiles launched.
SERIES = windows.WINDOW_METRICS
FAMILY = {"drones_launched": "drones_launched", "shahed_drones_launched": "drones_launched",
          "missiles_launched": "missiles_launched", "cruise_missiles_launched": "missiles_launched",
          "ballistic_missiles_launched": "missiles_launched"}


@_cache_data
def records_by_definition(_con, version, metrics: tuple) -> pd.DataFrame:
    return queries_escalation.records_by_definition(_con, list(metrics))


@_cache_data
def newest_by_definition(_con, version, metrics: tuple) -> pd.DataFrame:
    return queries_escalation.newest_by_definition(_con, list(metrics))


@_cache_data
def event_windows(_con, version, metric: str, days: int, start, end) -> pd.DataFrame:
    return queries_escalation.event_windows(_con, metric, days, start, end)


@_cache_data
def reported_days(_con, version, metric: str, start, end) -> pd.Series:
    return queries_escalation.reported_days(_con, metric, start, end)


@_cache_data
def picked_window(_con, version, metric: str, day0: dt.date, days: int) -> dict:
    """The window around any date: the same computation the refresh runs for each curated event."""
    span = pd.Timedelta(days=max(windows.WINDOW_DAYS))
    daily = reported_days(_con, version, metric, (pd.Timestamp(day0) - span).date(), (pd.Timestamp(day0) + span).date())
    return windows.event_window(daily, day0, days)


@_cache_data
def regimes(_con, version, metric: str, start, end) -> pd.DataFrame:
    return queries_escalation.regimes(_con, metric, start, end)


@_cache_data
def salvo_months(_con, version, metric: str, start, end) -> pd.DataFrame:
    return queries_escalation.salvo_months(_con, metric, start, end)


@_cache_data
def salvo_list(_con, version, metric: str, start, end) -> pd.DataFrame:
    return queries_escalation.salvo_list(_con, metric, start, end)


@_cache_data
def saturation(_con, version, family: str, start, end) -> pd.DataFrame:
    return queries_escalation.saturation(_con, family, start, end)


@_cache_data
def monthly(_con, version, metrics: tuple, start, end) -> pd.DataFrame:
    return queries.period_series(_con, list(metrics), start, end, "month")


@st.cache_resource(max_entries=64, show_spinner=False)
def window_figure(_con, version, metric: str, day0: dt.date, days: int, title: str, unit: str,
                  source_lines: tuple, lang: str) -> object:
    span = max(windows.WINDOW_DAYS)
    start, end = (pd.Timestamp(day0) - pd.Timedelta(days=span)).date(), (pd.Timestamp(day0) + pd.Timedelta(days=span)).date()
    aligned = windows.aligned(reported_days(_con, version, metric, start, end), day0, span)
    window = picked_window(_con, version, metric, day0, days)
    return escalation_charts.event_window_figure(
        aligned, window, title=title, unit=unit, source_lines=source_lines, span=span,
        subtitle=_("Day 0: {date} · dashed: {days}-day means").format(date=i18n.date(day0), days=days))


@st.cache_resource(max_entries=64, show_spinner=False)
def regimes_figure(_con, version, metric: str, start, end, title: str, unit: str, source_lines: tuple,
                   lang: str) -> object:
    daily = reported_days(_con, version, metric, start, end)
    frame = pd.DataFrame({"date": pd.to_datetime(pd.Index(daily.index)), "value": daily.to_numpy()})
    return escalation_charts.regimes_figure(frame, regimes(_con, version, metric, start, end), title=title,
                                            unit=unit, source_lines=source_lines, x_range=(start, end),
                                            subtitle=i18n.date_range(start, end))
