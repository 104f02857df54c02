"""Every SQL the dashboard runs, parameterised with `?`. Pages call these and never build SQL.

Each function takes a read-only DuckDB connection and uses its own cursor, so Streamlit sessions
on different threads can share one cached connection safely.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd

def file_version(path: Path) -> tuple[int, int, int] | None:
    """Identity of the database file's current contents: a refresh swaps in a new inode."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: the dashboard never writes."""
    return duckdb.connect(str(path), read_only=True)


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    with con.cursor() as cur:
        return cur.execute(sql, params or []).df()


def has_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the contract view exists and holds at least one row."""
    with con.cursor() as cur:
        exists = cur.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'daily_metrics'"
        ).fetchone()[0]
        return bool(exists) and cur.execute("SELECT count(*) FROM metric_values").fetchone()[0] > 0


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The layout version the ETL wrote into the file (None for a file from before versioning)."""
    with con.cursor() as cur:
        try:
            return cur.execute("SELECT max(version) FROM schema_info").fetchone()[0]
        except duckdb.Error:
            return None


def date_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    with con.cursor() as cur:
        return tuple(cur.execute("SELECT min(date), max(date) FROM metric_values").fetchone())


def metric_catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """metric, label, unit, kind, source, licence, description, numerator, denominator, first/last date."""
    return _df(
        con,
        """
        SELECT m.metric, m.label, m.unit, m.kind, m.source, m.licence, m.description, m.numerator,
               m.denominator, s.title AS source_title, s.attribution, s.url AS source_url,
               min(v.date) AS first_date, max(v.date) AS last_date
        FROM metrics AS m
        JOIN sources AS s USING (source)
        LEFT JOIN metric_values AS v USING (metric)
        GROUP BY ALL
        ORDER BY m.source, m.metric
        """,
    )


def source_freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per source: title, licence, attribution, url, newest date, last load (UTC), rejected rows, and
    how many days its newest date lags the newest of all sources (sources without dated values: NULL)."""
    return _df(
        con,
        """
        WITH latest AS (
            SELECT * FROM source_loads
            QUALIFY row_number() OVER (PARTITION BY source ORDER BY loaded_at DESC) = 1
        )
        SELECT s.source, s.title, s.licence, s.attribution, s.url,
               l.last_date AS newest_date, l.loaded_at, l.rows_rejected,
               date_diff('day', l.last_date, max(l.last_date) OVER ()) AS days_behind
        FROM sources AS s JOIN latest AS l USING (source)
        ORDER BY s.source
        """,
    )


def daily_series(con, metrics: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """date, metric, value, is_record, note, flagged (kept out of records), and for values a later load
    changed, revised_from (the value before) and revised_at, for the inclusive range."""
    return _df(
        con,
        """
        SELECT date, metric, value, is_record, note, NOT record_eligible AS flagged, revised_from, revised_at
        FROM daily_metric_rows
        WHERE list_contains(?, metric) AND date BETWEEN ? AND ?
        ORDER BY metric, date
        """,
        [list(metrics), start, end],
    )


def record_highs(con, metrics: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """Records set inside the range, each with the record it beat, the margin, its rank among all days
    of the metric today, and how far it stood above the 28 days before it."""
    return _df(
        con,
        """
        SELECT r.date, r.metric, m.label, m.unit, r.value, r.previous_record, r.previous_record_date, r.margin,
               r.rank_now, r.trailing_28d_avg, r.above_trailing_28d_avg
        FROM record_highs AS r JOIN metrics AS m USING (metric)
        WHERE list_contains(?, r.metric) AND r.date BETWEEN ? AND ?
        ORDER BY r.date DESC, r.metric
        """,
        [list(metrics), start, end],
    )


def all_time_records(con, metrics: list[str]) -> pd.DataFrame:
    """Per metric: the highest value over its whole history and the first day it was reached."""
    return _df(
        con,
        """
        WITH highest AS (
            SELECT metric, max(value) AS value FROM metric_values
            WHERE list_contains(?, metric) AND record_eligible GROUP BY metric
        )
        SELECT h.metric, h.value, min(v.date) AS date
        FROM highest AS h
        JOIN metric_values AS v ON v.metric = h.metric AND v.value = h.value AND v.record_eligible
        GROUP BY h.metric, h.value ORDER BY h.metric
        """,
        [list(metrics)],
    )


def rejected_row_count(con) -> int:
    with con.cursor() as cur:
        return int(cur.execute("SELECT count(*) FROM rejected_rows").fetchone()[0])


# Trailing windows offered for rolling averages: days -> preceding days in the frame. The SQL
# fragment comes from this table, never from user input.
SMOOTHING_FRAMES = {7: "INTERVAL 6 DAY", 28: "INTERVAL 27 DAY"}
PERIODS = {"week": "week", "month": "month"}
# The asked-for metrics with their kind; and, for a rate, its numerator and denominator side by side
# (n, d) on the days both are reported, so a period's share is Σ n / Σ d.
_WANTED = "wanted AS (SELECT metric, kind, numerator, denominator FROM metrics WHERE list_contains(?, metric))"
_RATE_PARTS = """wanted AS w
            JOIN metric_values AS n ON n.metric = w.numerator
            JOIN metric_values AS d ON d.metric = w.denominator AND d.date = n.date"""


def smoothed_series(con, metrics: list[str], start: dt.date, end: dt.date, window_days: int) -> pd.DataFrame:
    """Trailing `window_days` average per day (rates: Σ numerator / Σ denominator over the window).

    Days without a value are not counted as zeros: the mean is over the days reported in the window.
    Values before `start` feed the first windows, so the first day shown is a full average.
    """
    frame = SMOOTHING_FRAMES[window_days]
    return _df(
        con,
        f"""
        WITH {_WANTED},
        plain AS (
            SELECT v.date, v.metric,
                   avg(v.value) OVER (PARTITION BY v.metric ORDER BY v.date
                                      RANGE BETWEEN {frame} PRECEDING AND CURRENT ROW) AS value
            FROM metric_values AS v JOIN wanted AS w USING (metric)
            WHERE w.kind <> 'rate' AND v.date BETWEEN CAST(? AS DATE) - {frame} AND ?
        ),
        ratio AS (
            SELECT n.date, w.metric,
                   sum(n.value) OVER win / nullif(sum(d.value) OVER win, 0) AS value
            FROM {_RATE_PARTS}
            WHERE w.kind = 'rate' AND n.date BETWEEN CAST(? AS DATE) - {frame} AND ?
            WINDOW win AS (PARTITION BY w.metric ORDER BY n.date RANGE BETWEEN {frame} PRECEDING AND CURRENT ROW)
        )
        SELECT date, metric, value FROM (SELECT * FROM plain UNION ALL SELECT * FROM ratio)
        WHERE date BETWEEN ? AND ?
        ORDER BY metric, date
        """,
        [list(metrics), start, end, start, end, start, end],
    )


def period_series(con, metrics: list[str], start: dt.date, end: dt.date, period: str) -> pd.DataFrame:
    """Weekly (ISO, from Monday) or monthly values, by the rule of each metric's kind.

    flow: sum of the days; level: the value of the last day with data; rate: Σ numerator / Σ
    denominator. `days` counts days with data; `partial` is true when the range cuts the period.
    """
    unit = PERIODS[period]
    return _df(
        con,
        f"""
        WITH {_WANTED},
        days AS (
            SELECT v.date, v.metric, w.kind, v.value FROM metric_values AS v JOIN wanted AS w USING (metric)
            WHERE w.kind <> 'rate' AND v.date BETWEEN ? AND ?
        ),
        plain AS (
            SELECT date_trunc('{unit}', date) AS period, metric,
                   CASE WHEN any_value(kind) = 'level' THEN arg_max(value, date) ELSE sum(value) END AS value,
                   count(*) AS days
            FROM days GROUP BY ALL
        ),
        ratio AS (
            SELECT date_trunc('{unit}', n.date) AS period, w.metric,
                   sum(n.value) / nullif(sum(d.value), 0) AS value, count(*) AS days
            FROM {_RATE_PARTS}
            WHERE w.kind = 'rate' AND n.date BETWEEN ? AND ?
            GROUP BY ALL
        )
        SELECT CAST(period AS DATE) AS date, metric, value, days,
               CAST(period AS DATE) < CAST(? AS DATE)
                 OR CAST(period + INTERVAL 1 {unit} - INTERVAL 1 DAY AS DATE) > CAST(? AS DATE) AS partial
        FROM (SELECT * FROM plain UNION ALL SELECT * FROM ratio)
        ORDER BY metric, date
        """,
        [list(metrics), start, end, start, end, start, end],
    )


def events(con, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Curated events in the range: date, title, description, source_url."""
    with con.cursor() as cur:
        exists = cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'events'").fetchone()[0]
    if not exists:
        return pd.DataFrame(columns=["date", "title", "description", "source_url"])
    return _df(con, "SELECT date, title, description, source_url FROM events WHERE date BETWEEN ? AND ? "
                    "ORDER BY date", [start, end])
