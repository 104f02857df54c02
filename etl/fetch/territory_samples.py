"""Which DeepState maps an online refresh keeps as files, for the map of ground that changed hands.

The territory table holds one number a day; the change map on /regions needs shapes. Keeping every
day's map (about 78 KB each) would grow without end, so the cache keeps, in
`data/raw/territory/samples/deepstatemap_data_YYYYMMDD.geojson` (the layout of the offline folder):
- the first map of each month, so any month (or run of months) can be compared end to end;
- the newest map, so "since the start of this month" is always there.
Other maps are removed when a newer one arrives. A month whose first mapped day is missing upstream is
remembered in `samples/unavailable.txt` and not asked for again.

Writes and HTTP live here (the fetch layer); etl.sources.territory_maps reads the files.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

import pandas as pd

from etl.fetch.http import TIMEOUT_SECONDS
from etl.sources.territory_maps import MAP_NAME, MAPS_FOLDER

logger = logging.getLogger(__name__)

UNAVAILABLE_FILE = "unavailable.txt"  # one YYYY-MM-DD a line: a map asked for and not published
CYTERAT_FIRST_DAY = dt.date(2024, 7, 8)  # cyterat's first daily map (territory PROVENANCE.md)
MAX_CATCH_UP = 60  # months of missing maps fetched in one refresh (the whole of cyterat's span is smaller)


def kept_days(folder: Path) -> list[dt.date]:
    """Dates of the map files in folder/samples/, oldest first. A name that is no real date (20251340), a
    directory or a broken link is no kept day: the source names it as a rejected row when it reads the maps."""
    maps = folder / MAPS_FOLDER
    days = []
    for path in sorted(maps.glob("*.geojson")) if maps.is_dir() else []:
        found = MAP_NAME.match(path.name)
        if not found or not path.is_file():
            continue
        try:
            days.append(dt.datetime.strptime(found.group(1), "%Y%m%d").date())
        except ValueError:
            continue
    return sorted(days)


def wanted(days: list[dt.date]) -> set[dt.date]:
    """The first day of each month among `days`, and the newest day."""
    firsts: dict[tuple[int, int], dt.date] = {}
    for day in sorted(days):
        firsts.setdefault((day.year, day.month), day)
    return set(firsts.values()) | ({max(days)} if days else set())


def keep(folder: Path, maps: dict[dt.date, bytes]) -> list[dt.date]:
    """Write the maps that are the first of their month or the newest, then prune the others.

    Args:
        folder: the territory cache folder (data/raw/territory).
        maps: usable maps by their date, as the bytes to save.

    Returns:
        The dates written.
    """
    existing = kept_days(folder)
    keep_days = wanted([*existing, *maps])
    written = []
    target = folder / MAPS_FOLDER
    for day in sorted(set(maps) & keep_days):
        path = target / f"deepstatemap_data_{day:%Y%m%d}.geojson"
        if path.exists():
            continue
        target.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(maps[day])
        os.replace(partial, path)
        written.append(day)
    for day in set(existing) - keep_days:
        (target / f"deepstatemap_data_{day:%Y%m%d}.geojson").unlink(missing_ok=True)
    return written


def feature_map(feature: dict) -> bytes:
    """One feature of cyterat's combined file as a daily map file (what cyterat publishes per day)."""
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")).encode()


def missing_months(folder: Path, table: pd.DataFrame, today: dt.date) -> list[dt.date]:
    """The days whose maps a cache lacks: the first day in the table of each month it covers from cyterat's
    first map on, and its newest day, newest last (at most MAX_CATCH_UP, the newest kept).

    A cache filled before maps were kept (or from a mirror's table) thereby gains one map a month.
    Days already asked for and not published (samples/unavailable.txt) are left out.
    """
    dates = pd.to_datetime(table["date"], format="%Y-%m-%d", errors="coerce").dropna().dt.date
    skip = set(kept_days(folder)) | _unavailable(folder)
    firsts: dict[tuple[int, int], dt.date] = {}
    covered = sorted(d for d in dates if CYTERAT_FIRST_DAY <= d <= today)
    for day in covered:
        firsts.setdefault((day.year, day.month), day)
    wanted_days = sorted({*firsts.values(), *covered[-1:]})  # and the table's newest day
    return [day for day in wanted_days if day not in skip][-MAX_CATCH_UP:]


def catch_up(folder: Path, http, template: str, table: pd.DataFrame, usable, today: dt.date) -> list[str]:
    """Fetch and keep the first map of each month the cache lacks. Returns the maps skipped, with why.

    Args:
        usable: checks a parsed map and raises when it cannot be measured (etl.fetch.territory_history.checked_area).
    """
    found, absent, skipped = {}, [], []
    for day in missing_months(folder, table, today):
        url = template.format(date=day)
        try:
            response = http.get(url, timeout=TIMEOUT_SECONDS)
        except Exception as err:  # network trouble: keep what we have and try again next refresh
            skipped.append(f"{url} ({type(err).__name__})")
            break
        if response.status_code == 404:
            absent.append(day)
            continue
        if response.status_code != 200:
            skipped.append(f"{url} (HTTP {response.status_code})")
            continue
        try:
            usable(response.json())
        except Exception as err:  # a broken map is named and not kept
            skipped.append(f"{url} (not a usable map: {type(err).__name__}: {err})")
            continue
        found[day] = response.content
    if found:
        written = keep(folder, found)
        logger.info("territory: %d monthly map(s) kept for the change map, %s to %s", len(written),
                    min(found), max(found))
    if absent:
        _remember_unavailable(folder, absent)
    return skipped


def _unavailable(folder: Path) -> set[dt.date]:
    path = folder / MAPS_FOLDER / UNAVAILABLE_FILE
    if not path.exists():
        return set()
    days = set()
    # A hand edit in another encoding must not stop the backfill: an unreadable byte spoils only its line.
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            days.add(dt.date.fromisoformat(line.strip()))
        except ValueError:
            continue  # a hand-edited line: ignore it, the day is asked for again
    return days


def _remember_unavailable(folder: Path, days: list[dt.date]) -> None:
    path = folder / MAPS_FOLDER / UNAVAILABLE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = sorted({*map(str, _unavailable(folder)), *map(str, days)})
    partial = path.with_name(path.name + ".part")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(partial, path)
