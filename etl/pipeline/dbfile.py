"""The database file itself: is it whole, and what can be carried into a rebuilt one.

Before a refresh trusts a file it reads every table through (a damaged block fails the read). A
damaged file is moved aside under a name the message gives; a file of another layout, or a damaged
one, is rebuilt from the sources, carrying forward what can still be read: the load and revision
history, and the rows of every source that is not loaded in this run.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from etl.derive import views
from etl.registry import tables
from etl.registry.table_types import Table

logger = logging.getLogger(__name__)

HISTORY_TABLES = ("source_loads", "revisions")


@dataclass(frozen=True)
class Health:
    status: str  # missing, current (this layout, every table readable), other_layout, damaged
    problem: str = ""


def inspect(db_path: Path) -> Health:
    """Whether the file exists, opens, has this layout, and every table reads through to the end."""
    if not db_path.exists():
        return Health("missing")
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            version = views.version_of(con)
            for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                                        ).fetchall():
                con.sql(f'SELECT * FROM "{table}"').to_arrow_table()  # every block, checksummed
    except duckdb.Error as err:
        return Health("damaged", f"{type(err).__name__}: {str(err).splitlines()[0][:200]}")
    if version != views.layout_version():
        return Health("other_layout", f"layout version {version}, not {views.layout_version()}")
    return Health("current")


def move_aside(db_path: Path) -> Path:
    """Rename a damaged file (and its WAL) out of the way; returns the new name."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    os.replace(db_path, target)
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        os.replace(wal, target.with_name(target.name + ".wal"))
    return target


def last_loads(db_path: Path | None) -> dict[str, tuple[int, int]]:
    """source -> (files_bytes, rows_read) of its last load, from any readable file; {} otherwise."""
    if db_path is None or not db_path.exists():
        return {}
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            rows = con.execute("SELECT source, arg_max(files_bytes, loaded_at), arg_max(rows_read, loaded_at) "
                               "FROM source_loads GROUP BY source").fetchall()
    except duckdb.Error:
        return {}
    return {source: (int(size), int(rows)) for source, size, rows in rows}


def carry_forward(con, old_path: Path, keep_sources: list[str]) -> list[str]:
    """Copy the history tables and the rows of `keep_sources` from an older or damaged file into the
    open (new, empty) database, table by table, skipping what cannot be read. Runs outside the load
    transaction, one statement at a time, so one unreadable table does not stop the others.
    Returns the tables carried."""
    carried = []
    try:
        con.execute("ATTACH ? AS previous (READ_ONLY)", [str(old_path)])
    except duckdb.Error as err:
        logger.warning("%s cannot be opened to carry data forward (%s)", old_path, type(err).__name__)
        return carried
    try:
        old_columns = {}
        for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                                         "WHERE database_name = 'previous'").fetchall():
            old_columns.setdefault(table, []).append(column)
        for table in tables.TABLES:
            if table.name not in old_columns:
                continue
            if table.name == "metrics":
                continue  # written from the registry for every source (load.write_catalogue)
            if table.name in HISTORY_TABLES:
                where, params = "", []
            elif table.owner:
                if table.owner not in keep_sources:
                    continue
                where, params = "", []
            elif "source" in table.column_names and keep_sources:
                where, params = "WHERE list_contains(?, source)", [keep_sources]
            else:
                continue
            if _copy(con, table, old_columns[table.name], where, params):
                carried.append(table.name)
    finally:
        con.execute("DETACH previous")
    return carried


def _copy(con, table: Table, old_columns: list[str], where: str, params: list) -> bool:
    """INSERT the old rows of a table, by column name; columns the old layout lacks get a neutral value."""
    select = []
    for column in table.columns:
        if column.name in old_columns:
            select.append(f'CAST("{column.name}" AS {column.base_type})')
        elif column.nullable:
            select.append("NULL")
        else:
            select.append(_NEUTRAL[column.base_type])
    names = ", ".join(f'"{c}"' for c in table.column_names)
    try:
        con.execute(f"INSERT INTO {table.name} ({names}) SELECT {', '.join(select)} FROM previous.{table.name} {where}",
                    params)
        return True
    except duckdb.Error as err:
        logger.warning("could not carry %s forward (%s)", table.name, type(err).__name__)
        return False


_NEUTRAL = {"VARCHAR": "''", "BIGINT": "0", "INTEGER": "0", "DOUBLE": "0", "BOOLEAN": "false",
            "DATE": "DATE '1970-01-01'", "TIMESTAMP": "TIMESTAMP '1970-01-01'"}
