"""The database's tables, declared once: the DDL, the column comments and the pandera schema that
validates every frame before it is loaded are all derived from these declarations.

The tables a source owns are declared in etl/registry/source_tables.py; how a declaration works is in
etl/registry/table_types.py. The derived tables and the public views are built by etl/derive/views.py. The
layout version is a checksum of these declarations and the views', so changing a table or a view rebuilds
the file without anyone remembering to bump a number.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import pandera.pandas as pa

from etl.registry.source_tables import (
    ATTACK_EVENTS,
    ATTACK_WAVES,
    EVENTS,
    OBLAST_SHAPES,
    REGION_REPORTS,
    TERRITORY_MAPS,
    WEAPON_MODELS,
)
from etl.registry.table_types import Column, Table

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
        C("formula", "VARCHAR", "for a rate: how it is made from its parts, in words"),
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
REPORTING_BREAKS = Table(
    "reporting_breaks",
    "Changes in how a source reports (etl/registry/breaks.py), one row per metric each change touches: a record "
    "of such a metric is compared only with days since its latest change, and charts draw the change.",
    (
        C("metric", "VARCHAR NOT NULL", "a metric the change touches, see table metrics"),
        C("first_day", "DATE NOT NULL", "first Kyiv day reported the new way"),
        C("break_metric", "VARCHAR NOT NULL", "the metric whose field stopped being given separately (from "
                                              "first_day it is not reported, never 0)"),
        C("field", "VARCHAR NOT NULL", "the source's column that changed"),
        C("what_changed", "VARCHAR NOT NULL", "what changed, in words"),
        C("evidence", "VARCHAR NOT NULL", "the counts that show it"),
    ),
    ("metric", "first_day"),
)
SCHEMA_INFO = Table(
    "schema_info",
    "Version of this file's layout; a refresh rebuilds a file of another version.",
    (C("version", "VARCHAR NOT NULL", "checksum of the table and view declarations (etl/registry, etl/derive/views.py)"),),
)


TABLES = (SCHEMA_INFO, REPORTING_BREAKS, EVENTS, REVISIONS, METRIC_VALUES, METRICS, SOURCES, SOURCE_LOADS, REJECTED_ROWS,
          ATTACK_EVENTS, ATTACK_WAVES, WEAPON_MODELS, REGION_REPORTS, OBLAST_SHAPES, TERRITORY_MAPS)
BY_NAME = {table.name: table for table in TABLES}


def declarations_checksum() -> str:
    """A checksum of every table declaration (types, keys and descriptions)."""
    text = "\n".join(table.ddl() + "\n" + "\n".join(table.comments()) for table in TABLES)
    return hashlib.sha256(text.encode()).hexdigest()


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
