"""A refresh: check the database file, fetch each source, skip unchanged inputs, validate, guard, load,
and swap the new file in atomically (etl/swap.py).

A fault inside one source (a bad file, a renamed field, an unreadable file, a bug) fails that source
alone: it keeps its previous data, the others load, and the summary says what happened in one line.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import duckdb
import pandas as pd

from etl import fetch, paths
from etl.pipeline import dbfile, faults, guards, load, validate
from etl.pipeline.fingerprint import code_checksum, file_checksums
from etl.pipeline.swap import DiskFull, RefreshBusy, exclusive_lock, remove_leftovers, write_and_swap
from etl.registry import tables
from etl.sources import SOURCES
from etl.sources.common import SourceFileError, SourceResult, check_readable

logger = logging.getLogger(__name__)


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
    notes: list[str] = field(default_factory=list)  # what happened to the file itself (moved aside, rebuilt)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass(frozen=True)
class _Settings:
    source_dir: Path | None
    force: bool
    quiet: bool
    now: pd.Timestamp
    allow_shrink: bool
    allow_revisions: bool
    cache_dir: Path


def refresh(
    db_path: Path,
    *,
    source_dir: Path | None = None,
    force: bool = False,
    quiet: bool = False,
    now: pd.Timestamp | None = None,
    sources: dict[str, ModuleType] | None = None,
    allow_shrink: bool = False,
    allow_revisions: bool = False,
    cache_dir: Path | None = None,
) -> RefreshReport:
    """Bring the database up to date with every source.

    Args:
        db_path: the DuckDB file to create or update (a symbolic link is followed to its target).
        source_dir: read raw files from here instead of downloading.
        force: reprocess sources whose files and code are unchanged since their last load.
        quiet: no progress output from downloads.
        now: Kyiv wall-clock time of the refresh, handed to every transform (default: the clock now;
            tests pin it).
        sources: source modules to refresh (default: all).
        allow_shrink: accept input much smaller than the source's last good load.
        allow_revisions: accept a load that changes or withdraws more than 5 % of a source's values.
        cache_dir: where downloads are kept (default data/raw/).

    Returns:
        RefreshReport with one outcome per source, the record highs this load added, and notes on the file.

    Raises:
        RefreshBusy: another refresh of the same file is running.
        DiskFull: the disk ran out of space; nothing was changed.
    """
    sources = sources or SOURCES
    if now is None:
        now = pd.Timestamp.now(tz="Europe/Kyiv").tz_localize(None)
    db_path = Path(db_path).resolve()  # a symlinked --db: lock, copy and swap the file it points to
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(db_path):
        faults.point("locked")
        remove_leftovers(db_path)
        report = RefreshReport(db_path=db_path, outcomes=[])
        health = dbfile.inspect(db_path)
        carry_from = None
        if health.status == "damaged":
            carry_from = dbfile.move_aside(db_path)
            report.notes.append(f"{db_path} was damaged ({health.problem}); it was moved aside to {carry_from} and "
                                "the database is rebuilt from the sources, carrying forward what could still be read")
        elif health.status == "other_layout":
            carry_from = db_path
            report.notes.append(f"{db_path} has another layout ({health.problem}); it is rebuilt from the sources, "
                                "keeping the load and revision history and the data of any source that fails")
        reusable = health.status == "current"
        settings = _Settings(source_dir, force or not reusable, quiet, now, allow_shrink, allow_revisions,
                             cache_dir or paths.RAW_CACHE_DIR)
        previous = _previous_checksums(db_path) if reusable else {}
        last_loads = dbfile.last_loads(db_path if reusable else carry_from)
        to_load = []
        for key, module in sources.items():
            outcome, load_item = _prepare(module, settings, previous.get(key), last_loads.get(key),
                                          db_path if reusable else None)
            report.outcomes.append(outcome)
            if load_item:
                to_load.append(load_item)
        faults.point("prepared")
        if to_load:
            loaded = {item.source.SOURCE for item in to_load}
            keep = [o.source for o in report.outcomes if o.source not in loaded]
            report.new_records = write_and_swap(db_path, to_load, reuse_existing=reusable, carry_from=carry_from,
                                                keep_sources=[] if reusable else keep)
        report.date_range = _date_range(db_path)
        return report


def _prepare(module, settings: _Settings, previous, last_load, db_path: Path | None):
    """Fetch, check, transform, validate and guard one source. Any failure fails this source alone."""
    key = module.SOURCE
    folder = None
    try:
        fetched_at = None
        if getattr(module, "PROJECT_FILE", False):  # a file of this project's own, in data/
            folder, origin = fetch.locate_local(module, paths.DATA_DIR), str(paths.DATA_DIR)
        elif settings.source_dir is not None:
            folder, origin = fetch.locate_local(module, settings.source_dir), str(settings.source_dir)
        else:
            fetched = fetch.fetch(module, settings.cache_dir, quiet=settings.quiet, allow_shrink=settings.allow_shrink)
            folder, origin, fetched_at = fetched.folder, fetched.origin, fetched.fetched_at
        for name in module.FILES:
            check_readable(folder / name)  # a clear message before anything else reads it
        # A source may checksum more than its FILES (territory: the map files kept for the change map).
        checked = module.checksum_files(folder) if hasattr(module, "checksum_files") else module.FILES
        files_sha, code_sha = file_checksums(folder, checked), code_checksum(module)
        if (files_sha, code_sha) == previous and not settings.force:
            return SourceOutcome(key, "unchanged", "files and code unchanged since the last load "
                                                   "(--force reprocesses)"), None
        files_bytes = sum((folder / name).stat().st_size for name in module.FILES)
        result = module.build(folder, now=settings.now)
        validate.check_result(key, result)
        _check_own_rejected(key, result)
        if not (settings.allow_shrink or getattr(module, "PROJECT_FILE", False)):
            guards.check_not_shrunk(key, files_bytes, result.rows_read, last_load)
        if db_path is not None and not settings.allow_revisions:
            guards.check_revisions(key, result.metric_values, _existing_values(db_path, key))
        if db_path is not None and hasattr(module, "KEPT_SHAPES"):  # the oblast outlines against the loaded ones
            table, column = module.KEPT_SHAPES
            guards.check_outlines_kept(key, column, result.tables[table], _existing_shapes(db_path, table, column),
                                       result.rejected, allow_shrink=settings.allow_shrink,
                                       allow_revisions=settings.allow_revisions)
    except (SourceFileError, fetch.SourceUnavailable, validate.SourceOutputError, guards.Refused) as err:
        return SourceOutcome(key, "failed", str(err)), None
    except Exception as err:  # a fault we did not foresee: this source fails, the others go on
        logger.debug("source %s failed", key, exc_info=True)
        where = f"{folder} ({', '.join(module.FILES)})" if folder else "its files"
        return SourceOutcome(key, "failed", f"{key}: unexpected {type(err).__name__} while reading {where}: "
                                            f"{str(err)[:300]}. The previous data of this source is kept."), None
    item = load.LoadItem(module, result, origin, files_sha, code_sha, fetched_at, files_bytes)
    return SourceOutcome(key, "loaded", result=result), item


def _existing_values(db_path: Path, source: str) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT metric, date, value FROM metric_values WHERE source = ?", [source]).df()


def _check_own_rejected(source: str, result: SourceResult) -> None:
    """The rejected rows a source counts apart (territory's kept maps) must fit rejected_rows like the others."""
    own = getattr(result, "maps_rejected", None)
    failures = [] if own is None else tables.validation_failures("rejected_rows", own.assign(source=source))
    if failures:
        raise validate.SourceOutputError(f"{source}: output failed validation, nothing of it was loaded: "
                                         + "; ".join(failures))


def _existing_shapes(db_path: Path, table: str, column: str) -> pd.DataFrame:
    """The key and geometry of a table of shapes as loaded (empty when the file has no such table yet)."""
    declared = tables.BY_NAME[table]  # a declared table and column only: names cannot be query parameters
    if column not in declared.column_names:
        raise KeyError(f"{table} has no column {column}")
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            return con.execute(f'SELECT "{column}", geometry FROM {declared.name}').df()
    except duckdb.Error:
        return pd.DataFrame(columns=[column, "geometry"])


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


__all__ = ["refresh", "RefreshReport", "RefreshBusy", "DiskFull"]
