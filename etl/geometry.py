"""DeepState maps as shapes: the union of a map's occupied layers, its area in an equal-area projection, and
what changed hands between two maps. Pure (shapely, pyproj): the territory source measures with it, the fetch
layer measures new maps with it, and the dashboard's change map draws with it, so all three agree.
"""
from __future__ import annotations

import numpy as np
import shapely
import shapely.geometry
from pyproj import Transformer

# DeepState layers that are Russian-held territory of Ukraine (English name after "///"); the grey
# zone, liberated areas and non-Ukrainian overlays (Transnistria, Abkhazia, ...) are left out.
OCCUPIED_LAYER_NAMES = {"Occupied", "Occupied Crimea", "CADR and CALR"}
# Lambert azimuthal equal-area centred on Ukraine: areas in m² without distortion.
EQUAL_AREA_CRS = "+proj=laea +lat_0=48.5 +lon_0=31.5 +datum=WGS84 +units=m +no_defs"


def occupied_union(geojson: dict):
    """The union of the occupied layers of one DeepState map, in lon/lat, or None when it has none.

    Accepts both the raw DeepState export (features named "<Ukrainian>///<English>", some wrapped in
    GeometryCollections) and cyterat's daily files (one unnamed MultiPolygon of occupied area only).

    Args:
        geojson: a parsed GeoJSON FeatureCollection in lon/lat (CRS84).
    """
    if geojson.get("type") != "FeatureCollection" or not isinstance(geojson.get("features"), list):
        raise ValueError("not a GeoJSON FeatureCollection")
    polygons = []
    for feature in geojson["features"]:
        name = (feature.get("properties") or {}).get("name")
        if name is not None and _english_name(str(name)) not in OCCUPIED_LAYER_NAMES:
            continue
        geometry = shapely.geometry.shape(feature["geometry"])
        polygons.extend(_polygons(geometry))
    return shapely.union_all([shapely.make_valid(p) for p in polygons]) if polygons else None


def equal_area(shape):
    """A lon/lat shape projected to metres in the equal-area projection centred on Ukraine."""
    to_equal_area = Transformer.from_crs("OGC:CRS84", EQUAL_AREA_CRS, always_xy=True)
    return shapely.transform(shape, lambda xy: np.column_stack(to_equal_area.transform(xy[:, 0], xy[:, 1])))


def occupied_area_km2(geojson: dict) -> float:
    """Area in km² of the occupied layers of one DeepState map (occupied_union, measured in equal area)."""
    merged = occupied_union(geojson)
    return 0.0 if merged is None else equal_area(merged).area / 1e6


def _english_name(name: str) -> str:
    """The English part of a DeepState layer name: "<Ukrainian> /// <English>" (2022) or, later,
    "<Ukrainian> /// <English> /// geoJSON.<key>" (e.g. "Окуповано /// Occupied /// geoJSON.status.occupied")."""
    parts = [part.replace("\xa0", " ").strip() for part in name.split("///")]
    return parts[1] if len(parts) >= 2 else parts[0]


def _polygons(geometry):
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return [geometry]
    if geometry.geom_type == "GeometryCollection":
        return [part for inner in geometry.geoms for part in _polygons(inner)]
    return []  # points and lines (labels, arrows) carry no area


def occupied_shape(geojson: dict):
    """The union of a DeepState map's occupied layers, in lon/lat; a map without any is not usable."""
    shape = occupied_union(geojson)
    if shape is None:
        raise ValueError("no occupied area in the map")
    return shape


def change_between(earlier, later) -> dict:
    """What changed hands between two maps (lon/lat shapes): the shapes and their areas in km².

    Returns:
        gained (held at the later map, not at the earlier: gained by Russia), retaken (the reverse: retaken
        by Ukraine), gained_km2, retaken_km2, net_km2.
    """
    gained = shapely.make_valid(shapely.difference(later, earlier))
    retaken = shapely.make_valid(shapely.difference(earlier, later))
    gained_km2, retaken_km2 = equal_area(gained).area / 1e6, equal_area(retaken).area / 1e6
    return {"gained": gained, "retaken": retaken, "gained_km2": gained_km2, "retaken_km2": retaken_km2,
            "net_km2": gained_km2 - retaken_km2}
