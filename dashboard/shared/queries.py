"""Every SQL the dashboard runs, parameterised with `?`. Pages call these and never build SQL.

Each function takes a read-only DuckDB connection and uses its own cursor, so Streamlit sessions
on different threads can share one cached connection safely. This module is also the dashboard's
only door to the ETL: the database path and the layout check come from here.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd

from etl import paths
from etl.derive import views
from etl.registry.metrics import RATIO_OF_SUMS_SQL


def database_path() -> Path:
    """The database the dashboard reads: $ESCALATION_DB, else data/escalation.duckdb."""
    return paths.db_path()


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


def layout_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the file was written with this version's tables and views (else it needs a refresh)."""
    with con.cursor() as cur:
        try:
            version = cur.execute("SELECT max(CAST(version AS VARCHAR)) FROM schema_info").fetchone()[0]
        except duckdb.Error:
            return False
    return version == views.layout_version()


def date_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    with con.cursor() as cur:
        return tuple(cur.execute("SELECT min(date), max(date) FROM metric_values").fetchone())


def metric_catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The metric registry as loaded (label, unit, kind, rate parts, bounds, source, licence, description),
    with each metric's source title, credit and link and its first and last day."""
    return _df(
        con,
        """
        SELECT m.metric, m.label, m.unit, m.kind, m.source, m.licence, m.description, m.numerator,
               m.denominator, m.formula, m.lower_bound, m.upper_bound, s.title AS source_title, s.attribution,
               s.url AS source_url, min(v.date) AS first_date, max(v.date) AS last_date
        FROM metrics AS m
        JOIN sources AS s USING (source)
        LEFT JOIN daily_metric_rows AS v USING (metric)
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
    """Per metric: the highest value over its whole history (since its latest change of reporting, as records
    restart there) and the first day it was reached."""
    return _df(
        con,
        """
        WITH counted AS (
            SELECT v.* FROM metric_values AS v
            WHERE list_contains(?, v.metric) AND v.record_eligible
              AND v.date >= coalesce((SELECT max(b.first_day) FROM reporting_breaks AS b WHERE b.metric = v.metric),
                                     DATE '0001-01-01')
        ), highest AS (SELECT metric, max(value) AS value FROM counted GROUP BY metric)
        SELECT h.metric, h.value, min(v.date) AS date
        FROM highest AS h JOIN counted AS v ON v.metric = h.metric AND v.value = h.value
        GROUP BY h.metric, h.value ORDER BY h.metric
        """,
        [list(metrics)],
    )


# Trailing windows offered for rolling averages: days -> preceding days in the frame. The SQL
# fragment comes from this table, never from user input.
SMOOTHING_FRAMES = {7: "INTERVAL 6 DAY", 28: "INTERVAL 27 DAY"}
PERIODS = {"week": "week", "month": "month"}
_WANTED = "wanted AS (SELECT metric, kind FROM metrics WHERE list_contains(?, metric))"


def smoothed_series(con, metrics: list[str], start: dt.date, end: dt.date, window_days: int) -> pd.DataFrame:
    """Trailing `window_days` average per day (shares: Σ numerator / Σ denominator over the window).

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
        shown_days AS (
            SELECT p.date, p.metric FROM rate_parts AS p JOIN wanted AS w USING (metric)
            WHERE p.date BETWEEN ? AND ?
        ),
        ratio AS (
            SELECT s.date, s.metric, {RATIO_OF_SUMS_SQL} AS value
            FROM shown_days AS s
            JOIN rate_parts AS p ON p.metric = s.metric AND p.date BETWEEN s.date - {frame} AND s.date
            WHERE p.complete
            GROUP BY s.date, s.metric
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
    denominator. `days` counts days with data; `period_days` is the period's length and `days_covered`
    the days of it inside both the range and the metric's own first-to-last day; `partial` is true when
    that is fewer than the period's length (the range cuts it, or the source starts or ends inside it).
    """
    unit = PERIODS[period]
    return _df(
        con,
        f"""
        WITH {_WANTED},
        span AS (
            SELECT metric, min(date) AS first_day, max(date) AS last_day FROM daily_metric_rows
            WHERE list_contains(?, metric) GROUP BY metric
        ),
        plain AS (
            SELECT date_trunc('{unit}', v.date) AS period, v.metric,
                   CASE WHEN any_value(w.kind) = 'level' THEN arg_max(v.value, v.date) ELSE sum(v.value) END
                       AS value,
                   count(*) AS days
            FROM metric_values AS v JOIN wanted AS w USING (metric)
            WHERE w.kind <> 'rate' AND v.date BETWEEN ? AND ?
            GROUP BY ALL
        ),
        ratio AS (
            SELECT date_trunc('{unit}', p.date) AS period, p.metric, {RATIO_OF_SUMS_SQL} AS value,
                   count(*) AS days
            FROM rate_parts AS p JOIN wanted AS w USING (metric)
            WHERE p.date BETWEEN ? AND ? AND p.complete
            GROUP BY ALL
        ),
        periods AS (
            SELECT CAST(period AS DATE) AS date, metric, value, days,
                   CAST(period + INTERVAL 1 {unit} - INTERVAL 1 DAY AS DATE) AS period_end
            FROM (SELECT * FROM plain UNION ALL SELECT * FROM ratio)
        )
        SELECT p.date, p.period_end, p.metric, p.value, p.days,
               date_diff('day', p.date, p.period_end) + 1 AS period_days,
               date_diff('day', greatest(p.date, CAST(? AS DATE), s.first_day),
                                least(p.period_end, CAST(? AS DATE), s.last_day)) + 1 AS days_covered,
               days_covered < period_days AS partial
        FROM periods AS p JOIN span AS s USING (metric)
        ORDER BY p.metric, p.date
        """,
        [list(metrics), list(metrics), start, end, start, end, start, end],
    )


def range_rates(con, metrics: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per share metric: Σ numerator / Σ denominator over the range (the KPI), with both sums.

    Days whose counts are lower bounds are left out and counted in `days_left_out`. Every share metric
    asked for has a row; `value` is NULL when nothing was launched in the range.
    """
    return _df(
        con,
        f"""
        SELECT m.metric, {RATIO_OF_SUMS_SQL} AS value,
               coalesce(sum(numerator), 0) AS numerator_total, coalesce(sum(denominator), 0) AS denominator_total,
               count(p.date) AS days,
               (SELECT count(*) FROM rate_parts AS i WHERE i.metric = m.metric AND NOT i.complete
                  AND i.date BETWEEN ? AND ?) AS days_left_out
        FROM (SELECT metric FROM metrics WHERE kind = 'rate' AND list_contains(?, metric)) AS m
        LEFT JOIN rate_parts AS p ON p.metric = m.metric AND p.complete AND p.date BETWEEN ? AND ?
        GROUP BY m.metric ORDER BY m.metric
        """,
        [start, end, list(metrics), start, end],
    )


def rejected_rows(con, limit: int = 500) -> pd.DataFrame:
    """Rows that failed validation in each source's latest load: source, file, line, reason, raw."""
    return _df(con, "SELECT source, file, line, reason, raw FROM rejected_rows ORDER BY source, file, line LIMIT ?",
               [limit])


def revisions(con, limit: int = 500) -> pd.DataFrame:
    """Values a later load changed or withdrew, newest first, with the metric's label."""
    return _df(
        con,
        """
        SELECT r.replaced_at, r.source, r.metric, m.label, r.date, r.old_value, r.new_value
        FROM revisions AS r LEFT JOIN metrics AS m USING (metric)
        ORDER BY r.replaced_at DESC, r.metric, r.date LIMIT ?
        """,
        [limit],
    )


def revision_count(con) -> int:
    with con.cursor() as cur:
        return int(cur.execute("SELECT count(*) FROM revisions").fetchone()[0])


EVENT_COLUMNS = ["date", "title", "description", "source_url", "title_uk", "description_uk"]


def events(con, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Curated events in the range: date, title, description, source_url, title_uk, description_uk.

    title_uk and description_uk are the Ukrainian text, '' where an event has none (show the English then).
    """
    with con.cursor() as cur:
        exists = cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'events'").fetchone()[0]
    if not exists:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    return _df(con, "SELECT date, title, description, source_url, title_uk, description_uk FROM events "
                    "WHERE date BETWEEN ? AND ? ORDER BY date", [start, end])
