"""Writing a refresh into the database file: a copy loaded in one transaction and swapped in atomically.

The new database is written beside the old one and moved over it with os.replace, so readers (the
dashboard) see either the old file or the new one, never half a load; a crash, a kill or a full disk
mid-refresh leaves the previous database untouched and no partial copy behind.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from etl.pipeline import dbfile, faults, load


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock on this database."""


class DiskFull(OSError):
    """The disk holding the database ran out of space; nothing was changed."""


def write_and_swap(db_path: Path, to_load: list[load.LoadItem], *, reuse_existing: bool,
                   carry_from: Path | None = None, keep_sources: list[str] = ()) -> pd.DataFrame:
    """Copy the current file (or start a new one), load into it, then atomically replace the current file.

    Args:
        reuse_existing: the current file has this layout and is whole: copy it and load into the copy.
        carry_from: otherwise, an older or damaged file whose history and `keep_sources` rows are carried
            into the new one (the sources that are not loaded in this run keep their data).

    Returns:
        The record highs this load added (all of them for a new file).
    """
    temp_path = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    temp_path.unlink(missing_ok=True)
    records_before = pd.DataFrame()
    try:
        if reuse_existing:
            shutil.copyfile(db_path, temp_path)
        faults.point("copied")
        with duckdb.connect(str(temp_path)) as con:
            if reuse_existing:
                records_before = con.execute("SELECT metric, date FROM record_highs").df()
            elif carry_from is not None:
                load.prepare_new_file(con)
                dbfile.carry_forward(con, carry_from, list(keep_sources))
            load.load_sources(con, to_load, datetime.now(timezone.utc).replace(tzinfo=None),
                              catalogue_only=list(keep_sources))
            faults.point("loaded")
            records_after = con.execute(
                "SELECT date, metric, value, previous_record, previous_record_date, margin "
                "FROM record_highs ORDER BY metric, date"
            ).df()
            con.execute("CHECKPOINT")
        faults.point("checkpointed")
        os.replace(temp_path, db_path)
        faults.point("swapped")
    except (OSError, duckdb.Error) as err:
        if _is_disk_full(err):
            raise DiskFull(errno.ENOSPC, f"the disk holding {db_path.parent} is full "
                                         f"({_free_space(db_path.parent)} free); nothing was changed. Free some "
                                         "space and run the refresh again") from None
        raise
    finally:
        temp_path.unlink(missing_ok=True)
        temp_path.with_name(temp_path.name + ".wal").unlink(missing_ok=True)
    if len(records_before):
        merged = records_after.merge(records_before, on=["metric", "date"], how="left", indicator=True)
        return merged[merged["_merge"] == "left_only"].drop(columns="_merge")
    return records_after


def _is_disk_full(err: BaseException) -> bool:
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(err).lower()
    return "no space left" in text or "disk is full" in text or "disk quota" in text


def _free_space(folder: Path) -> str:
    try:
        return f"{shutil.disk_usage(folder).free / 1e6:,.1f} MB"
    except OSError:
        return "unknown"


def remove_leftovers(db_path: Path) -> None:
    """Delete half-written copies left by a refresh that was killed (we hold the lock, so none is live)."""
    for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)


class exclusive_lock:
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
