"""Load one refresh's sources into DuckDB in a single transaction."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType

import duckdb
import pandas as pd

from etl.derive import views
from etl.registry import metrics, tables
from etl.sources import SOURCES
from etl.sources.common import SourceResult

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class LoadItem:
    source: ModuleType
    result: SourceResult
    origin: str
    files_sha256: str
    code_sha256: str
    fetched_at: datetime | None
    files_bytes: int


def prepare_new_file(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables and views in an empty file (before history is carried into it)."""
    views.create_all(con)


def load_sources(
    con: duckdb.DuckDBPyConnection,
    loads: list[LoadItem],
    loaded_at: datetime,
    *,
    catalogue_only: list[str] = (),
) -> None:
    """Replace each given source's rows, all in one transaction: all land, or none do.

    Args:
        con: a writable connection.
        loads: one LoadItem per source (module, result, origin, checksums, fetch time, bytes).
        loaded_at: the UTC time recorded for the load.
        catalogue_only: sources not loaded now whose rows were carried into a rebuilt file: their
            `metrics` rows are written from the registry.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        views.create_all(con)
        for item in loads:
            _load_one(con, item, loaded_at)
        for key in catalogue_only:
            source = SOURCES[key]
            _replace(con, "metrics", catalogue(key, source.DECLARED.licence), "source = ?", [key])
        views.derive(con)  # record flags follow the values just loaded
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # DuckDB already ended the transaction (e.g. the disk filled): the original error matters
        raise


def _load_one(con, item: LoadItem, loaded_at: datetime) -> None:
    source, result = item.source, item.result
    key = source.SOURCE
    con.execute(
        "INSERT OR REPLACE INTO sources (source, title, url, licence, attribution) VALUES (?, ?, ?, ?, ?)",
        [key, source.DECLARED.title, source.DECLARED.url, source.DECLARED.licence, source.DECLARED.credit],
    )
    _replace(con, "metrics", catalogue(key, source.DECLARED.licence), "source = ?", [key])
    values = result.metric_values.assign(source=key).sort_values(["metric", "date"])
    # A metric the registry declares as no record metric (a share's part) never sets or holds a record.
    no_records = [m.name for m in metrics.METRICS if not m.records]
    values["record_eligible"] = values["record_eligible"] & ~values["metric"].isin(no_records)
    _record_revisions(con, key, values, loaded_at)
    _replace(con, "metric_values", values, "source = ?", [key])
    for name, frame in result.tables.items():
        _replace(con, name, frame, None, [])
    _replace(con, "rejected_rows", all_rejected(result).assign(source=key).sort_values("line"),
             "source = ?", [key])
    dates = pd.to_datetime(result.metric_values["date"]).dropna()
    con.execute(
        "INSERT INTO source_loads (source, loaded_at, origin, licence, fetched_at, files_sha256, files_bytes, "
        "code_sha256, rows_read, rows_loaded, rows_rejected, first_date, last_date) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [key, loaded_at, item.origin, source.DECLARED.licence, item.fetched_at, item.files_sha256, item.files_bytes,
         item.code_sha256, result.rows_read,
         result.rows_loaded, len(result.rejected),
         dates.min().date() if len(dates) else None, dates.max().date() if len(dates) else None],
    )
    logger.info("%s: %d metric values, %d rejected rows loaded", key, len(values), len(result.rejected))


def all_rejected(result: SourceResult) -> pd.DataFrame:
    """Every rejected row of a load: the source's rows and, for a source that counts files of its own apart
    (territory's kept maps, etl.sources.territory_maps.ResultWithMaps), theirs."""
    own = getattr(result, "maps_rejected", None)
    if own is None or own.empty:
        return result.rejected
    return pd.concat([result.rejected, own], ignore_index=True) if len(result.rejected) else own


def catalogue(source: str, licence: str) -> pd.DataFrame:
    """The `metrics` rows of a source, straight from the metric registry."""
    rows = [{"metric": m.name, "label": m.label, "unit": m.unit, "kind": m.kind, "numerator": m.numerator,
             "denominator": m.denominator, "formula": metrics.formula(m), "source": source, "licence": licence,
             "lower_bound": float(m.bounds[0]), "upper_bound": float(m.bounds[1]), "description": m.description}
            for m in metrics.of_source(source)]
    return pd.DataFrame(rows, columns=tables.METRICS.column_names)


def _replace(con, table_name: str, frame: pd.DataFrame, where: str | None, params: list) -> None:
    """Delete a source's rows (or all rows) of a declared table, then insert the frame's columns."""
    table = tables.BY_NAME[table_name]
    con.execute(f"DELETE FROM {table.name}" + (f" WHERE {where}" if where else ""), params)
    columns = table.column_names
    incoming = frame[columns]
    con.register("incoming_rows", incoming)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table.name} ({quoted}) SELECT {quoted} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


def _record_revisions(con, key: str, values: pd.DataFrame, loaded_at: datetime) -> None:
    """Keep every already-loaded value that this load changes or withdraws, with the load time."""
    con.register("incoming_values", values[["date", "metric", "value"]])
    try:
        con.execute(
            """
            INSERT INTO revisions (metric, date, old_value, new_value, replaced_at, source)
            SELECT o.metric, o.date, o.value, n.value, ?, ?
            FROM metric_values AS o
            LEFT JOIN incoming_values AS n ON n.metric = o.metric AND n.date = o.date
            WHERE o.source = ? AND (n.value IS NULL OR n.value <> o.value)
            """,
            [loaded_at, key, key],
        )
    finally:
        con.unregister("incoming_values")
