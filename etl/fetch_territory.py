"""The territory source's download: DeepState publishes a map a day, not a table, so an online refresh
measures each map newer than the cached table (etl.sources.territory.occupied_area_km2) and appends
it as a row. HTTP, file writes and the clock live here; the source module stays pure.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pandas as pd

from etl.fetch import SourceUnavailable, download_file
from etl.sources import territory

logger = logging.getLogger(__name__)

MAX_NEW_MAPS = 400  # days looked up in one refresh; more than a year of backlog is a rebuild, not a refresh


def download_daily_maps(target: Path, http, *, mirror: str | None, quiet: bool = False, allow_shrink: bool = False,
             today: dt.date | None = None) -> str:
    """Bring data/raw/territory/<daily table> up to date: one new row per map newer than the table.

    The table is seeded from the mirror when one is set (offline tests), else from the last cached
    copy; each day after its last date is looked up as a daily map, measured with
    occupied_area_km2, and appended. A day without a map is skipped (the transform notes the gap).

    Returns:
        The origin to record: the map URL pattern used.
    """
    table_path = target / territory.DAILY_FILE
    if mirror:
        download_file(http, f"{mirror}/{territory.FOLDER}/{territory.DAILY_FILE}", table_path, quiet=quiet,
                      allow_shrink=allow_shrink, source=territory.SOURCE)
    table = (pd.read_csv(table_path, dtype=str, keep_default_na=False) if table_path.exists()
             else pd.DataFrame(columns=territory.TABLE_COLUMNS))
    today = today or dt.date.today()
    last = (pd.to_datetime(table["date"], errors="coerce").max().date() if len(table)
            else today - dt.timedelta(days=30))
    template = f"{mirror}/{territory.MIRROR_MAP_PATH}" if mirror else territory.MAP_URL_TEMPLATE
    new_rows, failures = [], []
    for offset in range(1, min((today - last).days, MAX_NEW_MAPS) + 1):
        day = last + dt.timedelta(days=offset)
        url = template.format(date=day)
        try:
            response = http.get(url, timeout=(10, 60))
        except Exception as err:  # network trouble: keep what we have, say so
            failures.append(f"{url} ({type(err).__name__})")
            break
        if response.status_code == 404:
            continue
        if response.status_code != 200:
            failures.append(f"{url} (HTTP {response.status_code})")
            continue
        try:
            area = territory.occupied_area_km2(response.json())
        except ValueError as err:
            failures.append(f"{url} (not a usable map: {err})")
            continue
        new_rows.append({"date": day.isoformat(), "occupied_km2": f"{area:.2f}", "gained_km2": "",
                         "source": "cyterat/deepstate-map-data", "source_file": url, "map_published_utc": "",
                         "carried_forward": "False", "flag": ""})
    if not len(table) and not new_rows:
        why = f" ({failures[0]})" if failures else ""
        raise SourceUnavailable(f"{territory.SOURCE}: no cached table and no map could be fetched from {template}{why}. "
                                "To run offline: python -m etl refresh --source-dir DIR, or set ESCALATION_SOURCE_DIR.")
    if failures:
        logger.warning("%s: %d map(s) could not be used: %s", territory.SOURCE, len(failures), "; ".join(failures[:5]))
    if new_rows:
        table = pd.concat([table, pd.DataFrame(new_rows)], ignore_index=True)
        partial = table_path.with_name(table_path.name + ".part")
        target.mkdir(parents=True, exist_ok=True)
        table.to_csv(partial, index=False)
        os.replace(partial, table_path)
        logger.info("%s: %d new map(s) measured, newest %s", territory.SOURCE, len(new_rows), new_rows[-1]["date"])
    return template
