"""A refresh: fetch each source, skip unchanged inputs, validate, load, and swap the new file in atomically.

The new database is written beside the old one and moved over it with os.replace, so readers (the
dashboard) see either the old file or the new one, never half a load; a crash or kill mid-refresh
leaves the previous database untouched.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import duckdb
import pandas as pd

from etl import fetch, load, paths, schema, validate, views
from etl.fingerprint import code_checksum, file_checksums
from etl.sources import SOURCES
from etl.sources.common import SourceFileError, SourceResult

logger = logging.getLogger(__name__)


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock on this database."""


@dataclass
class SourceOutcome:
    source: str
    status: str  # loaded, unchanged, failed
    message: str = ""
    result: SourceResult | None = None


@dataclass
class RefreshReport:
    db_path: Path
    outcomes: list[SourceOutcome]
    new_records: pd.DataFrame = field(default_factory=pd.DataFrame)
    date_range: tuple | None = None

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def refresh(
    db_path: Path,
    *,
    source_dir: Path | None = None,
    force: bool = False,
    quiet: bool = False,
    now: pd.Timestamp | None = None,
    sources: dict[str, ModuleType] | None = None,
    allow_shrink: bool = False,
    cache_dir: Path | None = None,
) -> RefreshReport:
    """Bring the database up to date with every source.

    Args:
        db_path: the DuckDB file to create or update.
        source_dir: read raw files from here instead of downloading.
        force: reprocess sources whose files are unchanged since the last load.
        quiet: no progress output from downloads.
        now: Kyiv wall-clock time of the refresh, handed to every transform (default: the clock now;
            tests pin it).
        sources: source modules to refresh (default: all).
        allow_shrink: accept a download much smaller than the cached copy.
        cache_dir: where downloads are kept (default data/raw/).

    Returns:
        RefreshReport with one outcome per source and the record highs this load added.

    Raises:
        RefreshBusy: another refresh of the same file is running.
    """
    sources = sources or SOURCES
    if now is None:
        now = pd.Timestamp.now(tz="Europe/Kyiv").tz_localize(None)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(db_path):
        _remove_leftovers(db_path)
        reusable = _reusable(db_path)
        if not reusable:
            force = True  # a new file: every source must be loaded into it
        previous = _previous_checksums(db_path) if reusable else {}
        outcomes, to_load = [], []
        for key, module in sources.items():
            outcome, load_item = _prepare(module, source_dir, previous.get(key), force, quiet, now, allow_shrink,
                                          cache_dir or paths.RAW_CACHE_DIR)
            outcomes.append(outcome)
            if load_item:
                to_load.append(load_item)
        report = RefreshReport(db_path=db_path, outcomes=outcomes)
        if to_load:
            report.new_records = _write_and_swap(db_path, to_load, reuse_existing=reusable)
        report.date_range = _date_range(db_path)
        return report


def _prepare(module, source_dir, previous, force, quiet, now, allow_shrink, cache_dir):
    key = module.SOURCE
    try:
        fetched_at = None
        if getattr(module, "PROJECT_FILE", False):  # a file of this project's own, in data/
            folder, origin = fetch.locate_local(module, paths.DATA_DIR), str(paths.DATA_DIR)
        elif source_dir is not None:
            folder, origin = fetch.locate_local(module, source_dir), str(source_dir)
        else:
            fetched = fetch.fetch(module, cache_dir, quiet=quiet, allow_shrink=allow_shrink)
            folder, origin, fetched_at = fetched.folder, fetched.origin, fetched.fetched_at
        files_sha, code_sha = file_checksums(folder, module.FILES), code_checksum(module)
        if (files_sha, code_sha) == previous and not force:
            return SourceOutcome(key, "unchanged", "files and code unchanged since the last load "
                                                   "(--force reprocesses)"), None
        result = module.build(folder, now=now)
        validate.check_result(key, result)
    except (SourceFileError, fetch.SourceUnavailable, validate.SourceOutputError) as err:
        return SourceOutcome(key, "failed", str(err)), None
    files_bytes = sum((folder / name).stat().st_size for name in module.FILES)
    item = load.LoadItem(module, result, origin, files_sha, code_sha, fetched_at, files_bytes)
    return SourceOutcome(key, "loaded", result=result), item


def _previous_checksums(db_path: Path) -> dict[str, tuple[str, str]]:
    """(files, code) checksums of each source's last load, or {} when there is no readable database."""
    if not db_path.exists():
        return {}
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            rows = con.execute(
                "SELECT source, arg_max(files_sha256, loaded_at), arg_max(code_sha256, loaded_at) "
                "FROM source_loads GROUP BY source"
            ).fetchall()
    except duckdb.Error:
        return {}
    return {source: (files, code) for source, files, code in rows}


def _write_and_swap(db_path: Path, to_load, *, reuse_existing: bool) -> pd.DataFrame:
    """Copy the current file, load into the copy, then atomically replace the current file with it."""
    temp_path = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    temp_path.unlink(missing_ok=True)
    records_before = pd.DataFrame()
    if reuse_existing:
        shutil.copyfile(db_path, temp_path)
    try:
        with duckdb.connect(str(temp_path)) as con:
            if _has_table(con, "metric_values"):
                records_before = con.execute("SELECT metric, date FROM record_highs").df()
            load.load_sources(con, to_load, datetime.now(timezone.utc).replace(tzinfo=None))
            records_after = con.execute(
                "SELECT date, metric, value, previous_record, previous_record_date, margin "
                "FROM record_highs ORDER BY metric, date"
            ).df()
            con.execute("CHECKPOINT")
        os.replace(temp_path, db_path)
    finally:
        temp_path.unlink(missing_ok=True)
    if len(records_before):
        merged = records_after.merge(records_before, on=["metric", "date"], how="left", indicator=True)
        return merged[merged["_merge"] == "left_only"].drop(columns="_merge")
    return records_after


def _remove_leftovers(db_path: Path) -> None:
    """Delete half-written copies left by a refresh that was killed (we hold the lock, so none is live)."""
    for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)


def _reusable(db_path: Path) -> bool:
    """True when the current file can be copied and updated: readable and of this schema version."""
    if not db_path.exists():
        return False
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            version = schema.version_of(con)
    except duckdb.Error:
        logger.warning("%s is not a readable DuckDB file; building a new one", db_path)
        return False
    if version != views.layout_version():
        logger.warning("%s has layout version %s, not %s; rebuilding it from every source",
                       db_path, version, views.layout_version())
        return False
    return True


def _has_table(con, name: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()[0])


def _date_range(db_path: Path):
    if not db_path.exists():
        return None
    with duckdb.connect(str(db_path), read_only=True) as con:
        if not _has_table(con, "metric_values"):
            return None
        return con.execute("SELECT min(date), max(date) FROM metric_values").fetchone()


class _exclusive_lock:
    """An advisory lock file beside the database, so two refreshes never write at once."""

    def __init__(self, db_path: Path):
        self.lock_path = db_path.with_name(db_path.name + ".lock")
        self.handle = None

    def __enter__(self):
        self.handle = self.lock_path.open("a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise RefreshBusy(
                f"another refresh of {self.lock_path.with_suffix('')} is running; try again when it ends"
            ) from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        return False


__all__ = ["refresh", "RefreshReport", "RefreshBusy", "schema"]
