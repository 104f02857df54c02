"""DeepState history for the territory table: cyterat's combined file and DanielRose2310's map archive.

- cyterat/deepstate-map-data publishes `deepstate-map-data.geojson.gz`: a GeoJSON FeatureCollection
  written by geopandas (`scripts/unify-data.py`), one feature a day, `{"id": "<n>", "properties":
  {"date": "YYYY-MM-DD"}, "geometry": <MultiPolygon of the occupied area>}`, from 2024-07-08 on. A
  fresh online install measures each day of it (`combined_rows`) instead of only the last 30 maps.
- DanielRose2310/deepstatemaps-history holds the raw DeepState maps of 2022-04 to 2025-08 as
  `geojsons/<unix publication time>.geojson`. `python -m etl backfill territory` (`backfill`) lists
  them (GitHub's git-tree listing of the pinned commit; with a mirror, `<mirror>/territory/history/
  index.txt`, one `<unix>.geojson` a line), measures the map of each day before the cached table
  (the newest published before D 03:00 UTC, see territory PROVENANCE.md) and merges those rows in.
  Measured maps are cached in `history_measured.csv`, the listing in `history_index.txt`, so a
  second run fetches nothing it already has (etl.fetch.territory_cache reads and writes them).
"""
from __future__ import annotations

import bisect
import datetime as dt
import gzip
import json
import math
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import requests
from tqdm import tqdm

from etl import geometry
from etl.fetch import territory_cache as cache
from etl.fetch.http import TIMEOUT_SECONDS, SourceUnavailable
from etl.sources import territory

# ---------------------------------------------------------------- cyterat's combined file
COMBINED_FILE = "deepstate-map-data.geojson.gz"
COMBINED_URL = territory.MAP_URL_TEMPLATE.split("/data/")[0] + "/" + COMBINED_FILE
COMBINED_SOURCE = "cyterat/deepstate-map-data"

# ---------------------------------------------------------------- DanielRose2310's archive
ARCHIVE_REPO = "DanielRose2310/deepstatemaps-history"
ARCHIVE_COMMIT = "df633a1700680411949934a4345f1af263327377"  # as in data/territory/PROVENANCE.md
# The exact file list (the repo's own scripts/geojson_urls.txt lists API calls, not the saved files:
# it misses some and names some never saved), then that list as a fallback.
ARCHIVE_INDEX_URLS = (
    f"https://api.github.com/repos/{ARCHIVE_REPO}/git/trees/{ARCHIVE_COMMIT}?recursive=1",
    f"https://raw.githubusercontent.com/{ARCHIVE_REPO}/{ARCHIVE_COMMIT}/scripts/geojson_urls.txt",
)
ARCHIVE_MAP_URL = f"https://raw.githubusercontent.com/{ARCHIVE_REPO}/{ARCHIVE_COMMIT}/geojsons/{{unix}}.geojson"
MIRROR_HISTORY_DIR = f"{territory.DECLARED.folder}/history"
MIRROR_INDEX_FILE = "index.txt"
MEASURED_FILE = "history_measured.csv"  # unix,occupied_km2 of every archive map measured so far
INDEX_CACHE_FILE = "history_index.txt"  # "# <listing URL>" then one unix time a line
MAP_HOUR_UTC = 3  # the value for D is the newest map published before D 03:00 UTC
MAX_CARRY_DAYS = 3  # a map reused for more days than this leaves a gap instead (the archive has runs of 2)
WHO = "territory backfill"  # how its messages begin


def checked_area(geojson: dict) -> float:
    """occupied_area_km2 of a map, which must be finite and positive (an empty map measures 0 km²)."""
    with warnings.catch_warnings():  # NaN coordinates: GEOS raises, and shapely warns first; the error is enough
        warnings.simplefilter("ignore", RuntimeWarning)
        area = geometry.occupied_area_km2(geojson)
    if not math.isfinite(area):
        raise ValueError(f"area is not a finite number ({area})")
    if area <= 0:
        raise ValueError("empty map: no occupied polygon (0 km²)")
    return area


def daily_row(day: dt.date, area: float, *, source: str, source_file: str, published: str = "",
              carried_forward: bool = False, gained: str = "") -> dict:
    """One row of the daily table (territory.TABLE_COLUMNS)."""
    return {"date": day.isoformat(), "occupied_km2": f"{area:.2f}", "gained_km2": gained, "source": source,
            "source_file": source_file, "map_published_utc": published, "carried_forward": str(carried_forward),
            "flag": ""}


def combined_rows(path: Path, url: str) -> tuple[list[dict], list[str], dict[dt.date, dict]]:
    """One row per day of cyterat's combined file, the features skipped with the reason, and the usable
    features by day (the fetch layer keeps some as map files).

    Raises:
        SourceUnavailable: the file is not a gzip-compressed GeoJSON FeatureCollection.
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            collection = json.load(handle)
        features = collection["features"]
        if collection.get("type") != "FeatureCollection" or not isinstance(features, list):
            raise ValueError("not a GeoJSON FeatureCollection")
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise SourceUnavailable(f"{territory.SOURCE}: {url} is not a usable gzip GeoJSON file "
                                f"({type(err).__name__}: {err}). The previous data is kept.") from None
    by_day: dict[dt.date, float] = {}
    usable: dict[dt.date, dict] = {}
    skipped = []
    for number, feature in enumerate(features):
        raw_date = ((feature or {}).get("properties") or {}).get("date") if isinstance(feature, dict) else None
        try:
            day = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            skipped.append(f"{url} feature {number} (no usable date: {raw_date!r})")
            continue
        try:
            area = checked_area({"type": "FeatureCollection", "features": [feature]})
        except Exception as err:  # any malformed feature: null geometry, unknown type, NaN coordinates
            skipped.append(f"{url} {day} ({type(err).__name__}: {err})")
            continue
        if day in by_day:
            skipped.append(f"{url} {day} (second feature for the same date)")
            continue
        by_day[day], usable[day] = area, feature
    rows = [daily_row(day, area, source=COMBINED_SOURCE, source_file=f"{COMBINED_FILE}#{day}")
            for day, area in sorted(by_day.items())]
    return rows, skipped, usable


# ---------------------------------------------------------------- backfill from the archive
def parse_index(text: str) -> list[int]:
    """Unix publication times from a map listing: GitHub's git-tree JSON, or text with one map a line."""
    try:
        listing = json.loads(text)
    except ValueError:
        listing = None
    if isinstance(listing, dict) and isinstance(listing.get("tree"), list):
        paths = [str(entry.get("path", "")) for entry in listing["tree"] if isinstance(entry, dict)]
        times = [int(m.group(1)) for p in paths if (m := re.fullmatch(r"geojsons/(\d{9,11})\.geojson", p))]
    else:
        times = [int(m.group(1)) for line in text.splitlines()
                 if not line.lstrip().startswith("#") and (m := re.search(r"(?<!\d)(\d{9,11})(?!\d)", line))]
    return sorted(set(times))


def select_maps(times: list[int], first_day: dt.date, end_day: dt.date) -> list[tuple[dt.date, int, bool]]:
    """(day, map time, carried forward) for each day from first_day up to (not including) end_day.

    The map for D is the newest published before D 03:00 UTC and not before first_day (older maps have
    other layer names). A day with no such map, or whose map is older than MAX_CARRY_DAYS days of reuse, is left out.
    """
    times = sorted(times)
    floor = _utc(first_day, 0)
    plan, previous, run = [], None, 0
    day = first_day
    while day < end_day:
        at = bisect.bisect_left(times, _utc(day, MAP_HOUR_UTC)) - 1
        if at >= 0 and times[at] >= floor:
            unix = times[at]
            run = run + 1 if unix == previous else 0
            if run <= MAX_CARRY_DAYS:
                plan.append((day, unix, run > 0))
            previous = unix
        day += dt.timedelta(days=1)
    return plan


def backfill(target: Path, http, *, mirror: str | None, quiet: bool = False) -> str:
    """Measure the archive's maps for the days before the cached table and merge them in.

    Returns:
        A one-line summary.

    Raises:
        SourceUnavailable: no cached table, the listing could not be fetched, or a map download failed
            for another reason than 404 (maps measured so far stay cached; a second run resumes).
    """
    table_path = target / territory.DAILY_FILE
    if not table_path.exists():
        raise SourceUnavailable(f"{WHO}: no cached table at {table_path}. Run python -m etl refresh "
                                "first (it downloads the maps since 2024-07-08).")
    table = cache.read_table(table_path, WHO)
    dates = cache.table_dates(table)
    if dates.empty:
        raise cache.undated_table(table_path, WHO)
    first_cached, first_day = dates.min().date(), dt.date.fromisoformat(territory.DECLARED.first_day)
    if first_cached <= first_day + dt.timedelta(days=1):
        return f"territory backfill: nothing to do, {table_path} already starts on {first_cached}"
    if mirror:
        index_urls = (f"{mirror}/{MIRROR_HISTORY_DIR}/{MIRROR_INDEX_FILE}",)
        map_url = f"{mirror}/{MIRROR_HISTORY_DIR}/{{unix}}.geojson"
    else:
        index_urls, map_url = ARCHIVE_INDEX_URLS, ARCHIVE_MAP_URL
    plan = select_maps(_index(http, target, index_urls), first_day, first_cached)
    if not plan:
        return f"territory backfill: nothing to do, the archive has no map before {first_cached}"
    measured = cache.read_measured(target / MEASURED_FILE, WHO)
    todo = sorted({unix for _, unix, _ in plan} - measured.keys())
    skipped: list[str] = []
    try:
        for done, unix in enumerate(tqdm(todo, desc="archive maps", unit="map", disable=quiet, leave=False)):
            url = map_url.format(unix=unix)
            try:
                response = http.get(url, timeout=TIMEOUT_SECONDS)
            except requests.RequestException as err:
                raise SourceUnavailable(f"{WHO}: download of {url} failed ({type(err).__name__}) "
                                        f"{_resume(done, len(todo), 'online')}") from None
            if response.status_code == 404:
                skipped.append(f"{url} (HTTP 404)")
                continue
            if response.status_code != 200:
                raise SourceUnavailable(f"{WHO}: {url} answered HTTP {response.status_code} "
                                        f"{_resume(done, len(todo), 'later')}", status=response.status_code)
            try:
                measured[unix] = checked_area(response.json())
            except Exception as err:  # any malformed map is skipped and named, never a row
                skipped.append(f"{url} ({type(err).__name__}: {err})")
    finally:
        cache.write_measured(target / MEASURED_FILE, measured)
    rows = _archive_rows(plan, measured)
    if rows:
        merged = pd.concat([pd.DataFrame(rows), table], ignore_index=True)
        merged = merged.reindex(columns=list(dict.fromkeys([*territory.TABLE_COLUMNS, *table.columns]))).fillna("")
        cache.write_atomically(table_path, lambda part: merged.to_csv(part, index=False))
    summary = (f"territory backfill: {len(rows)} day(s) from {rows[0]['date']} to {rows[-1]['date']} merged before "
               f"{first_cached} into {table_path}" if rows else f"territory backfill: no usable map before {first_cached}")
    from_cache = len({unix for _, unix, _ in plan}) - len(todo)
    summary += f"; {len(todo) - len(skipped)} map(s) measured, {from_cache} from the cache"
    if skipped:
        summary += f"; {len(skipped)} skipped: " + "; ".join(skipped[:3]) + (" ..." if len(skipped) > 3 else "")
    return summary


def _archive_rows(plan: list[tuple[dt.date, int, bool]], measured: dict[int, float]) -> list[dict]:
    rows, previous = [], None
    for day, unix, carried in plan:
        if unix not in measured:
            continue
        area = measured[unix]
        gained = f"{area - previous[1]:.2f}" if previous and previous[0] == day - dt.timedelta(days=1) else ""
        published = dt.datetime.fromtimestamp(unix, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(daily_row(day, area, source=ARCHIVE_REPO, source_file=f"geojsons/{unix}.geojson",
                              published=published, carried_forward=carried, gained=gained))
        previous = (day, area)
    return rows


def _index(http, target: Path, urls: tuple[str, ...]) -> list[int]:
    """The archive's map times: from the cached listing when it came from the same place, else fetched.

    Raises:
        SourceUnavailable: no listing URL gave a map; one line names the first that failed, how many did,
            and what to run instead.
    """
    cached = cache.read_index(target / INDEX_CACHE_FILE, urls[0], WHO)
    if cached is not None:
        return cached
    problems, offline = [], True
    for url in urls:
        try:
            response = http.get(url, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as err:
            problems.append(f"download of {url} failed ({type(err).__name__})")
            continue
        offline = False
        times = parse_index(response.text) if response.status_code == 200 else []
        if times:
            cache.write_index(target / INDEX_CACHE_FILE, urls[0], times)
            return times
        problems.append(f"{url} answered HTTP {response.status_code}" if response.status_code != 200
                        else f"{url} lists no map")
    count = f"; {len(problems)} of {len(urls)} listing URLs failed" if len(urls) > 1 else ""
    hint = ("The backfill needs the network: run python -m etl backfill territory again online"
            if offline else f"Run python -m etl backfill territory again later, when {urlsplit(urls[0]).netloc} answers")
    whole_from = dt.date.fromisoformat(territory.DECLARED.first_day) + dt.timedelta(days=1)
    raise SourceUnavailable(f"{WHO}: no map listing: {problems[0]}{count}. {hint}; offline, python -m etl "
                            f"refresh --source-dir DIR reads the whole table (from {whole_from}) from a local folder.")


def _resume(done: int, total: int, when: str) -> str:
    return (f"after {done} of {total} map(s) to measure. The maps measured so far are kept: run python -m etl "
            f"backfill territory again {when} to resume.")


def _utc(day: dt.date, hour: int) -> int:
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone.utc).timestamp())
