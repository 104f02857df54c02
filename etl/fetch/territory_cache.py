"""The territory download cache on disk (data/raw/territory/): the daily table the refresh builds, and the
backfill's measured archive maps and archive listing.

Each is a cache the network can rebuild, so a file that cannot be used stops the command with one line that
names the file, says what is wrong with it and gives the command that rebuilds it (`CachedFileError`, exit 1),
never a KeyError from deep inside pandas. Writes go through a `.part` file and an atomic rename.
"""
from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pandas as pd

from etl.fetch.http import SourceUnavailable

TABLE_REQUIRED = ("date", "occupied_km2")  # what the fetch layer and the territory source read of the table
TABLE_FIX = ("Delete it and run python -m etl refresh to download it again (and python -m etl backfill territory "
             "again if it held the archive's older maps)")
MEASURED_FIX = "Delete it and run python -m etl backfill territory again (it measures the archive's maps again)"
INDEX_FIX = "Delete it and run python -m etl backfill territory again (it lists the archive again)"


class CachedFileError(SourceUnavailable):
    """A file of the download cache cannot be used; the message names it, what is wrong and the command that
    rebuilds it."""


def read_table(path: Path, who: str) -> pd.DataFrame:
    """The cached daily table as text columns (empty cells as '').

    Args:
        path: the table (data/raw/territory/deepstate_occupied_area_daily.csv).
        who: what reads it, the message's first words ("territory", "territory backfill").

    Raises:
        CachedFileError: unreadable, empty, not UTF-8, not CSV, or without a date or occupied_km2 column.
    """
    return _read_csv(path, who, TABLE_REQUIRED, TABLE_FIX)


def table_dates(table: pd.DataFrame) -> pd.Series:
    """The table's readable dates (rows whose date does not parse are left to the source's checks)."""
    return pd.to_datetime(table["date"], format="%Y-%m-%d", errors="coerce").dropna()


def undated_table(path: Path, who: str) -> CachedFileError:
    return CachedFileError(f"{who}: {path}: no row with a date (YYYY-MM-DD). {TABLE_FIX}.")


def read_measured(path: Path, who: str) -> dict[int, float]:
    """Area of every archive map measured so far, by its unix publication time ({} when none yet).

    Raises:
        CachedFileError: unreadable, not a unix,occupied_km2 table, or a value that is not a number.
    """
    if not path.exists():
        return {}
    frame = _read_csv(path, who, ("unix", "occupied_km2"), MEASURED_FIX)
    unix = pd.to_numeric(frame["unix"], errors="coerce")
    area = pd.to_numeric(frame["occupied_km2"], errors="coerce")
    bad_unix = unix.isna() | (unix % 1 != 0)
    bad = (bad_unix | area.isna()).to_numpy().nonzero()[0]
    if len(bad):
        at = bad[0]
        what = (f"unix {frame['unix'].iloc[at]!r} is not a whole number" if bad_unix.iloc[at]
                else f"occupied_km2 {frame['occupied_km2'].iloc[at]!r} is not a number")
        raise CachedFileError(f"{who}: {path}: line {at + 2}: {what}. {MEASURED_FIX}.")
    return {int(u): float(a) for u, a in zip(unix, area) if math.isfinite(a) and a > 0}


def write_measured(path: Path, measured: dict[int, float]) -> None:
    if not measured:
        return
    frame = pd.DataFrame(sorted(measured.items()), columns=["unix", "occupied_km2"])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda part: frame.to_csv(part, index=False, float_format="%.4f"))


def read_index(path: Path, listing_url: str, who: str) -> list[int] | None:
    """The cached archive listing (unix times of the maps), or None when absent or listed from elsewhere.

    The file is `# <listing URL>`, then one unix time a line, as write_index writes it.

    Raises:
        CachedFileError: unreadable, a line that is not a unix time, or no map at all.
    """
    if not path.exists():
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise CachedFileError(f"{who}: {path}: not UTF-8 text ({err.reason} at byte {err.start}). {INDEX_FIX}.") from None
    except OSError as err:
        raise CachedFileError(f"{who}: {path}: cannot be read ({err.strerror or type(err).__name__}). "
                              f"{INDEX_FIX}.") from None
    if not lines or lines[0] != f"# {listing_url}":
        return None
    times = []
    for number, line in enumerate(lines[1:], start=2):
        if not re.fullmatch(r"\d{9,11}", line.strip()):
            raise CachedFileError(f"{who}: {path}: line {number}: {line[:60]!r} is not a map's unix time. "
                                  f"{INDEX_FIX}.")
        times.append(int(line))
    if not times:
        raise CachedFileError(f"{who}: {path}: lists no map. {INDEX_FIX}.")
    return sorted(set(times))


def write_index(path: Path, listing_url: str, times: list[int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join([f"# {listing_url}", *map(str, times)]) + "\n"
    write_atomically(path, lambda part: part.write_text(text, encoding="utf-8"))


def write_atomically(path: Path, write) -> None:
    """Write through `<path>.part` and rename, so a killed run leaves the old file or the new one."""
    partial = path.with_name(path.name + ".part")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _read_csv(path: Path, who: str, required: tuple[str, ...], fix: str) -> pd.DataFrame:
    def refused(problem: str) -> CachedFileError:
        return CachedFileError(f"{who}: {path}: {problem}. {fix}.")

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise refused("file is empty") from None
    except UnicodeDecodeError as err:
        raise refused(f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    except pd.errors.ParserError as err:
        raise refused(f"not a readable CSV ({str(err).strip()[:120]})") from None
    except OSError as err:
        raise refused(f"cannot be read ({err.strerror or type(err).__name__})") from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns[:8]))
        raise refused(f"missing column(s) {', '.join(missing)} (found {found})")
    return frame
