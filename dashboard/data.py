"""The dashboard's cached data and figures: every query result and figure, keyed on the database
file's version and the view, so an interaction recomputes only what it changed."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import streamlit as st

from dashboard import charts, kpis, queries

KPI_METRICS = ["drones_launched", "drones_destroyed", "missiles_launched", "missiles_destroyed"]
ATTACK_CHARTS = [
    ("Drones", "drones", "drones_launched", "drones_destroyed"),
    ("Missiles (cruise, ballistic and other)", "missiles", "missiles_launched", "missiles_destroyed"),
    ("Cruise missiles", "missiles", "cruise_missiles_launched", "cruise_missiles_destroyed"),
    ("Ballistic missiles", "missiles", "ballistic_missiles_launched", "ballistic_missiles_destroyed"),
]
ATTACK_METRICS = [m for _, _, launched, destroyed in ATTACK_CHARTS for m in (launched, destroyed)]
TERRITORY_MONTHLY = ["territory_gained_km2", "territory_gained_km2_nzz"]


@st.cache_data(max_entries=512, show_spinner=False)
def cached(query: str, _con: duckdb.DuckDBPyConnection, version: tuple, *args):
    """Results of queries.<query>(con, *args), keyed on the file version so new data is never stale."""
    return getattr(queries, query)(_con, *args)


# Figures are cached per view. cache_resource hands back the same object without a pickle round
# trip; st.plotly_chart copies a figure before sending it, so a cached one is never modified.
@st.cache_resource(max_entries=128, show_spinner=False)
def comparison_figure(_con, version, _records, metrics: tuple, start, end, agg, smooth, show_events, log, title,
                      subtitle, source_lines: tuple):
    """_records: the page's record highs for (at least) these metrics in this range; not hashed, since
    the other arguments determine it."""
    series = load_series(_con, version, metrics, start, end, agg, smooth)
    records = (_records[_records["metric"].isin(metrics)] if agg == "day" and not smooth
               else _records.iloc[0:0])
    panels = cached("metric_catalogue", _con, version).set_index("metric", drop=False).loc[
        list(metrics), ["metric", "label", "unit", "kind"]]
    events = events_between(_con, version, start, end) if show_events else None
    return charts.metric_panels(series, panels, records, agg=agg, smoothed=smooth, events=events, log=log,
                                title=title, subtitle=subtitle, source_lines=source_lines)


@st.cache_resource(max_entries=128, show_spinner=False)
def attack_figure(_con, version, _records, launched, destroyed, title, unit, start, end, agg, show_events, log):
    series = load_series(_con, version, ATTACK_METRICS, start, end, agg, 0)
    records = _records[_records["metric"].isin([launched, destroyed])] if agg == "day" else _records.iloc[0:0]
    events = events_between(_con, version, start, end) if show_events else None
    return charts.launched_destroyed_figure(series, records, launched_metric=launched, destroyed_metric=destroyed,
                                            title=title, unit=unit, agg=agg, events=events, log=log)


@st.cache_resource(max_entries=64, show_spinner=False)
def territory_figure(_con, version, start, end, show_events):
    monthly = cached("period_series", _con, version, tuple(TERRITORY_MONTHLY), start, end, "month")
    events = events_between(_con, version, start, end) if show_events else None
    return charts.territory_monthly_figure(monthly, events=events)


@st.cache_data(max_entries=256, show_spinner=False)
def attack_kpis(_con, version, start, end) -> dict[str, pd.DataFrame]:
    """The headline numbers for a range, from the daily rows the attack charts draw."""
    daily = cached("daily_series", _con, version, tuple(ATTACK_METRICS), start, end)
    return {"latest": kpis.latest_days(daily, KPI_METRICS), "rates": kpis.shot_down(daily),
            "peaks": kpis.peaks(daily, ["drones_launched", "missiles_launched"])}


def events_between(con, version, start, end) -> pd.DataFrame:
    """The curated events in a range: all of them are read once per database version."""
    every = cached("events", con, version, dt.date.min, dt.date.max)
    dates = pd.to_datetime(every["date"]).dt.date
    return every[(dates >= start) & (dates <= end)]


def load_series(con, version, metrics, start, end, agg, smooth) -> pd.DataFrame:
    """The values to draw: daily, a rolling average, or per week or month."""
    key = tuple(metrics)
    if agg != "day":
        return cached("period_series", con, version, key, start, end, agg)
    if smooth:
        return cached("smoothed_series", con, version, key, start, end, smooth)
    return cached("daily_series", con, version, key, start, end)
