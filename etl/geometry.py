"""DeepState maps and oblast outlines as shapes: checked where they are read, the union of a map's occupied
layers, its area in an equal-area projection, and what changed hands between two maps. Pure (shapely, pyproj): the
sources check and measure with it, the fetch layer measures new maps with it, and the dashboard's change map draws
with it, so all agree.
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
# Ukraine's extent (22.1-40.2°E, 44.4-52.4°N) with a margin: a point outside it is a swapped, shifted or corrupted
# pair, or a shape over another country.
UKRAINE_LON, UKRAINE_LAT = (21.0, 41.5), (43.5, 53.5)
MIN_RING_POINTS = 4  # a closed ring: three corners and the first point again
# GeoJSON nesting of each area type below its `coordinates`: a ring is a list of points, a Polygon a list of rings.
POLYGON_DEPTH = {"Polygon": 3, "MultiPolygon": 4}
# When GEOS cannot overlay two shapes as they are (a "TopologyException"), the overlay is redone on a grid of
# 1e-6° (about 10 cm), which removes the near-coincident edges behind such errors and changes no area that shows.
GRID_DEGREES = 1e-6


class ShapeError(ValueError):
    """A GeoJSON geometry that is not a usable area; the message says why and `feature` is the 1-based position of
    the feature it is in (0: the file as a whole)."""

    def __init__(self, problem: str, feature: int = 0):
        super().__init__(problem)
        self.feature = feature


# ---------------------------------------------------------------- checked where read
def check_polygonal(geometry) -> None:
    """Raise ShapeError unless a GeoJSON Polygon or MultiPolygon is well formed: coordinates nested as its type
    says, every ring closed with at least four points, every coordinate a finite number inside Ukraine's extent.
    Runs before shapely sees the geometry, so a NaN or a wrong nesting is named instead of warned about."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in POLYGON_DEPTH:
        raise ShapeError(f"geometry type {kind!r} is not Polygon or MultiPolygon")
    coordinates = geometry.get("coordinates")
    if not coordinates:
        raise ShapeError(f"a {kind} without coordinates")
    depth = _depth(coordinates)
    if depth != POLYGON_DEPTH[kind]:
        levels = abs(depth - POLYGON_DEPTH[kind])
        raise ShapeError(f"coordinates nested {'one level' if levels == 1 else f'{levels} levels'} too "
                         f"{'deep' if depth > POLYGON_DEPTH[kind] else 'shallow'} for a {kind}")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not polygons or not all(polygons):
        raise ShapeError(f"a {kind} without rings")
    for p, rings in enumerate(polygons, start=1):
        for r, ring in enumerate(rings, start=1):
            problem, of_the_ring = _ring_problem(ring)
            if problem:
                raise ShapeError(f"ring {r} of polygon {p} {problem}" if of_the_ring else problem)


def checked_outline(geometry) -> tuple[object, str | None]:
    """A GeoJSON Polygon or MultiPolygon as a valid shapely shape with an area, and why it had to be made valid.

    Returns:
        (shape, note): note is None for a valid outline, else shapely's reason (e.g. "Self-intersection[30.5 50.5]")
        for an outline made valid with shapely.make_valid (the pieces kept, nothing collapsed to a line).

    Raises:
        ShapeError: check_polygonal's problems, or an outline without area.
    """
    check_polygonal(geometry)
    shape, note = shapely.geometry.shape(geometry), None
    if not shape.is_valid:
        note = shapely.is_valid_reason(shape)
        shape = valid_polygonal(shape)
    if shape.is_empty or shape.area <= 0:
        raise ShapeError("the outline has no area")
    return shape, note


def valid_polygonal(shape):
    """A shape as it is when valid, else made valid keeping only its areas (method "structure": fast on a ring
    that crosses itself thousands of times, where the default method takes seconds)."""
    if shape.is_valid:
        return shape
    return shapely.make_valid(shape, method="structure", keep_collapsed=False)


def _depth(value) -> int:
    """How deep lists are nested down to the first number (0: a number)."""
    depth = 0
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    return depth + (1 if isinstance(value, list) else 0)


def _ring_problem(ring) -> tuple[str | None, bool]:
    """What is wrong with one ring (a list of [lon, lat] points), or None; and whether the words are about the ring
    ("... has 3 points") or about a value in it ("the point (500, 95) lies outside Ukraine")."""
    try:
        points = np.asarray(ring)
    except ValueError:
        return "mixes points and lists of points", True
    if points.ndim != 2:
        return "mixes points and lists of points", True
    if points.dtype.kind not in "iuf":
        return "a coordinate is not a number", False
    if points.shape[1] not in (2, 3):
        return f"has points of {points.shape[1]} values, not [lon, lat]", True
    if not np.isfinite(points).all():
        return "a coordinate is not a finite number", False
    if len(points) < MIN_RING_POINTS:
        return f"has {len(points)} points (a closed ring needs at least {MIN_RING_POINTS})", True
    if not (points[0] == points[-1]).all():
        return "is not closed (its first and last points differ)", True
    outside = ~((points[:, 0] >= UKRAINE_LON[0]) & (points[:, 0] <= UKRAINE_LON[1])
                & (points[:, 1] >= UKRAINE_LAT[0]) & (points[:, 1] <= UKRAINE_LAT[1]))
    if outside.any():
        lon, lat = points[outside][0][:2]
        return (f"the point ({lon:g}, {lat:g}) lies outside Ukraine (longitude {UKRAINE_LON[0]:g} to "
                f"{UKRAINE_LON[1]:g}, latitude {UKRAINE_LAT[0]:g} to {UKRAINE_LAT[1]:g})"), False
    return None, False


# ---------------------------------------------------------------- DeepState maps
def occupied_union(geojson: dict, *, checked: bool = False):
    """The union of the occupied layers of one DeepState map, in lon/lat, or None when it has none.

    Accepts both the raw DeepState export (features named "<Ukrainian>///<English>", some wrapped in
    GeometryCollections) and cyterat's daily files (one unnamed MultiPolygon of occupied area only).

    Args:
        geojson: a parsed GeoJSON FeatureCollection in lon/lat (CRS84).
        checked: check every occupied Polygon first (check_polygonal) and raise a ShapeError naming the feature;
            the kept maps are read so. The fetch layer measures without, as it always has.
    """
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection" \
            or not isinstance(geojson.get("features"), list):
        raise ShapeError("not a GeoJSON FeatureCollection")
    polygons = []
    for number, feature in enumerate(geojson["features"], start=1):
        if checked and not isinstance(feature, dict):
            raise ShapeError(f"feature {number}: not a GeoJSON Feature", number)
        name = (feature.get("properties") or {}).get("name")
        if name is not None and _english_name(str(name)) not in OCCUPIED_LAYER_NAMES:
            continue
        if checked:
            polygons.extend(shapely.geometry.shape(part) for part in _checked_parts(feature.get("geometry"), number))
        else:
            polygons.extend(_polygons(shapely.geometry.shape(feature["geometry"])))
    return union(polygons) if polygons else None


def union(shapes):
    """The union of shapes, each made valid first; when GEOS cannot node them as they are (a TopologyException), the
    union is taken again on a grid of GRID_DEGREES."""
    valid = [shapely.make_valid(shape) for shape in shapes]
    try:
        return shapely.union_all(valid)
    except shapely.errors.GEOSException:
        return shapely.union_all(valid, grid_size=GRID_DEGREES)


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


def _checked_parts(geometry, number: int) -> list[dict]:
    """The Polygons and MultiPolygons of one feature's GeoJSON geometry, each checked (check_polygonal); points
    and lines (labels, arrows) carry no area and are left out unread."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind == "GeometryCollection":
        inner = geometry.get("geometries")
        if not isinstance(inner, list):
            raise ShapeError(f"feature {number}: a GeometryCollection without geometries", number)
        return [part for each in inner for part in _checked_parts(each, number)]
    if kind in ("Point", "MultiPoint", "LineString", "MultiLineString"):
        return []
    try:
        check_polygonal(geometry)
    except ShapeError as err:
        raise ShapeError(f"feature {number}: {err}", number) from None
    return [geometry]


def occupied_shape(geojson: dict, *, checked: bool = False):
    """The union of a DeepState map's occupied layers, in lon/lat; a map without any is not usable."""
    shape = occupied_union(geojson, checked=checked)
    if shape is None:
        raise ShapeError("no occupied area in the map")
    return shape


# ---------------------------------------------------------------- comparing two shapes
def change_between(earlier, later) -> dict:
    """What changed hands between two maps (lon/lat shapes): the shapes and their areas in km².

    Shapes that are not valid (a map stored by an older loader, or a mirror's) are made valid first, and an overlay
    GEOS cannot node as it is is redone on a grid of GRID_DEGREES; a GEOSException past that reaches the caller.

    Returns:
        gained (held at the later map, not at the earlier: gained by Russia), retaken (the reverse: retaken
        by Ukraine), gained_km2, retaken_km2, net_km2, and the two maps as compared (earlier, later).
    """
    earlier, later = valid_polygonal(earlier), valid_polygonal(later)
    gained, retaken = _overlay(shapely.difference, later, earlier), _overlay(shapely.difference, earlier, later)
    gained_km2, retaken_km2 = equal_area(gained).area / 1e6, equal_area(retaken).area / 1e6
    return {"gained": gained, "retaken": retaken, "gained_km2": gained_km2, "retaken_km2": retaken_km2,
            "net_km2": gained_km2 - retaken_km2, "earlier": earlier, "later": later}


def overlap_share(first, second) -> float:
    """Area both shapes cover over the area either covers (1: the same outline, 0: apart)."""
    first, second = valid_polygonal(first), valid_polygonal(second)
    either = _overlay(shapely.union, first, second).area
    return _overlay(shapely.intersection, first, second).area / either if either else 0.0


def _overlay(operation, first, second):
    try:
        return shapely.make_valid(operation(first, second))
    except shapely.errors.GEOSException:  # GEOS could not node the shapes as they are: once more on a fine grid
        return shapely.make_valid(operation(first, second, grid_size=GRID_DEGREES))
