"""Load one refresh's sources into DuckDB in a single transaction."""
from __future__ import annotations

import logging
from datetime import datetime
from types import ModuleType

import duckdb
import pandas as pd

from etl import schema
from etl.sources.common import SourceResult

logger = logging.getLogger(__name__)

_TABLES_BY_NAME = {table.name: table for table in schema.TABLES}


def load_sources(
    con: duckdb.DuckDBPyConnection,
    loads: list[tuple[ModuleType, SourceResult, str, str]],
    loaded_at: datetime,
) -> None:
    """Replace each given source's rows, all in one transaction: all land, or none do.

    Args:
        con: a writable connection.
        loads: (source module, its result, origin folder or URL, file checksums) per source.
        loaded_at: the UTC time recorded for the load.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        schema.create_all(con)
        for source, result, origin, files_sha256 in loads:
            _load_one(con, source, result, origin, files_sha256, loaded_at)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _load_one(con, source, result: SourceResult, origin: str, files_sha256: str, loaded_at: datetime) -> None:
    key = source.SOURCE
    con.execute(
        "INSERT OR REPLACE INTO sources (source, title, url, licence, attribution) VALUES (?, ?, ?, ?, ?)",
        [key, source.TITLE, source.URL, source.LICENCE, source.ATTRIBUTION],
    )
    metrics = result.metrics.assign(source=key, licence=source.LICENCE)
    for column in ("numerator", "denominator"):
        if column not in metrics:
            metrics[column] = None
    _replace(con, "metrics", metrics, "source = ?", [key])
    values = result.metric_values.assign(source=key).sort_values(["metric", "date"])
    _replace(con, "metric_values", values, "source = ?", [key])
    for name, frame in result.tables.items():
        _replace(con, name, frame, None, [])
    _replace(con, "rejected_rows", result.rejected.assign(source=key).sort_values("line"), "source = ?", [key])
    dates = pd.to_datetime(result.metric_values["date"]).dropna()
    con.execute(
        "INSERT INTO source_loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [key, loaded_at, origin, files_sha256, result.rows_read, result.rows_loaded, len(result.rejected),
         dates.min().date() if len(dates) else None, dates.max().date() if len(dates) else None],
    )
    logger.info("%s: %d metric values, %d rejected rows loaded", key, len(values), len(result.rejected))


def _replace(con, table_name: str, frame: pd.DataFrame, where: str | None, params: list) -> None:
    """Delete a source's rows (or all rows) of a declared table, then insert the frame's columns."""
    table = _TABLES_BY_NAME[table_name]
    con.execute(f"DELETE FROM {table.name}" + (f" WHERE {where}" if where else ""), params)
    columns = table.column_names
    incoming = frame[columns]
    con.register("incoming_rows", incoming)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table.name} ({quoted}) SELECT {quoted} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")
