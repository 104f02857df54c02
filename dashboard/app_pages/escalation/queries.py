"""The SQL of the escalation analyses (records by definition, event windows, regimes, salvos, saturation),
parameterised with `?`. Pages call these through dashboard.shared.data and never build SQL."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard.shared.queries import _df
from etl.registry.metrics import RATIO_OF_SUMS_SQL

# Wave-size bins for the saturation chart: (family, lower bounds). A bin runs to the next bound.
SATURATION_BINS = {
    "drones": (1, 50, 100, 200, 400),
    "missiles": (1, 10, 20, 40, 70),
}


def event_windows(con: duckdb.DuckDBPyConnection, metric: str, days: int, start: dt.date, end: dt.date
                  ) -> pd.DataFrame:
    """The curated events in the range with their window for one metric and N, ranked by change."""
    return _df(con, """
        SELECT w.*, e.description, e.source_url, e.title_uk, e.description_uk
        FROM event_windows AS w
        LEFT JOIN events AS e ON e.date = w.event_date AND e.title = w.event_title
        WHERE w.metric = ? AND w.days = ? AND w.event_date BETWEEN ? AND ?
        ORDER BY w.change_pct DESC NULLS LAST, w.event_date
    """, [metric, days, start, end])


def reported_days(con: duckdb.DuckDBPyConnection, metric: str, start: dt.date, end: dt.date) -> pd.Series:
    """A metric's reported days between two dates, indexed by date (unreported days are absent)."""
    frame = _df(con, "SELECT date, value FROM metric_values WHERE metric = ? AND date BETWEEN ? AND ? "
                     "AND value IS NOT NULL ORDER BY date", [metric, start, end])
    return pd.Series(frame["value"].to_numpy(dtype=float), index=pd.to_datetime(frame["date"]).dt.date,
                     name=metric)


def regimes(con: duckdb.DuckDBPyConnection, metric: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The regimes of a metric that overlap the range (the first and last cut to it)."""
    return _df(con, """
        SELECT metric, greatest(segment_start, ?::DATE) AS segment_start, least(segment_end, ?::DATE) AS segment_end,
               level, days, reported_days, segment_start AS regime_start, segment_end AS regime_end
        FROM regimes WHERE metric = ? AND segment_end >= ? AND segment_start <= ?
        ORDER BY segment_start
    """, [start, end, metric, start, end])


def weekly_totals(con: duckdb.DuckDBPyConnection, metric: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Weekly totals (Monday to Sunday) of the reported days in the range, with the reported-day count."""
    return _df(con, """
        SELECT date_trunc('week', date)::DATE AS week_start, sum(value) AS total, count(value) AS reported_days
        FROM metric_values WHERE metric = ? AND date BETWEEN ? AND ?
        GROUP BY ALL ORDER BY week_start
    """, [metric, start, end])


def salvo_months(con: duckdb.DuckDBPyConnection, metric: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per month: reports tagged salvo, routine and untagged, with the counts each carried."""
    return _df(con, """
        SELECT date_trunc('month', date)::DATE AS month,
               count(*) FILTER (WHERE is_salvo) AS salvos,
               count(*) FILTER (WHERE NOT is_salvo) AS routine,
               count(*) FILTER (WHERE is_salvo IS NULL) AS untagged,
               coalesce(sum(value) FILTER (WHERE is_salvo), 0) AS in_salvos,
               coalesce(sum(value) FILTER (WHERE NOT is_salvo), 0) AS in_routine
        FROM salvo_reports WHERE metric = ? AND date BETWEEN ? AND ?
        GROUP BY ALL ORDER BY month
    """, [metric, start, end])


def salvo_list(con: duckdb.DuckDBPyConnection, metric: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The salvo reports in the range, newest first."""
    return _df(con, "SELECT date, time_start, time_end, value, trailing_28d_median FROM salvo_reports "
                    "WHERE metric = ? AND is_salvo AND date BETWEEN ? AND ? ORDER BY time_start DESC",
               [metric, start, end])


def saturation(con: duckdb.DuckDBPyConnection, family: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Shot-down share by wave size: each report window binned by its launched count.

    Reports without a destroyed count are left out; the share is Σ destroyed / Σ launched within the bin.
    """
    if family not in SATURATION_BINS:  # the family names a column: only the declared ones are allowed
        raise ValueError(f"unknown family {family!r}")
    bounds = list(SATURATION_BINS[family])
    return _df(con, f"""
        WITH reports AS (
            SELECT {family}_launched AS denominator, {family}_destroyed AS numerator,
                   list_count(list_filter(?, lambda b: b <= {family}_launched)) AS bin
            FROM attack_waves
            WHERE date BETWEEN ? AND ? AND {family}_launched >= 1 AND {family}_destroyed IS NOT NULL
        )
        SELECT bin, ?[bin] AS low, CASE WHEN bin < len(?) THEN ?[bin + 1] - 1 END AS high,
               count(*) AS reports, sum(denominator) AS launched, sum(numerator) AS destroyed,
               {RATIO_OF_SUMS_SQL} AS share
        FROM reports GROUP BY bin ORDER BY bin
    """, [bounds, start, end, bounds, bounds, bounds])
