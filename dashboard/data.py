"""The dashboard's cached data and figures. Each function wraps one query or figure builder and is keyed
on the database file's version and the view, so an interaction recomputes only what it changed and
a refresh is never served stale. The connection is passed as `_con` so it is not hashed."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import charts, i18n, kpis, queries
from dashboard.i18n import _

# The launched / destroyed pairs drawn on the records page, in order (labels and units from the registry).
ATTACK_PAIRS = [
    ("drones_launched", "drones_destroyed"),
    ("missiles_launched", "missiles_destroyed"),
    ("cruise_missiles_launched", "cruise_missiles_destroyed"),
    ("ballistic_missiles_launched", "ballistic_missiles_destroyed"),
]
ATTACK_METRICS = [metric for pair in ATTACK_PAIRS for metric in pair]
KPI_METRICS = ATTACK_METRICS[:4]
SHARE_METRICS = ["drones_interception_rate", "missiles_interception_rate"]
TERRITORY_MONTHLY = ["territory_gained_km2", "territory_gained_km2_nzz"]

_cache_data = st.cache_data(max_entries=256, show_spinner=False)


# ---------------------------------------------------------------- queries, per database version
@_cache_data
def date_bounds(_con, version) -> tuple[dt.date, dt.date]:
    return queries.date_bounds(_con)


@_cache_data
def metric_catalogue(_con, version, lang: str = i18n.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The registry as loaded, with its labels, units and descriptions in `lang` (the run's language)."""
    catalogue = queries.metric_catalogue(_con).set_index("metric", drop=False)
    if lang != i18n.DEFAULT_LANGUAGE:
        for column in ("label", "unit", "description"):
            catalogue[column] = catalogue[column].map(_)
    return catalogue


@_cache_data
def source_freshness(_con, version) -> pd.DataFrame:
    return queries.source_freshness(_con)


@_cache_data
def daily_series(_con, version, metrics: tuple, start, end) -> pd.DataFrame:
    return queries.daily_series(_con, metrics, start, end)


@_cache_data
def smoothed_series(_con, version, metrics: tuple, start, end, window_days: int) -> pd.DataFrame:
    return queries.smoothed_series(_con, metrics, start, end, window_days)


@_cache_data
def period_series(_con, version, metrics: tuple, start, end, period: str) -> pd.DataFrame:
    return queries.period_series(_con, metrics, start, end, period)


@_cache_data
def record_highs(_con, version, metrics: tuple, start, end) -> pd.DataFrame:
    return queries.record_highs(_con, metrics, start, end)


@_cache_data
def all_time_records(_con, version, metrics: tuple) -> pd.DataFrame:
    return queries.all_time_records(_con, metrics)


@_cache_data
def all_events(_con, version) -> pd.DataFrame:
    return queries.events(_con, dt.date.min, dt.date.max)


@_cache_data
def rejected_rows(_con, version) -> pd.DataFrame:
    return queries.rejected_rows(_con)


@_cache_data
def revisions(_con, version) -> tuple[pd.DataFrame, int]:
    return queries.revisions(_con), queries.revision_count(_con)


@_cache_data
def attack_kpis(_con, version, start, end) -> dict[str, pd.DataFrame]:
    """The headline numbers for a range: the newest days, the shot-down shares and the range's peaks."""
    daily = daily_series(_con, version, tuple(ATTACK_METRICS), start, end)
    return {"latest": kpis.latest_days(daily, KPI_METRICS),
            "rates": queries.range_rates(_con, SHARE_METRICS, start, end).set_index("metric"),
            "peaks": kpis.peaks(daily, ["drones_launched", "missiles_launched"])}


def source_lines(catalogue: pd.DataFrame, metrics) -> tuple[str, ...]:
    """One line per source of these metrics, written under a chart so an exported image names its sources."""
    sources = catalogue.loc[list(metrics)].drop_duplicates("source")
    # Source names, attributions and licences stay as published; only the words around them are translated.
    return tuple(_("Source: {title}, {attribution}. Licence: {licence}.").format(
        title=r.source_title, attribution=r.attribution, licence=r.licence) for r in sources.itertuples())


def events_between(con, version, start, end) -> pd.DataFrame:
    """The curated events in a range, titled in the run's language: all of them are read once per database version.

    In Ukrainian, title and description come from title_uk and description_uk (events.csv), where given.
    """
    every = all_events(con, version)
    dates = pd.to_datetime(every["date"]).dt.date
    shown = every[(dates >= start) & (dates <= end)]
    if i18n.language() == "uk" and "title_uk" in shown.columns:
        shown = shown.assign(**{column: shown[f"{column}_uk"].where(shown[f"{column}_uk"].fillna("") != "",
                                                                    shown[column])
                                for column in ("title", "description")})
    return shown


def load_series(con, version, metrics, start, end, agg, smooth) -> pd.DataFrame:
    """The values to draw: daily, a rolling average, or per week or month."""
    key = tuple(metrics)
    if agg != "day":
        return period_series(con, version, key, start, end, agg)
    if smooth:
        return smoothed_series(con, version, key, start, end, smooth)
    return daily_series(con, version, key, start, end)


# ---------------------------------------------------------------- figures, per view
# cache_resource hands back the same object without a pickle round trip; st.plotly_chart copies a
# figure before sending it, so a cached one is never modified.
@st.cache_resource(max_entries=128, show_spinner=False)
def comparison_figure(_con, version, _records, metrics: tuple, start, end, agg, smooth, show_events, log, title,
                      subtitle, source_lines: tuple, lang: str):
    """_records: the page's record highs for (at least) these metrics in this range; not hashed, since
    the other arguments determine it. lang: the run's language (its words are in the figure)."""
    series = load_series(_con, version, metrics, start, end, agg, smooth)
    records = (_records[_records["metric"].isin(metrics)] if agg == "day" and not smooth
               else _records.iloc[0:0])
    panels = metric_catalogue(_con, version, lang).loc[list(metrics), ["metric", "label", "unit", "kind"]]
    events = events_between(_con, version, start, end) if show_events else None
    return charts.metric_panels(series, panels, records, agg=agg, smoothed=smooth, events=events, log=log,
                                title=title, subtitle=subtitle, source_lines=source_lines, x_range=(start, end))


@st.cache_resource(max_entries=128, show_spinner=False)
def attack_figure(_con, version, _records, launched, destroyed, title, unit, start, end, agg, show_events, log,
                  source_lines: tuple, lang: str):
    series = load_series(_con, version, ATTACK_METRICS, start, end, agg, 0)
    records = _records[_records["metric"].isin([launched, destroyed])] if agg == "day" else _records.iloc[0:0]
    events = events_between(_con, version, start, end) if show_events else None
    return charts.launched_destroyed_figure(series, records, launched_metric=launched, destroyed_metric=destroyed,
                                            title=title, unit=unit, agg=agg, events=events, log=log,
                                            subtitle=i18n.date_range(start, end), source_lines=source_lines,
                                            x_range=(start, end))


@st.cache_resource(max_entries=64, show_spinner=False)
def territory_figure(_con, version, start, end, show_events, source_lines: tuple, lang: str):
    monthly = period_series(_con, version, tuple(TERRITORY_MONTHLY), start, end, "month")
    events = events_between(_con, version, start, end) if show_events else None
    return charts.territory_monthly_figure(monthly, events=events, subtitle=i18n.date_range(start, end),
                                           source_lines=source_lines, x_range=(start, end))
