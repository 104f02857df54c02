"""The SQL of the /regions page: which oblasts the reports name, and what became of the drones launched.
Parameterised with `?`; pages call these through dashboard.data_regions and never build SQL."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard.queries import _df
from etl.metrics import RATIO_OF_SUMS_SQL

OUTCOME_PARTS = ("drones_launched", "drones_destroyed", "drones_lost_on_radar", "drones_still_in_air",
                 "drones_unaccounted")


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


def outcome_weeks(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per week: the drones launched, destroyed, lost on radar, still in the air and unaccounted for, summed
    over the days that report all of them (the days drones_unaccounted exists), and how many such days."""
    totals = ", ".join(f"sum(v.value) FILTER (WHERE v.metric = '{m}') AS {m}" for m in OUTCOME_PARTS)
    return _df(con, f"""
        SELECT date_trunc('week', v.date)::DATE AS week, {totals}, count(DISTINCT v.date) AS days
        FROM metric_values AS v
        JOIN (SELECT date FROM metric_values WHERE metric = 'drones_unaccounted' AND date BETWEEN ? AND ?)
             USING (date)
        GROUP BY ALL ORDER BY week
    """, [start, end])  # the column names come from OUTCOME_PARTS, a constant, never from a user


def ratio_weeks(con: duckdb.DuckDBPyConnection, numerator: str, denominator: str, start: dt.date,
                end: dt.date) -> pd.DataFrame:
    """Per week: Σ numerator and Σ denominator over the days that report both, and their ratio."""
    return _df(con, f"""
        SELECT week, sum(numerator) AS numerator, sum(denominator) AS denominator, {RATIO_OF_SUMS_SQL} AS ratio,
               count(*) AS days
        FROM (SELECT date_trunc('week', n.date)::DATE AS week, n.value AS numerator, d.value AS denominator
              FROM metric_values AS n JOIN metric_values AS d ON d.date = n.date AND d.metric = ?
              WHERE n.metric = ? AND n.date BETWEEN ? AND ?)
        GROUP BY week ORDER BY week
    """, [denominator, numerator, start, end])


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
