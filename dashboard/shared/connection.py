"""One read-only DuckDB connection per database file, reopened when a refresh swaps the file in.

DuckDB keeps one database instance per path in a process: while any connection to the old file is
open, connecting again by the same path reaches the old (replaced) file. So the old connection is
closed before the new one opens. Imported once per process, so the registry outlives reruns.
"""
from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from dashboard.shared import queries

_lock = threading.Lock()
_open: dict[str, tuple[tuple, duckdb.DuckDBPyConnection]] = {}


def get(path: Path, version: tuple) -> duckdb.DuckDBPyConnection:
    """The connection to `path` as of `version` (queries.file_version), opening a fresh one on change."""
    key = str(path)
    with _lock:
        current = _open.get(key)
        if current is not None and current[0] == version:
            return current[1]
        if current is not None:
            current[1].close()  # a query still running on the old file fails; the page reruns
        connection = queries.connect(path)
        _open[key] = (version, connection)
        return connection
