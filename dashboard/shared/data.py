"""Data access that two or more pages use: each function takes a read-only connection and returns frames or a
figure (queries, then a pure chart builder). No Streamlit: pages call these through dashboard.shared.cache, which
caches them per database version; the static edition calls them as they are."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.shared import break_queries, charts, i18n, kpis, queries, record_queries
from dashboard.shared.i18n import _
from etl.registry.series import ATTACK_METRICS, KPI_METRICS, PEAK_METRICS, SHARE_METRICS, TERRITORY_MONTHLY


# ---------------------------------------------------------------- queries
def date_bounds(con) -> tuple[dt.date, dt.date]:
    return queries.date_bounds(con)


def metric_catalogue(con, lang: str = i18n.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The registry as loaded, with its labels, units and descriptions in `lang` (the run's language), and its
    sources' titles, credits and licences with our words around the published names translated."""
    catalogue = queries.metric_catalogue(con).set_index("metric", drop=False)
    if lang != i18n.DEFAULT_LANGUAGE:
        for column in ("label", "unit", "description", "source_title", "attribution", "licence"):
            catalogue[column] = catalogue[column].map(_)
    return catalogue


def source_freshness(con) -> pd.DataFrame:
    return queries.source_freshness(con)


def daily_series(con, metrics: tuple, start, end) -> pd.DataFrame:
    return queries.daily_series(con, metrics, start, end)


def smoothed_series(con, metrics: tuple, start, end, window_days: int) -> pd.DataFrame:
    return queries.smoothed_series(con, metrics, start, end, window_days)


def period_series(con, metrics: tuple, start, end, period: str) -> pd.DataFrame:
    return queries.period_series(con, metrics, start, end, period)


def record_highs(con, metrics: tuple, start, end) -> pd.DataFrame:
    return queries.record_highs(con, metrics, start, end)


def all_time_records(con, metrics: tuple) -> pd.DataFrame:
    return queries.all_time_records(con, metrics)


def records_by_definition(con, metrics: tuple) -> pd.DataFrame:
    return record_queries.records_by_definition(con, list(metrics))


def newest_by_definition(con, metrics: tuple) -> pd.DataFrame:
    return record_queries.newest_by_definition(con, list(metrics))


def reporting_breaks(con, metrics: tuple, start, end) -> pd.DataFrame:
    """The changes of reporting touching these metrics inside the range, what changed in the run's language."""
    found = break_queries.reporting_breaks(con, list(metrics), start, end)
    return found.assign(what_changed=found["what_changed"].map(_))


def all_events(con) -> pd.DataFrame:
    return queries.events(con, dt.date.min, dt.date.max)


def rejected_rows(con) -> pd.DataFrame:
    return queries.rejected_rows(con)


def revisions(con) -> tuple[pd.DataFrame, int]:
    return queries.revisions(con), queries.revision_count(con)


def attack_kpis(con, start, end, shares: tuple = SHARE_METRICS, counts: tuple = ()) -> dict[str, pd.DataFrame]:
    """The headline numbers for a range: the newest days, the shot-down shares and the range's peaks.

    shares: the share metrics to total over the range; counts: further metrics to give on the newest days (the
    ones with one meaning across a change of reporting)."""
    daily = daily_series(con, tuple(dict.fromkeys((*ATTACK_METRICS, *counts))), start, end)
    latest = kpis.latest_days(daily, KPI_METRICS)
    return {"latest": daily[daily["date"].isin(latest["date"].unique())
                            & daily["metric"].isin((*KPI_METRICS, *counts))],
            "rates": queries.range_rates(con, list(shares), start, end).set_index("metric"),
            "peaks": kpis.peaks(daily, list(PEAK_METRICS))}


OCCUPIED_METRICS = ("occupied_km2", "occupied_km2_nzz")
OCCUPIED_LOOKBACK_DAYS = 70  # enough for the last 30 days and the last whole month before the newest map


def occupied_now(con) -> pd.DataFrame:
    """The newest occupied area by each source, with its changes over 30 days and the last whole month
    (kpis.level_now), whatever the range: the answer to "how much does Russia hold now?"."""
    newest = queries.date_bounds(con)[1]
    levels = daily_series(con, OCCUPIED_METRICS, newest - dt.timedelta(days=OCCUPIED_LOOKBACK_DAYS), newest)
    return kpis.level_now(levels)


def source_lines(catalogue: pd.DataFrame, metrics) -> tuple[str, ...]:
    """One line per source of these metrics, written under a chart so an exported image names its sources."""
    sources = catalogue.loc[list(metrics)].drop_duplicates("source")
    # Source names, attributions and licences stay as published; only our words around them are translated
    # (the catalogue's source_title, attribution and licence, see metric_catalogue).
    return tuple(_("Source: {title}, {attribution}. Licence: {licence}.").format(
        title=r.source_title, attribution=r.attribution, licence=r.licence) for r in sources.itertuples())


def events_between(con, start, end, lang: str) -> pd.DataFrame:
    """The curated events in a range, titled in `lang`: in Ukrainian, title and description come from title_uk
    and description_uk (events.csv), where given."""
    every = all_events(con)
    dates = pd.to_datetime(every["date"]).dt.date
    shown = every[(dates >= start) & (dates <= end)]
    if lang == "uk" and "title_uk" in shown.columns:
        shown = shown.assign(**{column: shown[f"{column}_uk"].where(shown[f"{column}_uk"].fillna("") != "",
                                                                    shown[column])
                                for column in ("title", "description")})
    return shown


def load_series(con, metrics, start, end, agg, smooth) -> pd.DataFrame:
    """The values to draw: daily, a rolling average, or per week or month."""
    key = tuple(metrics)
    if agg != "day":
        return period_series(con, key, start, end, agg)
    if smooth:
        return smoothed_series(con, key, start, end, smooth)
    return daily_series(con, key, start, end)


# ---------------------------------------------------------------- figures, per view
def comparison_figure(con, records, metrics: tuple, start, end, agg, smooth, show_events, log, title,
                      subtitle, source_lines: tuple, lang: str, ends: tuple = ()):
    """records: the page's record highs for (at least) these metrics in this range. lang: the run's language (its
    words are in the figure; part of the cache key). ends: (metric, newest day) of the panels whose data stops
    before `end`."""
    series = load_series(con, metrics, start, end, agg, smooth)
    records = (records[records["metric"].isin(metrics)] if agg == "day" and not smooth
               else records.iloc[0:0])
    panels = metric_catalogue(con, lang).loc[list(metrics), ["metric", "label", "unit", "kind"]]
    events = events_between(con, start, end, lang) if show_events else None
    return charts.metric_panels(series, panels, records, agg=agg, smoothed=smooth, events=events, log=log,
                                title=title, subtitle=subtitle, source_lines=source_lines, x_range=(start, end),
                                breaks=reporting_breaks(con, metrics, start, end), ends=dict(ends))


def attack_figure(con, records, launched, destroyed, title, unit, start, end, agg, show_events, log,
                  source_lines: tuple, lang: str):
    series = load_series(con, ATTACK_METRICS, start, end, agg, 0)
    records = records[records["metric"].isin([launched, destroyed])] if agg == "day" else records.iloc[0:0]
    events = events_between(con, start, end, lang) if show_events else None
    return charts.launched_destroyed_figure(series, records, launched_metric=launched, destroyed_metric=destroyed,
                                            title=title, unit=unit, agg=agg, events=events, log=log,
                                            subtitle=i18n.date_range(start, end), source_lines=source_lines,
                                            x_range=(start, end),
                                            breaks=reporting_breaks(con, (launched, destroyed), start, end))


def territory_figure(con, start, end, show_events, source_lines: tuple, lang: str):
    monthly = period_series(con, tuple(TERRITORY_MONTHLY), start, end, "month")
    events = events_between(con, start, end, lang) if show_events else None
    return charts.territory_monthly_figure(monthly, events=events, subtitle=i18n.date_range(start, end),
                                           source_lines=source_lines, x_range=(start, end))
