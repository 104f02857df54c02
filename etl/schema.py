"""The database's tables and views, declared once; DDL is derived from these declarations.

The view `daily_metrics(date, metric, value, is_record, source)` is the public contract analysts
query; the other tables explain it (metric catalogue, sources, loads, rejected rows).
"""
from __future__ import annotations

from dataclasses import dataclass

# Bump when a table or view changes shape, or a transform changes its output: a refresh then rebuilds
# the file from every source (unchanged input files would otherwise be skipped).
SCHEMA_VERSION = 8

# A value is a record only once its metric has this many days of history: the first weeks of a
# series would otherwise flag almost every day, since there is little to beat.
RECORD_BURN_IN_DAYS = 28


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        parts = [f'"{c.name}" {c.type}' for c in self.columns]
        if self.primary_key:
            parts.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  " + ",\n  ".join(parts) + "\n)"


C = Column
METRIC_VALUES = Table(
    "metric_values",
    "One value per day and metric, as loaded; daily_metrics adds record flags.",
    (
        C("date", "DATE NOT NULL", "Kyiv calendar day"),
        C("metric", "VARCHAR NOT NULL", "metric name, see table metrics"),
        C("value", "DOUBLE NOT NULL", "value in the metric's unit"),
        C("source", "VARCHAR NOT NULL", "source key, see table sources"),
        C("record_eligible", "BOOLEAN NOT NULL", "false for days that may not set a record (artefacts)"),
        C("note", "VARCHAR", "why a value needs care (e.g. a lower bound: some rows lack a count)"),
    ),
    ("metric", "date"),
)
METRICS = Table(
    "metrics",
    "What each metric is.",
    (
        C("metric", "VARCHAR NOT NULL", "metric name"),
        C("label", "VARCHAR NOT NULL", "human label"),
        C("unit", "VARCHAR NOT NULL", "unit of value"),
        C("kind", "VARCHAR NOT NULL", "flow (summed over a period), level (last value of a period) or rate "
                                      "(Σ numerator / Σ denominator over a period)"),
        C("numerator", "VARCHAR", "for a rate: the metric summed above the line"),
        C("denominator", "VARCHAR", "for a rate: the metric summed below the line"),
        C("source", "VARCHAR NOT NULL", "source key"),
        C("licence", "VARCHAR NOT NULL", "licence of the underlying data"),
        C("description", "VARCHAR NOT NULL", "what is counted and how"),
    ),
    ("metric",),
)
SOURCES = Table(
    "sources",
    "Each data source, its licence and its latest successful load.",
    (
        C("source", "VARCHAR NOT NULL", "source key"),
        C("title", "VARCHAR NOT NULL", "dataset title"),
        C("url", "VARCHAR NOT NULL", "public home of the dataset"),
        C("licence", "VARCHAR NOT NULL", "licence"),
        C("attribution", "VARCHAR NOT NULL", "who to credit"),
    ),
    ("source",),
)
SOURCE_LOADS = Table(
    "source_loads",
    "One row per successful load of a source: what was read, from where, and what came of it.",
    (
        C("source", "VARCHAR NOT NULL", "source key"),
        C("loaded_at", "TIMESTAMP NOT NULL", "UTC time the load committed"),
        C("origin", "VARCHAR NOT NULL", "folder or URL the files came from"),
        C("licence", "VARCHAR NOT NULL", "licence of the data as loaded"),
        C("fetched_at", "TIMESTAMP", "UTC time the files were downloaded (NULL: read from a local folder)"),
        C("files_sha256", "VARCHAR NOT NULL", "file=sha256 pairs of the inputs"),
        C("files_bytes", "BIGINT NOT NULL", "total size of the inputs"),
        C("rows_read", "BIGINT NOT NULL", "raw rows read"),
        C("rows_loaded", "BIGINT NOT NULL", "raw rows accepted"),
        C("rows_rejected", "BIGINT NOT NULL", "raw rows rejected (see rejected_rows)"),
        C("first_date", "DATE", "earliest day with a metric value"),
        C("last_date", "DATE", "newest day with a metric value"),
    ),
)
REJECTED_ROWS = Table(
    "rejected_rows",
    "Raw rows that failed validation in the latest load of their source, kept with the reason.",
    (
        C("source", "VARCHAR NOT NULL", "source key"),
        C("file", "VARCHAR NOT NULL", "input file name"),
        C("line", "BIGINT NOT NULL", "line number in the file (header is line 1)"),
        C("reason", "VARCHAR NOT NULL", "every check the row failed"),
        C("raw", "VARCHAR NOT NULL", "the row's fields as read"),
    ),
)
REVISIONS = Table(
    "revisions",
    "Values that a later load changed or withdrew: the old value is kept with the load that replaced it.",
    (
        C("metric", "VARCHAR NOT NULL", "metric"),
        C("date", "DATE NOT NULL", "day of the value"),
        C("old_value", "DOUBLE NOT NULL", "value before the load"),
        C("new_value", "DOUBLE", "value after the load (NULL: withdrawn upstream)"),
        C("replaced_at", "TIMESTAMP NOT NULL", "loaded_at of the load that changed it"),
        C("source", "VARCHAR NOT NULL", "source key"),
    ),
)
ATTACK_EVENTS = Table(
    "attack_events",
    "Every accepted row of the attacks file, with its weapon class (regional reports included).",
    (
        C("line", "BIGINT NOT NULL", "line number in missile_attacks_daily.csv"),
        C("time_start", "TIMESTAMP NOT NULL", "attack window start, Kyiv time"),
        C("time_end", "TIMESTAMP NOT NULL", "attack window end, Kyiv time"),
        C("date", "DATE NOT NULL", "Kyiv day the row counts for (date of time_end)"),
        C("model", "VARCHAR NOT NULL", "weapon model as written"),
        C("weapon_class", "VARCHAR NOT NULL", "drone, cruise_missile, ballistic_missile, other_missile, "
                                              "guided_bomb or unclassified"),
        C("launched", "DOUBLE", "number launched (NULL: not reported)"),
        C("destroyed", "DOUBLE", "number shot down (NULL: not reported)"),
        C("not_reach_goal", "DOUBLE", "did not reach a target (lost on radar)"),
        C("still_attacking", "DOUBLE", "still in the air when reported"),
        C("target", "VARCHAR", "target area"),
        C("launch_place", "VARCHAR", "launch area"),
        C("source_post", "VARCHAR NOT NULL", "post the row was digitised from"),
        C("is_national", "BOOLEAN NOT NULL", "false for regional air command posts (not in daily totals)"),
        C("is_daytime_report", "BOOLEAN NOT NULL", "window starts 07:00 or later and ends the same day"),
        C("is_shahed_type", "BOOLEAN NOT NULL", "model names a Shahed (the figure the press quotes)"),
    ),
)
ATTACK_WAVES = Table(
    "attack_waves",
    "One row per national report window (attack wave), with totals per weapon class.",
    (
        C("time_start", "TIMESTAMP NOT NULL", "window start, Kyiv time"),
        C("time_end", "TIMESTAMP NOT NULL", "window end, Kyiv time"),
        C("date", "DATE NOT NULL", "Kyiv day the wave counts for"),
        C("is_daytime_report", "BOOLEAN NOT NULL", "a separate daytime report, not an overnight wave"),
        C("rows", "BIGINT NOT NULL", "raw rows in the wave"),
        C("source_posts", "VARCHAR NOT NULL", "posts the wave was digitised from"),
        *(C(m, "DOUBLE", "total for the wave") for m in (
            "drones_launched", "drones_destroyed", "missiles_launched", "missiles_destroyed",
            "cruise_missiles_launched", "cruise_missiles_destroyed",
            "ballistic_missiles_launched", "ballistic_missiles_destroyed",
        )),
    ),
    ("time_start", "time_end"),
)
WEAPON_MODELS = Table(
    "weapon_models",
    "How each model string in the attacks file was classified.",
    (
        C("model", "VARCHAR NOT NULL", "model string"),
        C("weapon_class", "VARCHAR NOT NULL", "class given"),
        C("basis", "VARCHAR NOT NULL", "which rule gave it"),
        C("rows", "BIGINT NOT NULL", "rows carrying the string"),
    ),
    ("model",),
)

SCHEMA_INFO = Table(
    "schema_info",
    "Version of this file's layout; a refresh rebuilds a file of another version.",
    (C("version", "INTEGER NOT NULL", "schema version"),),
)

EVENTS = Table(
    "events",
    "Curated events shown on the charts (data/events.csv).",
    (
        C("date", "DATE NOT NULL", "day of the event"),
        C("title", "VARCHAR NOT NULL", "short title"),
        C("description", "VARCHAR NOT NULL", "one line"),
        C("source_url", "VARCHAR NOT NULL", "public source"),
    ),
)

TABLES = (SCHEMA_INFO, EVENTS, REVISIONS, METRIC_VALUES, METRICS, SOURCES, SOURCE_LOADS, REJECTED_ROWS,
          ATTACK_EVENTS, ATTACK_WAVES, WEAPON_MODELS)

# Running maximum over earlier eligible days; ineligible days neither set nor count as the bar.
_FLAGGED = """
    SELECT
        date, metric, value, source, record_eligible,
        max(CASE WHEN record_eligible THEN value END) OVER earlier AS previous_max,
        min(date) OVER (PARTITION BY metric) AS first_date
    FROM metric_values
    WINDOW earlier AS (PARTITION BY metric ORDER BY date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
"""

# Derived tables, recomputed in the load transaction (records change only when data is loaded), and
# the public views over them: the dashboard reads precomputed flags instead of re-running window
# functions over every value on each interaction.
DERIVED = {
    # daily_metrics' rows plus what the dashboard shows beside a value (its note, whether it may set
    # a record, and the value a later load replaced), so a chart needs one plain range scan.
    "daily_metric_rows": f"""
        SELECT
            f.date, f.metric, f.value,
            coalesce(f.record_eligible
                     AND f.date >= f.first_date + INTERVAL {RECORD_BURN_IN_DAYS} DAY
                     AND f.value > f.previous_max, false) AS is_record,
            f.source, v.note, f.record_eligible, r.old_value AS revised_from, r.replaced_at AS revised_at
        FROM ({_FLAGGED}) AS f
        JOIN metric_values AS v USING (metric, date)
        LEFT JOIN (
            SELECT metric, date, arg_max(old_value, replaced_at) AS old_value, max(replaced_at) AS replaced_at
            FROM revisions GROUP BY metric, date
        ) AS r USING (metric, date)
    """,
    # Each record with the record it beat (the first day that reached the previous maximum).
    "record_high_rows": f"""
        WITH flagged AS ({_FLAGGED})
        SELECT
            r.date, r.metric, r.value,
            r.previous_max AS previous_record,
            (SELECT min(p.date) FROM metric_values AS p
              WHERE p.metric = r.metric AND p.date < r.date AND p.record_eligible
                AND p.value = r.previous_max) AS previous_record_date,
            r.value - r.previous_max AS margin,
            r.rank_now,
            r.trailing_28d_avg,
            r.value - r.trailing_28d_avg AS above_trailing_28d_avg,
            r.source
        FROM (
            SELECT f.*,
                   rank() OVER (PARTITION BY f.metric, f.record_eligible ORDER BY f.value DESC) AS rank_now,
                   avg(f.value) OVER (PARTITION BY f.metric ORDER BY f.date
                       RANGE BETWEEN INTERVAL 28 DAY PRECEDING AND INTERVAL 1 DAY PRECEDING) AS trailing_28d_avg
            FROM flagged AS f
        ) AS r
        WHERE r.record_eligible
          AND r.date >= r.first_date + INTERVAL {RECORD_BURN_IN_DAYS} DAY
          AND r.value > r.previous_max
    """,
}


VIEWS = {
    "daily_metrics": "CREATE OR REPLACE VIEW daily_metrics AS "
                     "SELECT date, metric, value, is_record, source FROM daily_metric_rows",
    "record_highs": "CREATE OR REPLACE VIEW record_highs AS SELECT * FROM record_high_rows",
}


def create_all(con) -> None:
    """Create every table (if missing), the derived tables and the views."""
    for table in TABLES:
        con.execute(table.ddl())
    existing = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not set(DERIVED) <= existing:
        derive(con)
    for ddl in VIEWS.values():
        con.execute(ddl)
    con.execute("DELETE FROM schema_info")
    con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION])


def derive(con) -> None:
    """(Re)compute the derived tables from metric_values, sorted for range scans by metric and date."""
    for name, select in DERIVED.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM ({select}) ORDER BY metric, date")


def version_of(con) -> int | None:
    """The schema version of an open database, or None when it has none."""
    try:
        row = con.execute("SELECT max(version) FROM schema_info").fetchone()
    except Exception:  # no such table: an empty or pre-versioning file
        return None
    return row[0] if row else None
