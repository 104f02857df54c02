"""The SQL of the /regions page: which oblasts the reports name, and what became of the drones launched.
Parameterised with `?`; pages call these through dashboard.data_regions and never build SQL."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard.shared.queries import _df
from etl.registry import series
from etl.registry.metrics import RATIO_OF_SUMS_SQL

PERIODS = ("day", "week", "month")


def region_ranking(con: duckdb.DuckDBPyConnection, basis: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Oblasts by the number of reports naming them in the range, with the days they were named on."""
    return _df(con, """
        SELECT region_iso, region, sum(reports) AS reports, count(DISTINCT date) AS days,
               min(date) AS first_named, max(date) AS last_named
        FROM region_reports WHERE basis = ? AND date BETWEEN ? AND ?
        GROUP BY ALL ORDER BY reports DESC, region
    """, [basis, start, end])


def region_weeks(con: duckdb.DuckDBPyConnection, basis: str, regions: list[str], start: dt.date,
                 end: dt.date) -> pd.DataFrame:
    """Reports naming each of these oblasts per week (Monday to Sunday), weeks without any as 0."""
    return _df(con, """
        WITH weeks AS (
            SELECT CAST(unnest(generate_series(date_trunc('week', ?::DATE), date_trunc('week', ?::DATE),
                                               INTERVAL 7 DAY)) AS DATE) AS week
        ), named AS (
            SELECT date_trunc('week', date)::DATE AS week, region_iso, sum(reports) AS reports
            FROM region_reports WHERE basis = ? AND date BETWEEN ? AND ? AND list_contains(?, region_iso)
            GROUP BY ALL
        )
        SELECT w.week, r.iso AS region_iso, coalesce(n.reports, 0) AS reports
        FROM weeks AS w CROSS JOIN (SELECT unnest(?) AS iso) AS r
        LEFT JOIN named AS n ON n.week = w.week AND n.region_iso = r.iso
        ORDER BY r.iso, w.week
    """, [start, end, basis, start, end, list(regions), list(regions)])


def outcome_periods(con: duckdb.DuckDBPyConnection, period: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per day, week or month, over the days that report drones launched, shot down and lost on radar (from
    July 2024): the sums of those, of still in the air and drones_unaccounted on the days that also give still
    in the air, and of the rest (launched − shot down − lost on radar) on the days that do not. The parts add
    up to drones_launched. `days` counts the days, `days_split` those giving still in the air."""
    return _df(con, """
        WITH days AS (
            SELECT date,
                   max(value) FILTER (WHERE metric = 'drones_launched') AS launched,
                   max(value) FILTER (WHERE metric = 'drones_destroyed') AS destroyed,
                   max(value) FILTER (WHERE metric = 'drones_lost_on_radar') AS lost,
                   max(value) FILTER (WHERE metric = 'drones_still_in_air') AS in_air,
                   max(value) FILTER (WHERE metric = 'drones_unaccounted') AS unaccounted
            FROM metric_values
            WHERE metric IN ('drones_launched', 'drones_destroyed', 'drones_lost_on_radar', 'drones_still_in_air',
                             'drones_unaccounted') AND date BETWEEN ? AND ?
            GROUP BY date)
        SELECT date_trunc(?, date)::DATE AS period, sum(launched) AS drones_launched,
               sum(destroyed) AS drones_destroyed, sum(lost) AS drones_lost_on_radar,
               coalesce(sum(in_air), 0) AS drones_still_in_air, coalesce(sum(unaccounted), 0) AS drones_unaccounted,
               coalesce(sum(launched - destroyed - lost) FILTER (WHERE unaccounted IS NULL), 0) AS rest_not_split,
               count(*) AS days, count(unaccounted) AS days_split
        FROM days
        WHERE launched IS NOT NULL AND destroyed IS NOT NULL AND lost IS NOT NULL
        GROUP BY ALL ORDER BY period
    """, [start, end, _period(period)])


def ratio_periods(con: duckdb.DuckDBPyConnection, metric: str, period: str, start: dt.date, end: dt.date
                  ) -> pd.DataFrame:
    """A share's Σ numerator and Σ denominator per day, week or month, and their ratio: from rate_parts, the one
    source of every share's parts (the days that report both, lower-bound days left out), as every share is."""
    return _df(con, f"""
        SELECT date_trunc(?, date)::DATE AS period, sum(numerator) AS numerator, sum(denominator) AS denominator,
               {RATIO_OF_SUMS_SQL} AS ratio, count(*) AS days
        FROM rate_parts WHERE metric = ? AND complete AND date BETWEEN ? AND ?
        GROUP BY period ORDER BY period
    """, [_period(period), metric, start, end])


def field_coverage(con: duckdb.DuckDBPyConnection, fields: list[str], period: str, start: dt.date,
                   end: dt.date, base: str = series.COVERAGE_BASE) -> pd.DataFrame:
    """Per period and field: the days with a value of `base` (drones launched), and how many of them report
    the field."""
    return _df(con, """
        WITH launched AS (SELECT date FROM metric_values WHERE metric = ? AND date BETWEEN ? AND ?)
        SELECT date_trunc(?, l.date)::DATE AS period, f.metric, count(DISTINCT l.date) AS days,
               count(DISTINCT v.date) AS reported
        FROM launched AS l CROSS JOIN (SELECT unnest(?) AS metric) AS f
        LEFT JOIN metric_values AS v ON v.date = l.date AND v.metric = f.metric
        GROUP BY ALL ORDER BY period, f.metric
    """, [base, start, end, _period(period), list(fields)])


def _period(period: str) -> str:
    if period not in PERIODS:  # a bound value all the same; this names the mistake
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    return period


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a table exists (a file built before its source was added lacks it until the next refresh)."""
    with con.cursor() as cur:
        return bool(cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                [name]).fetchone()[0])


def oblast_shapes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The oblast outlines (region_iso, name, geometry as GeoJSON text); empty before the regions source loads."""
    if not _has_table(con, "oblast_shapes"):
        return pd.DataFrame(columns=["region_iso", "name", "geometry"])
    return _df(con, "SELECT region_iso, name, geometry FROM oblast_shapes ORDER BY region_iso")


def territory_maps(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The DeepState maps kept as shapes: date, occupied_km2, geometry (GeoJSON text), oldest first."""
    if not _has_table(con, "territory_maps"):
        return pd.DataFrame(columns=["date", "occupied_km2", "geometry"])
    return _df(con, "SELECT date, occupied_km2, geometry FROM territory_maps ORDER BY date")
