"""The territory source's download: DeepState publishes a map a day, not a table, so an online refresh
measures each map newer than the cached table (etl.geometry.occupied_area_km2) and appends
it as a row; a fresh install first measures cyterat's combined history file (etl.fetch.territory_history).
HTTP, file writes and the clock live here; the source module stays pure.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pandas as pd

from etl.fetch import territory_cache, territory_samples
from etl.fetch.http import TIMEOUT_SECONDS, SourceUnavailable, download_file
from etl.fetch.territory_history import (
    COMBINED_FILE,
    COMBINED_SOURCE,
    COMBINED_URL,
    checked_area,
    combined_rows,
    daily_row,
)
from etl.sources import territory

logger = logging.getLogger(__name__)

MAX_NEW_MAPS = 400  # days looked up in one refresh; more than a year of backlog is a rebuild, not a refresh


def download_daily_maps(target: Path, http, *, mirror: str | None, quiet: bool = False, allow_shrink: bool = False,
             today: dt.date | None = None) -> str:
    """Bring data/raw/territory/<daily table> up to date: one new row per map newer than the table.

    The table is seeded from the mirror when it has one (offline tests), else from the last cached
    copy; with neither, from cyterat's combined history file (every day since 2024-07-08, measured
    here). Each day after the table's last date is then looked up as a daily map, measured with
    occupied_area_km2, and appended. A day without a map is skipped (the transform notes the gap); a
    map that cannot be used (malformed, empty, not finite) is skipped and named in a warning. The first
    map of each month and the newest are kept as files for the change map (etl.fetch.territory_samples),
    fetched for the months the cache lacks.

    Returns:
        The origin to record: the map URL pattern used.
    """
    table_path = target / territory.DAILY_FILE
    if mirror:
        try:
            download_file(http, f"{mirror}/{territory.DECLARED.folder}/{territory.DAILY_FILE}", table_path, quiet=quiet,
                          allow_shrink=allow_shrink, source=territory.SOURCE)
        except SourceUnavailable as err:
            if err.status != 404:  # a mirror without a table starts from the cache or the combined file
                raise
    table = (territory_cache.read_table(table_path, territory.SOURCE) if table_path.exists()
             else pd.DataFrame(columns=territory.TABLE_COLUMNS))
    new_rows, failures = [], []
    if not len(table):
        new_rows, failures = _combined_history(target, http, mirror=mirror, quiet=quiet, allow_shrink=allow_shrink)
    today = today or dt.date.today()
    known = pd.to_datetime(pd.concat([table["date"], pd.Series([r["date"] for r in new_rows], dtype=str)]),
                           errors="coerce").dropna()
    last = known.max().date() if len(known) else today - dt.timedelta(days=30)
    template = f"{mirror}/{territory.MIRROR_MAP_PATH}" if mirror else territory.MAP_URL_TEMPLATE
    days = [last + dt.timedelta(days=n) for n in range(1, min((today - last).days, MAX_NEW_MAPS) + 1)]
    rows, map_failures, maps = _measure_daily_maps(http, template, days)
    new_rows, failures = new_rows + rows, failures + map_failures
    territory_samples.keep(target, maps)
    if not len(table) and not new_rows:
        why = f" ({failures[0]})" if failures else ""
        raise SourceUnavailable(f"{territory.SOURCE}: no cached table and no map could be fetched from {template}{why}. "
                                "To run offline: python -m etl refresh --source-dir DIR, or set ESCALATION_SOURCE_DIR.")
    if failures:
        logger.warning("%s: %d map(s) skipped: %s%s", territory.SOURCE, len(failures), "; ".join(failures[:5]),
                       " ..." if len(failures) > 5 else "")
    if new_rows:
        table = pd.concat([table, pd.DataFrame(new_rows)], ignore_index=True)
        partial = table_path.with_name(table_path.name + ".part")
        target.mkdir(parents=True, exist_ok=True)
        table.to_csv(partial, index=False)
        os.replace(partial, table_path)
        logger.info("%s: %d new map(s) measured, newest %s", territory.SOURCE, len(new_rows), new_rows[-1]["date"])
    not_kept = territory_samples.catch_up(target, http, template, table, checked_area, today)
    if not_kept:
        logger.warning("%s: %d monthly map(s) for the change map not kept: %s", territory.SOURCE, len(not_kept),
                       "; ".join(not_kept[:5]))
    return template


def _combined_history(target: Path, http, *, mirror: str | None, quiet: bool, allow_shrink: bool
                      ) -> tuple[list[dict], list[str]]:
    """Rows from cyterat's combined file (downloaded into the cache), and the days skipped with why."""
    url = f"{mirror}/{territory.DECLARED.folder}/{COMBINED_FILE}" if mirror else COMBINED_URL
    path = download_file(http, url, target / COMBINED_FILE, quiet=quiet, allow_shrink=allow_shrink,
                         source=territory.SOURCE)
    rows, skipped, features = combined_rows(path, url)
    territory_samples.keep(target, {day: territory_samples.feature_map(features[day])
                                    for day in territory_samples.wanted(list(features))})
    if not rows:
        raise SourceUnavailable(f"{territory.SOURCE}: {url} holds no usable day"
                                f"{f' ({skipped[0]})' if skipped else ''}. The previous data is kept.")
    logger.info("%s: %d day(s) measured from %s, %s to %s", territory.SOURCE, len(rows), url, rows[0]["date"],
                rows[-1]["date"])
    return rows, skipped


def _measure_daily_maps(http, template: str, days: list[dt.date]) -> tuple[list[dict], list[str], dict[dt.date, bytes]]:
    """One row per day whose daily map exists and measures, the maps skipped (named, never raised), and the
    usable maps' bytes by day."""
    rows, failures, maps = [], [], {}
    for day in days:
        url = template.format(date=day)
        try:
            response = http.get(url, timeout=TIMEOUT_SECONDS)
        except Exception as err:  # network trouble: keep what we have, say so
            failures.append(f"{url} ({type(err).__name__})")
            break
        if response.status_code == 404:
            continue
        if response.status_code != 200:
            failures.append(f"{url} (HTTP {response.status_code})")
            continue
        try:
            area = checked_area(response.json())
        except Exception as err:  # malformed JSON or geometry, an empty map, a NaN area: skip this map
            failures.append(f"{url} (not a usable map: {type(err).__name__}: {err})")
            continue
        rows.append(daily_row(day, area, source=COMBINED_SOURCE, source_file=url))
        maps[day] = response.content
    return rows, failures, maps
