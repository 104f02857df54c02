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

FAMILIES = {
    # family -> (launched metric, destroyed metric)
    "drones": ("drones_launched", "drones_destroyed"),
    "missiles": ("missiles_launched", "missiles_destroyed"),
    "cruise missiles": ("cruise_missiles_launched", "cruise_missiles_destroyed"),
    "ballistic missiles": ("ballistic_missiles_launched", "ballistic_missiles_destroyed"),
}


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


def date_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    with con.cursor() as cur:
        return tuple(cur.execute("SELECT min(date), max(date) FROM metric_values").fetchone())


def metric_catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """metric, label, unit, kind, source, licence, description."""
    return _df(con, "SELECT metric, label, unit, kind, source, licence, description FROM metrics ORDER BY metric")


def source_freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per source: title, licence, attribution, url, newest date, last load (UTC), rejected rows."""
    return _df(
        con,
        """
        SELECT s.source, s.title, s.licence, s.attribution, s.url,
               l.last_date AS newest_date, l.loaded_at, l.rows_rejected
        FROM sources AS s
        JOIN (SELECT * FROM source_loads
              QUALIFY row_number() OVER (PARTITION BY source ORDER BY loaded_at DESC) = 1) AS l
          USING (source)
        ORDER BY s.source
        """,
    )


def daily_series(con, metrics: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """date, metric, value, is_record, note for the metrics and the inclusive date range."""
    return _df(
        con,
        """
        SELECT d.date, d.metric, d.value, d.is_record, v.note
        FROM daily_metrics AS d
        JOIN metric_values AS v USING (metric, date)
        WHERE list_contains(?, d.metric) AND d.date BETWEEN ? AND ?
        ORDER BY d.metric, d.date
        """,
        [metrics, start, end],
    )


def record_highs(con, metrics: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """Records set inside the range, each with the record it beat and the margin."""
    return _df(
        con,
        """
        SELECT r.date, r.metric, m.label, r.value, r.previous_record, r.previous_record_date, r.margin
        FROM record_highs AS r JOIN metrics AS m USING (metric)
        WHERE list_contains(?, r.metric) AND r.date BETWEEN ? AND ?
        ORDER BY r.date DESC, r.metric
        """,
        [metrics, start, end],
    )


def latest_day(con, metrics: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """The newest day in the range with data, and the day before it with data: date, metric, value."""
    return _df(
        con,
        """
        WITH days AS (
            SELECT DISTINCT date FROM metric_values
            WHERE list_contains(?, metric) AND date BETWEEN ? AND ?
            ORDER BY date DESC LIMIT 2
        )
        SELECT v.date, v.metric, v.value
        FROM metric_values AS v JOIN days USING (date)
        WHERE list_contains(?, v.metric)
        ORDER BY v.date DESC, v.metric
        """,
        [metrics, start, end, metrics],
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
        [metrics],
    )


def interception_rates(con, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per family: Σdestroyed / Σlaunched over the range, on days that report both (never a mean of ratios)."""
    parts = []
    params: list = []
    for family, (launched, destroyed) in FAMILIES.items():
        parts.append(
            """
            SELECT ? AS family, sum(l.value) AS launched, sum(d.value) AS destroyed,
                   sum(d.value) / nullif(sum(l.value), 0) AS rate
            FROM metric_values AS l
            JOIN metric_values AS d ON d.date = l.date AND d.metric = ?
            WHERE l.metric = ? AND l.date BETWEEN ? AND ?
            """
        )
        params += [family, destroyed, launched, start, end]
    return _df(con, " UNION ALL ".join(parts), params)


def rejected_row_count(con) -> int:
    with con.cursor() as cur:
        return int(cur.execute("SELECT count(*) FROM rejected_rows").fetchone()[0])
