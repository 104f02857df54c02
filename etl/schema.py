"""The database's tables, declared once: the DDL, the column comments and the pandera schema that
validates every frame before it is loaded are all derived from these declarations.

The derived tables and the public views (`daily_metrics`, `record_highs`) are in etl/views.py. The
layout version is a checksum of both modules' declarations, so changing a table or a view rebuilds
the file without anyone remembering to bump a number.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type, with NOT NULL when required
    description: str

    @property
    def nullable(self) -> bool:
        return "NOT NULL" not in self.type

    @property
    def base_type(self) -> str:
        return self.type.replace("NOT NULL", "").strip()

    def check(self) -> pa.Check:
        """A pandera check that the column's non-null values fit the DuckDB type."""
        kind = self.base_type
        test, what = _TYPE_CHECKS[kind]
        return pa.Check(lambda s: test(s.dropna()), error=f"{self.name}: not {what}")


def _all(test):
    return lambda s: bool(len(s) == 0 or s.map(test).all())


def _finite_numbers(s: pd.Series) -> bool:
    if len(s) == 0:
        return True
    numbers = pd.to_numeric(s, errors="coerce")
    return bool(numbers.notna().all() and np.isfinite(numbers.astype(float)).all())


def _whole_numbers(s: pd.Series) -> bool:
    return _finite_numbers(s) and bool((pd.to_numeric(s) % 1 == 0).all())


_TYPE_CHECKS = {
    "DATE": (_all(lambda v: isinstance(v, dt.date)), "a date"),
    "TIMESTAMP": (_all(lambda v: isinstance(v, (dt.datetime, np.datetime64))), "a timestamp"),
    "DOUBLE": (_finite_numbers, "a finite number"),
    "BIGINT": (_whole_numbers, "a whole number"),
    "INTEGER": (_whole_numbers, "a whole number"),
    "BOOLEAN": (_all(lambda v: isinstance(v, (bool, np.bool_))), "true or false"),
    "VARCHAR": (_all(lambda v: isinstance(v, str)), "text"),
}


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    owner: str | None = None  # the source whose load replaces this table whole (None: rows carry `source`)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        parts = [f'"{c.name}" {c.type}' for c in self.columns]
        if self.primary_key:
            parts.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  " + ",\n  ".join(parts) + "\n)"

    def comments(self) -> list[str]:
        """COMMENT ON statements: the table's and each column's description, kept in the file itself."""
        return comment_statements("TABLE", self.name, self.description,
                                  [(c.name, c.description) for c in self.columns])

    def frame_schema(self) -> pa.DataFrameSchema:
        """The pandera schema a frame must pass before it is loaded into this table."""
        return pa.DataFrameSchema(
            {c.name: pa.Column(None, checks=c.check(), nullable=c.nullable) for c in self.columns},
            unique=list(self.primary_key) or None,
            strict=False,
            name=self.name,
        )


def comment_statements(kind: str, name: str, description: str, columns: list[tuple[str, str]]) -> list[str]:
    """COMMENT ON statements for a table or view. The texts are this project's own constants, never input."""
    quote = lambda text: "'" + text.replace("'", "''") + "'"  # noqa: E731
    return [f"COMMENT ON {kind} {name} IS {quote(description)}"] + [
        f'COMMENT ON COLUMN {name}."{column}" IS {quote(text)}' for column, text in columns]


C = Column
METRIC_VALUES = Table(
    "metric_values",
    "One value per day and metric as loaded from a source (shares are derived from their parts in daily_metric_rows); daily_metrics adds record flags.",
    (
        C("date", "DATE NOT NULL", "Kyiv calendar day"),
        C("metric", "VARCHAR NOT NULL", "metric name, see table metrics"),
        C("value", "DOUBLE NOT NULL", "value in the metric's unit"),
        C("source", "VARCHAR NOT NULL", "source key, see table sources"),
        C("record_eligible", "BOOLEAN NOT NULL", "false for days that may not set a record (artefacts)"),
        C("note", "VARCHAR", "why a value needs care (e.g. a lower bound: some rows lack a count)"),
        C("is_lower_bound", "BOOLEAN NOT NULL", "some rows of the day lack this count: the true value may be higher"),
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
        C("lower_bound", "DOUBLE NOT NULL", "lowest plausible daily value; a value below it is rejected"),
        C("upper_bound", "DOUBLE NOT NULL", "highest plausible daily value; a value above it is rejected"),
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
        C("code_sha256", "VARCHAR NOT NULL", "checksum of the source's transform code: a change reloads the source"),
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
        C("is_shahed", "DOUBLE", "how many of the launched drones were real Shaheds (a count; from 2025-07)"),
        C("num_hit_location", "DOUBLE", "places hit (one row per report; from 2025-05)"),
        C("num_fall_fragment_location", "DOUBLE", "places where debris fell (one row per report; from 2025-05)"),
        C("target", "VARCHAR", "target area"),
        C("launch_place", "VARCHAR", "launch area"),
        C("source_post", "VARCHAR NOT NULL", "post the row was digitised from"),
        C("is_national", "BOOLEAN NOT NULL", "false for regional air command posts (not in daily totals)"),
        C("is_daytime_report", "BOOLEAN NOT NULL", "window starts 07:00 or later and ends the same day"),
        C("is_shahed_type", "BOOLEAN NOT NULL", "model names a Shahed (the figure the press quotes)"),
    ),
    owner="attacks",
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
            "shahed_drones_launched", "shahed_drones_destroyed",
        )),
    ),
    ("time_start", "time_end"),
    owner="attacks",
)
REGION_REPORTS = Table(
    "region_report_rows",
    "Reports naming each oblast per day (the view region_reports).",
    (
        C("date", "DATE NOT NULL", "Kyiv day the reports count for"),
        C("region_iso", "VARCHAR NOT NULL", "ISO 3166-2 code of the oblast (UA-30: Kyiv city, inside Kyiv oblast)"),
        C("region", "VARCHAR NOT NULL", "the oblast's name"),
        C("reports", "BIGINT NOT NULL", "reports (time windows) naming it that day; a report counts once per oblast"),
        C("basis", "VARCHAR NOT NULL", "affected_region: the national reports' lists (from 2025-01-27); "
                                       "regional_command: the target of the regional air commands' reports"),
    ),
    ("date", "region_iso", "basis"),
    owner="attacks",
)
OBLAST_SHAPES = Table(
    "oblast_shapes",
    "Outlines of Ukraine's oblasts (OpenStreetMap, ODbL; © OpenStreetMap contributors), for the /regions map.",
    (
        C("region_iso", "VARCHAR NOT NULL", "ISO 3166-2 code (Kyiv city lies inside Kyiv oblast's outline)"),
        C("name", "VARCHAR NOT NULL", "name as the attack reports spell it"),
        C("name_uk", "VARCHAR NOT NULL", "Ukrainian name"),
        C("geometry", "VARCHAR NOT NULL", "Polygon or MultiPolygon as GeoJSON text, WGS84 lon/lat"),
    ),
    ("region_iso",),
    owner="regions",
)
TERRITORY_MAPS = Table(
    "territory_maps",
    "DeepState maps kept as shapes (the occupied area), for the map of territory that changed hands.",
    (
        C("date", "DATE NOT NULL", "the map's date (drawn on the evening before)"),
        C("occupied_km2", "DOUBLE NOT NULL", "occupied area of the map as read, km²"),
        C("geometry", "VARCHAR NOT NULL", "occupied area as GeoJSON, lon/lat, simplified to about 50 m"),
    ),
    ("date",),
    owner="territory",
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
    owner="attacks",
)

SCHEMA_INFO = Table(
    "schema_info",
    "Version of this file's layout; a refresh rebuilds a file of another version.",
    (C("version", "VARCHAR NOT NULL", "checksum of the table and view declarations (etl/schema.py, etl/views.py)"),),
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
    owner="events",
)

TABLES = (SCHEMA_INFO, EVENTS, REVISIONS, METRIC_VALUES, METRICS, SOURCES, SOURCE_LOADS, REJECTED_ROWS,
          ATTACK_EVENTS, ATTACK_WAVES, WEAPON_MODELS, REGION_REPORTS, OBLAST_SHAPES, TERRITORY_MAPS)
BY_NAME = {table.name: table for table in TABLES}


def declarations_checksum() -> str:
    """A checksum of every table declaration (types, keys and descriptions)."""
    text = "\n".join(table.ddl() + "\n" + "\n".join(table.comments()) for table in TABLES)
    return hashlib.sha256(text.encode()).hexdigest()


def create_tables(con) -> None:
    """Create every declared table that is missing, with its comments."""
    for table in TABLES:
        con.execute(table.ddl())
        for statement in table.comments():
            con.execute(statement)


def validation_failures(table_name: str, frame: pd.DataFrame) -> list[str]:
    """Every way a frame fails its table's declaration (types, required values, primary key), or []."""
    table = BY_NAME[table_name]
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        return [f"{table_name}: missing column(s) {', '.join(missing)}"]
    try:
        table.frame_schema().validate(frame[table.column_names], lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        out = []
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
            examples = ", ".join(repr(v) for v in group["failure_case"].head(3))
            where = f"{table_name}.{column}" if isinstance(column, str) else table_name
            out.append(f"{where}: {check} ({len(group)} row(s), e.g. {examples})")
        return out
    return []


def version_of(con) -> str | None:
    """The layout version of an open database, or None when it has none."""
    try:
        row = con.execute("SELECT max(CAST(version AS VARCHAR)) FROM schema_info").fetchone()
    except Exception:  # no such table: an empty or pre-versioning file
        return None
    return row[0] if row else None
