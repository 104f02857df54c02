"""Derived tables and the public views over them, recomputed in the load transaction.

`daily_metrics(date, metric, value, is_record, source)` is the public contract analysts query;
`record_highs` lists every record with the record it beat. Shares are derived here from their parts
(etl.registry.metrics.RATIO_OF_SUMS_SQL), so a day's share follows the same rule as a week's or a range's.
"""
from __future__ import annotations

import hashlib

from etl.derive.escalation import tables as escalation
from etl.registry import breaks, notes, rules, tables
from etl.registry.metrics import RATIO_OF_SUMS_SQL
from etl.registry.table_types import comment_statements

RECORD_BURN_IN_DAYS = rules.RECORD_BURN_IN_DAYS

# A share computed from a lower-bound count says so, and is left out of every longer period's share.
INCOMPLETE_SHARE_NOTE = notes.INCOMPLETE_SHARE

# Every day's value: as loaded, plus each share as Σ numerator / Σ denominator of the day (never a record).
_DAILY_VALUES = f"""
    SELECT date, metric, value, source, record_eligible, note FROM metric_values
    UNION ALL
    SELECT date, metric, {RATIO_OF_SUMS_SQL} AS value, any_value(source), false,
           CASE WHEN NOT bool_and(complete) THEN '{INCOMPLETE_SHARE_NOTE}' END
    FROM rate_parts GROUP BY date, metric HAVING sum(denominator) > 0
"""

# Each value with its era: how many declared reporting breaks of its metric have begun by its day. Records
# are compared only within an era, so a change in how the reports count is never read as a record.
_ERAS = f"""
    SELECT v.*, (SELECT count(*) FROM reporting_breaks AS b
                 WHERE b.metric = v.metric AND b.first_day <= v.date) AS era
    FROM ({_DAILY_VALUES}) AS v
"""

# Running maximum over earlier eligible days of the same era; ineligible days neither set nor count as the bar.
_FLAGGED = f"""
    SELECT
        date, metric, value, source, record_eligible, note, era,
        max(CASE WHEN record_eligible THEN value END) OVER earlier AS previous_max,
        min(date) OVER (PARTITION BY metric, era) AS first_date
    FROM ({_ERAS})
    WINDOW earlier AS (PARTITION BY metric, era ORDER BY date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
"""
_IS_RECORD = f"""f.record_eligible AND f.date >= f.first_date + INTERVAL {RECORD_BURN_IN_DAYS} DAY
                 AND f.value > f.previous_max"""

# Derived tables, in build order. Records change only when data is loaded, so the dashboard reads
# precomputed flags instead of re-running window functions on each interaction.
DERIVED = {
    # The parts of each share, side by side on the days that report both; `complete` is false when
    # either part is a lower bound (such days are left out of shares over longer periods).
    "rate_parts": """
        SELECT n.date, m.metric, n.value AS numerator, d.value AS denominator,
               NOT (n.is_lower_bound OR d.is_lower_bound) AS complete, m.source
        FROM metrics AS m
        JOIN metric_values AS n ON n.metric = m.numerator
        JOIN metric_values AS d ON d.metric = m.denominator AND d.date = n.date
        WHERE m.kind = 'rate'
    """,
    # daily_metrics' rows plus what the dashboard shows beside a value (its note, whether it may set
    # a record, and the value a later load replaced), so a chart needs one plain range scan.
    "daily_metric_rows": f"""
        SELECT
            f.date, f.metric, f.value, coalesce({_IS_RECORD}, false) AS is_record,
            f.source, f.note, f.record_eligible, r.old_value AS revised_from, r.replaced_at AS revised_at
        FROM ({_FLAGGED}) AS f
        LEFT JOIN (
            SELECT metric, date, arg_max(old_value, replaced_at) AS old_value, max(replaced_at) AS replaced_at
            FROM revisions GROUP BY metric, date
        ) AS r USING (metric, date)
    """,
    # Each record with the record it beat (the first day that reached the previous maximum).
    "record_high_rows": f"""
        WITH flagged AS ({_FLAGGED})
        SELECT
            f.date, f.metric, f.value,
            f.previous_max AS previous_record,
            (SELECT min(p.date) FROM flagged AS p
              WHERE p.metric = f.metric AND p.era = f.era AND p.date < f.date AND p.record_eligible
                AND p.value = f.previous_max) AS previous_record_date,
            f.value - f.previous_max AS margin,
            f.rank_now,
            f.trailing_28d_avg,
            f.value - f.trailing_28d_avg AS above_trailing_28d_avg,
            f.source
        FROM (
            SELECT flagged.*,
                   rank() OVER (PARTITION BY metric, era, record_eligible ORDER BY value DESC) AS rank_now,
                   avg(value) OVER (PARTITION BY metric ORDER BY date
                       RANGE BETWEEN INTERVAL 28 DAY PRECEDING AND INTERVAL 1 DAY PRECEDING) AS trailing_28d_avg
            FROM flagged
        ) AS f
        WHERE {_IS_RECORD}
    """,
}

# Public views: name -> (select, description, column descriptions).
VIEWS = {
    "daily_metrics": (
        "SELECT date, metric, value, is_record, source FROM daily_metric_rows",
        "The public contract: one value per day and metric, with its record flag.",
        [("date", "Kyiv calendar day"), ("metric", "metric name, see table metrics"),
         ("value", "value in the metric's unit (shares: 0 to 1)"),
         ("is_record", "strictly above every earlier eligible day of the metric's whole history, after "
                       f"its first {RECORD_BURN_IN_DAYS} days; shares and marked days are never records. For a "
                       "metric a change of reporting touches (view reporting_breaks), records restart at the "
                       "change: compared only with days since, after the same burn-in"),
         ("source", "source key, see table sources")],
    ),
    "record_highs": (
        "SELECT * FROM record_high_rows",
        "Every record high with the record it beat, its rank today and the 28 days before it.",
        [("date", "day of the record"), ("metric", "metric name"), ("value", "the record value"),
         ("previous_record", "the highest earlier eligible value"),
         ("previous_record_date", "first day that reached the previous record"),
         ("margin", "value - previous_record"),
         ("rank_now", "rank among all eligible days of the metric today (since its latest change of reporting)"),
         ("trailing_28d_avg", "mean of the reported days in the 28 days before"),
         ("above_trailing_28d_avg", "value - trailing_28d_avg"), ("source", "source key")],
    ),
    "region_reports": (
        "SELECT date, region_iso, region, reports, basis FROM region_report_rows",
        "Reports naming each oblast per day. They name regions affected, not counts of strikes per region.",
        [("date", "Kyiv day"), ("region_iso", "ISO 3166-2 code (UA-30: Kyiv city)"), ("region", "oblast name"),
         ("reports", "reports naming it that day (a report counts once per oblast)"),
         ("basis", "affected_region (national reports' lists, from 2025-01-27) or regional_command (target of "
                   "the regional air commands' reports)")],
    ),
    # Comments do not show in DESCRIBE; this view lists them for every table and view.
    "data_dictionary": (
        "SELECT table_name AS object, column_name, data_type, comment AS description FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND internal = false ORDER BY table_name, column_index",
        "Every table and view column with its description.",
        [("object", "table or view"), ("column_name", "column"), ("data_type", "DuckDB type"),
         ("description", "what the column holds")],
    ),
    # records_by_definition, newest_by_definition, event_windows, regimes, salvo_reports
    **escalation.view_declarations(),
}


def layout_version() -> str:
    """A checksum of the table declarations and of this module's derived tables and views."""
    text = (tables.declarations_checksum() + repr(sorted(DERIVED.items())) + repr(sorted(VIEWS.items()))
            + repr(sorted(escalation.TABLES.items())) + repr(breaks.rows()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def create_all(con) -> None:
    """Create every table (if missing), the derived tables, the views and their comments."""
    create_tables(con)
    existing = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not {*DERIVED, *escalation.TABLES} <= existing:
        derive(con)
    for name, (select, description, columns) in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {select}")
        for statement in comment_statements("VIEW", name, description, columns):
            con.execute(statement)
    con.execute("DELETE FROM schema_info")
    con.execute("INSERT INTO schema_info VALUES (?)", [layout_version()])


def derive(con) -> None:
    """(Re)compute the derived tables from metric_values (sorted for range scans by metric and date), then
    the escalation analyses. The declared reporting breaks are written first: the record flags read them."""
    con.execute("DELETE FROM reporting_breaks")
    con.executemany("INSERT INTO reporting_breaks VALUES (?, ?, ?, ?, ?, ?)", breaks.rows())
    for name, select in DERIVED.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM ({select}) ORDER BY metric, date")
    escalation.derive(con)


def create_tables(con) -> None:
    """Create every declared table that is missing, with its comments."""
    for table in tables.TABLES:
        con.execute(table.ddl())
        for statement in table.comments():
            con.execute(statement)


def version_of(con) -> str | None:
    """The layout version of an open database, or None when it has none."""
    try:
        row = con.execute("SELECT max(CAST(version AS VARCHAR)) FROM schema_info").fetchone()
    except Exception:  # no such table: an empty or pre-versioning file
        return None
    return row[0] if row else None
