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


# Which reports each basis's oblast counts come from: the national reports (is_national) or the regional air
# commands' (not).
NATIONAL_BASIS = {"affected_region": True, "regional_command": False}


def region_list_coverage(con: duckdb.DuckDBPyConnection, basis: str, period: str, start: dt.date,
                         end: dt.date) -> pd.DataFrame:
    """Per day, week or month with a report of the basis: its reports (time windows) and how many name an oblast
    (a report names one when any of its rows does: attack_events.oblasts_named)."""
    if basis not in NATIONAL_BASIS:
        raise ValueError(f"basis must be one of {tuple(NATIONAL_BASIS)}, not {basis!r}")
    return _df(con, """
        WITH reports AS (
            SELECT date, time_start, time_end, max(coalesce(oblasts_named, 0)) > 0 AS names_one
            FROM attack_events WHERE is_national = ? AND date BETWEEN ? AND ? GROUP BY ALL
        )
        SELECT date_trunc(?, date)::DATE AS period, count(*) AS reports, count(*) FILTER (names_one) AS giving
        FROM reports GROUP BY ALL ORDER BY period
    """, [NATIONAL_BASIS[basis], start, end, _period(period)])


# The national reports that can give the field behind a share, and which of their rows give it: decoy_share needs
# the real Shahed count on a report's Shahed-type drone row; hit_locations_per_drone, the places hit, given once
# per report on any of its rows, of a report with drones launched. Constants, never the reader's input.
SHARE_FIELD_ROWS = {
    "decoy_share": ("is_shahed_type AND weapon_class = 'drone' AND launched IS NOT NULL",
                    "is_shahed_type AND weapon_class = 'drone' AND launched IS NOT NULL AND is_shahed IS NOT NULL"),
    "hit_locations_per_drone": ("weapon_class = 'drone' AND launched IS NOT NULL", "num_hit_location IS NOT NULL"),
}


def share_field_coverage(con: duckdb.DuckDBPyConnection, metric: str, period: str, start: dt.date,
                         end: dt.date) -> pd.DataFrame:
    """Per day, week or month: the national reports that could give the field a share needs (`reports`), and how
    many do (`giving`)."""
    if metric not in SHARE_FIELD_ROWS:
        raise ValueError(f"metric must be one of {tuple(SHARE_FIELD_ROWS)}, not {metric!r}")
    can_give, gives = SHARE_FIELD_ROWS[metric]
    return _df(con, f"""
        WITH reports AS (
            SELECT date, time_start, time_end, bool_or({can_give}) AS can_give, bool_or({gives}) AS gives
            FROM attack_events WHERE is_national AND date BETWEEN ? AND ?
            GROUP BY ALL
        )
        SELECT date_trunc(?, date)::DATE AS period, count(*) AS reports, count(*) FILTER (WHERE gives) AS giving
        FROM reports WHERE can_give
        GROUP BY ALL ORDER BY period
    """, [start, end, _period(period)])


def outcome_periods(con: duckdb.DuckDBPyConnection, period: str, start: dt.date, end: dt.date,
                    combined_from: dt.date | None = None) -> pd.DataFrame:
    """Per day, week or month, what became of the drones launched, over the days that give it (from July 2024).

    Before `combined_from` (the change of reporting of 24 July 2025) a day counts when it gives shot down and lost
    on radar apart; from it, when it gives the one figure for both (drones_neutralised, "shot down or
    suppressed"). The parts: those, then still in the air and unaccounted for on the days that also give still in
    the air (unaccounted = drones_unaccounted before the change; launched − neutralised − still in the air from
    it, the same difference, since neutralised is shot down plus lost on radar), and the rest on the days that do
    not. The parts add up to drones_launched; a part a period has no day for is NULL. `days` counts the days,
    `days_apart` and `days_combined` those on each side of the change, `days_split` those giving still in the
    air."""
    combined_from = combined_from or dt.date.max
    return _df(con, """
        WITH days AS (
            SELECT date, date >= ? AS combined,
                   max(value) FILTER (WHERE metric = 'drones_launched') AS launched,
                   max(value) FILTER (WHERE metric = 'drones_destroyed') AS destroyed,
                   max(value) FILTER (WHERE metric = 'drones_lost_on_radar') AS lost,
                   max(value) FILTER (WHERE metric = 'drones_neutralised') AS neutralised,
                   max(value) FILTER (WHERE metric = 'drones_still_in_air') AS in_air,
                   max(value) FILTER (WHERE metric = 'drones_unaccounted') AS unaccounted
            FROM metric_values
            WHERE metric IN ('drones_launched', 'drones_destroyed', 'drones_lost_on_radar', 'drones_neutralised',
                             'drones_still_in_air', 'drones_unaccounted') AND date BETWEEN ? AND ?
            GROUP BY date
        ), parts AS (
            SELECT date, combined, launched, in_air,
                   CASE WHEN NOT combined THEN destroyed END AS destroyed,
                   CASE WHEN NOT combined THEN lost END AS lost,
                   CASE WHEN combined THEN neutralised END AS neutralised,
                   CASE WHEN NOT combined THEN unaccounted
                        WHEN in_air IS NOT NULL THEN launched - neutralised - in_air END AS unaccounted,
                   launched - CASE WHEN combined THEN neutralised ELSE destroyed + lost END AS rest
            FROM days
            WHERE launched IS NOT NULL
              AND CASE WHEN combined THEN neutralised IS NOT NULL ELSE destroyed IS NOT NULL AND lost IS NOT NULL END
        )
        SELECT date_trunc(?, date)::DATE AS period, sum(launched) AS drones_launched,
               sum(destroyed) AS drones_destroyed, sum(lost) AS drones_lost_on_radar,
               sum(neutralised) AS drones_neutralised,
               coalesce(sum(in_air) FILTER (WHERE unaccounted IS NOT NULL), 0) AS drones_still_in_air,
               coalesce(sum(unaccounted), 0) AS drones_unaccounted,
               coalesce(sum(rest) FILTER (WHERE unaccounted IS NULL), 0) AS rest_not_split,
               count(*) AS days, count(*) FILTER (WHERE NOT combined) AS days_apart,
               count(*) FILTER (WHERE combined) AS days_combined, count(unaccounted) AS days_split
        FROM parts
        GROUP BY ALL ORDER BY period
    """, [combined_from, start, end, _period(period)])


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
