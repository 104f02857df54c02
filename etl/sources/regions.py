"""Boundaries of Ukraine's oblasts (OpenStreetMap, via EugeneBorshch/ukraine_geojson), for the /regions map.

Three parts, as in every source module: constants, the pure transform (the GeoJSON in, one row per oblast
out), helpers. The outlines are kept as GeoJSON text; the dashboard draws them with Plotly, without tiles.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from etl.registry import sources as declared_sources
from etl.sources.attack_regions import OBLASTS
from etl.sources.common import SourceFileError, SourceResult, check_not_truncated, check_readable

# ---------------------------------------------------------------- constants
DECLARED = declared_sources.REGIONS  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
(BOUNDARIES_FILE,) = FILES
DOWNLOAD_URLS = {BOUNDARIES_FILE: "https://raw.githubusercontent.com/EugeneBorshch/ukraine_geojson/master/"
                                  "UA_FULL_Ukraine.geojson"}
# Ukraine's extent with a margin: a coordinate outside it is a swapped or corrupted pair.
LON_RANGE, LAT_RANGE = (21.0, 41.5), (43.5, 53.5)
MIN_OBLASTS = 20  # fewer outlines than this is a broken file, not a map: the last good one is kept
COLUMNS = ["region_iso", "name", "name_uk", "geometry"]


# ---------------------------------------------------------------- process
def transform(collection: dict, *, file_name: str = BOUNDARIES_FILE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per oblast with a valid outline, and the features refused with their reason. Pure.

    Args:
        collection: the parsed GeoJSON FeatureCollection.

    Returns:
        (oblasts: region_iso, name, name_uk, geometry as GeoJSON text; rejected: file, line, reason, raw),
        where `line` is the feature's position (1 = the first feature).
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise SourceFileError(f"{file_name}: not a GeoJSON FeatureCollection; the previous boundaries are kept")
    kept, rejected, seen = [], [], set()
    for position, feature in enumerate(collection.get("features") or [], start=1):
        properties = (feature or {}).get("properties") or {}
        iso = properties.get("iso3166-2")
        reason = _problem(feature, iso, seen)
        if reason:
            rejected.append({"file": file_name, "line": position, "reason": reason,
                             "raw": str({k: properties.get(k) for k in ("iso3166-2", "name", "name:en")})})
            continue
        seen.add(iso)
        kept.append({"region_iso": iso, "name": OBLASTS[iso], "name_uk": str(properties.get("name:uk") or ""),
                     "geometry": json.dumps(feature["geometry"], separators=(",", ":"))})
    if len(kept) < MIN_OBLASTS:
        raise SourceFileError(f"{file_name}: only {len(kept)} valid oblast outlines (at least {MIN_OBLASTS} "
                              "expected); the previous boundaries are kept")
    return pd.DataFrame(kept, columns=COLUMNS), pd.DataFrame(rejected, columns=["file", "line", "reason", "raw"])


def _problem(feature, iso, seen: set) -> str | None:
    """Why a feature cannot be drawn as an oblast, or None."""
    if iso not in OBLASTS:
        return f"iso3166-2 {iso!r} is not an oblast of Ukraine"
    if iso in seen:
        return f"a second outline for {iso}"
    geometry = feature.get("geometry") or {}
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return f"geometry type {geometry.get('type')!r} is not Polygon or MultiPolygon"
    points = list(_points(geometry.get("coordinates")))
    if len(points) < 4:
        return "the outline has fewer than 4 points"
    for lon, lat in points:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return "a coordinate is not a finite number"
        if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
            return f"the point ({lon}, {lat}) lies outside Ukraine"
    return None


def _points(coordinates):
    """Every (lon, lat) of a Polygon's or MultiPolygon's nested lists."""
    if isinstance(coordinates, (list, tuple)) and len(coordinates) >= 2 and all(
            isinstance(c, (int, float)) for c in coordinates[:2]):
        yield float(coordinates[0]), float(coordinates[1])
    elif isinstance(coordinates, (list, tuple)):
        for item in coordinates:
            yield from _points(item)


# ---------------------------------------------------------------- load inputs, save outputs
def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read and validate the oblast outlines from a folder."""
    path = folder / BOUNDARIES_FILE
    check_readable(path)
    check_not_truncated(path)
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SourceFileError(f"{path}: not readable GeoJSON ({err}); the previous boundaries are kept") from None
    oblasts, rejected = transform(collection)
    empty = pd.DataFrame({"date": [], "metric": [], "value": [], "record_eligible": [], "note": []})
    return SourceResult(metric_values=empty, tables={"oblast_shapes": oblasts}, rejected=rejected,
                        rows_read=len(collection.get("features") or []))
