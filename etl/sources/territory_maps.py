"""DeepState's occupied area as shapes, for the map of territory that changed hands. Pure; part of the
territory source.

The refresh keeps the maps it reads as files in `<territory folder>/samples/deepstatemap_data_YYYYMMDD.geojson`
(three of them in the offline folder; online, the fetch layer saves the first map of each month there).
Each becomes one row: the map's date and its occupied area as GeoJSON, simplified to about 50 m, which
changes the area by far less than the change between two months.

A kept map meets the daily table's rules (the territory source hands them over: area bounds, date window, the
largest plausible move a day, from the metric registry) and its shapes are checked where read
(etl.geometry.check_polygonal). A file that fails is one rejected row naming it (and the feature, where one is
at fault); the other maps load. The maps are counted on their own, apart from the daily table's rows.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import shapely
import shapely.geometry

from etl.geometry import ShapeError, change_between, equal_area, occupied_shape
from etl.sources.common import SourceResult, bounds_reason, date_window_failures, outside_bounds

MAPS_FOLDER = "samples"
MAP_PREFIX, MAP_SUFFIX = "deepstatemap_data_", ".geojson"  # a file so named is a map, and read as one
MAP_NAME = re.compile(r"^deepstatemap_data_(\d{8})\.geojson$")
SIMPLIFY_DEGREES = 0.0005  # about 50 m
COLUMNS = ["date", "occupied_km2", "geometry"]
REJECTED_COLUMNS = ["file", "line", "reason", "raw"]
LISTED = 5  # rejected maps named in the summary's warning; the rest are in rejected_rows


@dataclass(frozen=True)
class MapRules:
    """The daily table's plausibility rules, as the territory source states them.

    first_day, now: the date window (no map before the source's first day or after the refresh day plus one);
    max_move_km2_per_day: territory_gained_km2's bound, applied to what changed hands between two maps and to a map
    against the daily table on its day; daily_km2: the daily table's accepted occupied_km2 by date. A map's area
    meets occupied_km2's bounds by the one bounds rule (etl.sources.common.outside_bounds).
    """

    first_day: str
    now: pd.Timestamp
    max_move_km2_per_day: float
    daily_km2: pd.Series


@dataclass
class KeptMaps:
    """maps: date, occupied_km2, geometry, or None when no map could be read (the maps loaded before are kept);
    rejected: file, line (0: the file; else the feature at fault), reason, raw; read: map files found."""

    maps: pd.DataFrame | None
    rejected: pd.DataFrame
    read: int
    warnings: list[str]


@dataclass
class ResultWithMaps(SourceResult):
    """A SourceResult that counts the kept maps apart from the daily table's rows: `rows_read` and `rejected` are
    the table's, `maps_read` and `maps_rejected` the map files'. The loader writes both kinds of rejected row
    (etl/pipeline/load.py); source_loads counts the table's rows."""

    maps_read: int = 0
    maps_rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))


def map_files(folder: Path) -> tuple[str, ...]:
    """The readable map files in the folder's samples/, as paths relative to the folder, oldest first (the files
    checksummed: a directory or a broken link in a map's place is a rejected row, not part of the checksum)."""
    maps = folder / MAPS_FOLDER
    names = sorted(p.name for p in maps.iterdir() if MAP_NAME.match(p.name) and _readable(p)) if maps.is_dir() else []
    return tuple(f"{MAPS_FOLDER}/{name}" for name in names)


def _readable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return path.is_file()
    except OSError:
        return False


def read_maps(folder: Path, rules: MapRules | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map files in the folder's samples/ as shapes (none: an empty frame), and the files that are not
    usable maps; without rules only the files themselves are checked."""
    kept = kept_maps(folder, rules)
    return (pd.DataFrame(columns=COLUMNS) if kept.maps is None else kept.maps), kept.rejected


def kept_maps(folder: Path, rules: MapRules | None) -> KeptMaps:
    """Read and check every map file in the folder's samples/.

    Args:
        folder: the territory source's folder.
        rules: the daily table's rules (None: check the files only, as the fetch layer's tests do).
    """
    where = folder / MAPS_FOLDER
    if not where.is_dir():
        why = "is not a folder" if where.exists() or where.is_symlink() else "is missing"
        return KeptMaps(None, _frame([]), 0, [f"{MAPS_FOLDER}/ {why}: no map could be read, so the maps loaded "
                                              "before are kept"])
    paths = sorted(p for p in where.iterdir() if p.name.startswith(MAP_PREFIX) and p.name.endswith(MAP_SUFFIX))
    read, rejected = [], []
    for path in paths:
        name = f"{MAPS_FOLDER}/{path.name}"
        try:
            read.append((name, *_read(path)))
        except ShapeError as err:
            rejected.append({"file": name, "line": err.feature, "reason": str(err)[:300], "raw": ""})
    read, failures = _plausible(read, rules) if rules is not None else (read, [])
    rejected += failures
    rows = [{"date": day, "occupied_km2": equal_area(shape).area / 1e6,
             "geometry": json.dumps(shapely.geometry.mapping(
                 shapely.make_valid(shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True))), separators=(",", ":"))}
            for _, day, shape in read]
    warnings = [_summary(len(paths), len(rows), rejected)] if rejected else []
    if not rows:
        warnings.append(f"{MAPS_FOLDER}/ holds no usable map: no map could be read, so the maps loaded before are kept")
    return KeptMaps(pd.DataFrame(rows, columns=COLUMNS) if rows else None, _frame(rejected), len(paths), warnings)


def _read(path: Path) -> tuple[dt.date, object]:
    """A map file's date (from its name) and occupied shape; ShapeError says why it is not a usable map."""
    match = MAP_NAME.match(path.name)
    try:
        day = dt.datetime.strptime(match.group(1), "%Y%m%d").date() if match else None
    except ValueError:
        day = None
    if day is None:
        raise ShapeError(f"the name does not hold a date YYYYMMDD ({MAP_PREFIX}YYYYMMDD{MAP_SUFFIX})")
    if path.is_dir():
        raise ShapeError("it is a directory, not a map file")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ShapeError("cannot be read (a broken link, or no such file)") from None
    except OSError as err:
        raise ShapeError(f"cannot be read ({err.strerror or type(err).__name__})") from None
    except UnicodeDecodeError as err:
        raise ShapeError(f"not a usable DeepState map (not UTF-8 text: {err.reason} at byte {err.start})") from None
    try:
        geojson = json.loads(text)
    except json.JSONDecodeError as err:
        raise ShapeError(f"not a usable DeepState map (not JSON: {err})") from None
    try:
        return day, occupied_shape(geojson, checked=True)
    except ShapeError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException) as err:
        raise ShapeError(f"not a usable DeepState map ({type(err).__name__}: {err})") from None


def _plausible(read: list[tuple], rules: MapRules) -> tuple[list[tuple], list[dict]]:
    """The maps that meet the daily table's rules, and a rejected row for each of the others (every reason)."""
    reasons: dict[int, list[str]] = {}
    dates = pd.Series([pd.Timestamp(day) for _, day, _ in read], dtype="datetime64[ns]")
    for index, reason in date_window_failures(dates, rules.first_day, rules.now).itertuples(index=False):
        reasons.setdefault(index, []).append(reason)
    areas = [equal_area(shape).area / 1e6 for _, _, shape in read]
    bounds = outside_bounds(pd.DataFrame({"metric": "occupied_km2", "value": areas}, index=range(len(read))))
    for row in bounds.itertuples(index=False):
        reasons.setdefault(row.index, []).append(bounds_reason("occupied_km2", row.value, row.low, row.high))
    for index, ((_, day, _), km2) in enumerate(zip(read, areas)):
        daily = rules.daily_km2.get(pd.Timestamp(day))
        if daily is not None and abs(km2 - daily) > rules.max_move_km2_per_day:
            reasons.setdefault(index, []).append(
                f"occupied area {km2:,.0f} km² differs from the daily table's {daily:,.0f} km² on {day:%Y-%m-%d}, "
                f"more than the plausible {rules.max_move_km2_per_day:,.0f} km² a day")
    candidates = sorted((i for i in range(len(read)) if i not in reasons), key=lambda i: read[i][1])
    for index, reason in _implausible_moves(read, candidates, rules.max_move_km2_per_day):
        reasons.setdefault(index, []).append(reason)
    failures = [{"file": read[i][0], "line": 0, "reason": "; ".join(found)[:300], "raw": ""}
                for i, found in sorted(reasons.items())]
    return [item for i, item in enumerate(read) if i not in reasons], failures


def _implausible_moves(read: list[tuple], order: list[int], max_per_day: float) -> list[tuple[int, str]]:
    """Maps whose shape moved more than is plausible from the last map accepted before them: what changed hands
    (gained plus retaken, so a map drawn over another country fails too) against the largest plausible move a day.
    As the daily table's rule: the first map is accepted only when the map after it is within reach of it."""
    found, last = [], None

    def moved(a: int, b: int) -> tuple[float, int]:
        change = change_between(read[a][2], read[b][2])
        return change["gained_km2"] + change["retaken_km2"], max(abs((read[b][1] - read[a][1]).days), 1)

    for position, index in enumerate(order):
        if last is None and position + 1 < len(order):
            km2, days = moved(index, order[position + 1])
            if km2 > max_per_day * days:
                found.append((index, f"differs from the next map ({read[order[position + 1]][1]:%Y-%m-%d}) by "
                                     f"{km2:,.0f} km² (gained plus retaken) in {days} day(s): not a plausible start"))
                continue
        elif last is not None:
            km2, days = moved(last, index)
            if km2 > max_per_day * days:
                found.append((index, f"differs from the map of {read[last][1]:%Y-%m-%d} by {km2:,.0f} km² (gained "
                                     f"plus retaken) in {days} day(s), more than the plausible {max_per_day:,.0f} "
                                     "km² a day"))
                continue
        last = index
    return found


def _summary(found: int, loaded: int, rejected: list[dict]) -> str:
    listed = "; ".join(f"rejected {r['file']}: {r['reason']}" for r in rejected[:LISTED])  # a reason names its feature
    more = f"; {len(rejected) - LISTED} more in table rejected_rows" if len(rejected) > LISTED else ""
    return f"kept maps ({MAPS_FOLDER}/): read {found}, loaded {loaded}, rejected {len(rejected)}: {listed}{more}"


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=REJECTED_COLUMNS).astype({"line": "int64"})
