"""Boundaries of Ukraine's oblasts (OpenStreetMap, via EugeneBorshch/ukraine_geojson), for the /regions map.

Three parts, as in every source module: constants, the pure transform (the GeoJSON in, one row per oblast
out), helpers. The outlines are kept as GeoJSON text; the dashboard draws them with Plotly, without tiles.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import shapely.geometry

from etl.geometry import ShapeError, checked_outline
from etl.registry import sources as declared_sources
from etl.sources.attack_regions import OBLASTS
from etl.sources.common import SourceFileError, SourceResult, check_not_truncated, check_readable

# ---------------------------------------------------------------- constants
DECLARED = declared_sources.REGIONS  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
(BOUNDARIES_FILE,) = FILES
DOWNLOAD_URLS = {BOUNDARIES_FILE: "https://raw.githubusercontent.com/EugeneBorshch/ukraine_geojson/master/"
                                  "UA_FULL_Ukraine.geojson"}
MIN_OBLASTS = 20  # fewer outlines than this is a broken file, not a map: the last good one is kept
COLUMNS = ["region_iso", "name", "name_uk", "geometry"]
# The refresh compares a new file with the outlines loaded before (etl/pipeline/guards.py): an oblast loaded
# before and missing now (--allow-shrink), or an outline that moved (--allow-revisions), refuses the file.
KEPT_SHAPES = ("oblast_shapes", "region_iso")


# ---------------------------------------------------------------- process
def transform(collection: dict, *, file_name: str = BOUNDARIES_FILE
              ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """One row per oblast with a usable outline, the features refused with their reason, and warnings. Pure.

    An outline must be a Polygon or MultiPolygon whose coordinates are nested as its type says, with closed rings
    of at least four points, finite coordinates inside Ukraine's extent and an area (etl.geometry.checked_outline);
    an outline that is not valid is made valid, stored so, and named in a warning. Two outlines with one code are
    both refused: which of them is right cannot be told.

    Args:
        collection: the parsed GeoJSON FeatureCollection.

    Returns:
        (oblasts: region_iso, name, name_uk, geometry as GeoJSON text; rejected: file, line, reason, raw, where
        `line` is the feature's position (1 = the first feature); warnings).
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise SourceFileError(f"{file_name}: not a GeoJSON FeatureCollection; the previous boundaries are kept")
    features = collection.get("features") or []
    if not isinstance(features, list):
        raise SourceFileError(f"{file_name}: 'features' is not a list; the previous boundaries are kept")
    codes = [_properties(feature).get("iso3166-2") for feature in features]
    kept, rejected, made_valid = [], [], []
    for position, (feature, iso) in enumerate(zip(features, codes), start=1):
        properties = _properties(feature)
        try:
            shape, note = _outline(feature, iso, codes)
        except ShapeError as err:
            rejected.append({"file": file_name, "line": position, "reason": str(err),
                             "raw": str({k: properties.get(k) for k in ("iso3166-2", "name", "name:en")})})
            continue
        if note:
            made_valid.append(f"feature {position} ({iso}): {note}")
        geometry = feature["geometry"] if note is None else shapely.geometry.mapping(shape)
        kept.append({"region_iso": iso, "name": OBLASTS[iso], "name_uk": str(properties.get("name:uk") or ""),
                     "geometry": json.dumps(geometry, separators=(",", ":"))})
    if len(kept) < MIN_OBLASTS:
        first = "; ".join(f"feature {r['line']}: {r['reason']}" for r in rejected[:3])
        raise SourceFileError(f"{file_name}: only {len(kept)} valid oblast outlines (at least {MIN_OBLASTS} "
                              f"expected{'; ' + first if first else ''}); the previous boundaries are kept")
    warnings = [f"{file_name}: {len(made_valid)} outline(s) not valid as published, made valid (shapely.make_valid) "
                f"and stored so: {'; '.join(made_valid)}"] if made_valid else []
    return (pd.DataFrame(kept, columns=COLUMNS), pd.DataFrame(rejected, columns=["file", "line", "reason", "raw"]),
            warnings)


def _properties(feature) -> dict:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else {}


def _outline(feature, iso, codes: list) -> tuple[object, str | None]:
    """A feature's outline, checked (etl.geometry.checked_outline), and why it was made valid; ShapeError otherwise."""
    if not isinstance(iso, str) or iso not in OBLASTS:
        raise ShapeError(f"iso3166-2 {iso!r} is not an oblast of Ukraine")
    if codes.count(iso) > 1:
        at = " and ".join(str(i) for i, code in enumerate(codes, start=1) if code == iso)
        raise ShapeError(f"{iso} has outlines at features {at}: both are refused, since which is right cannot be told")
    return checked_outline(feature.get("geometry"))


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
    oblasts, rejected, warnings = transform(collection)
    empty = pd.DataFrame({"date": [], "metric": [], "value": [], "record_eligible": [], "note": []})
    return SourceResult(metric_values=empty, tables={"oblast_shapes": oblasts}, rejected=rejected,
                        rows_read=len(collection.get("features") or []), warnings=warnings)
