"""Data access of /regions: the oblast ranking and weeks and how many reports list oblasts at all, the outcome
periods and shares with how many reports give each share's field, the field coverage, the oblast outlines and the
change between two DeepState maps, as plain functions of a connection (no Streamlit; the page calls them through
dashboard.shared.cache)."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import shapely
import shapely.geometry
from pyproj import Transformer

from dashboard.app_pages.regions import charts as region_charts
from dashboard.app_pages.regions import queries as queries_regions
from etl.geometry import EQUAL_AREA_CRS, change_between, equal_area
from dashboard.shared.i18n import _
from etl.registry import breaks, geography

# The change of reporting from which shot down and lost on radar are one figure (drones_neutralised).
NEUTRALISED_ONLY = next((change for change in breaks.BREAKS if change.metric == "drones_lost_on_radar"), None)


def oblast_name(iso: str, name: str) -> str:
    """An oblast's name in the run's language (the data's English name for a code the registry does not know)."""
    return _(geography.OBLASTS.get(iso, name))


def region_ranking(con, basis, start, end):
    return queries_regions.region_ranking(con, basis, start, end)


def region_weeks(con, basis, regions: tuple, start, end):
    return queries_regions.region_weeks(con, basis, list(regions), start, end)


def region_list_coverage(con, basis, period, start, end) -> pd.DataFrame:
    """Per period: the reports of the basis (national or regional air command) and how many name an oblast."""
    coverage = queries_regions.region_list_coverage(con, basis, period, start, end)
    return coverage.astype({"reports": "int64", "giving": "int64"})


def oblast_outline_shapes(con) -> tuple[dict, tuple] | None:
    """Each oblast's rings in an equal-area projection (km), simplified to about 1 km, and Kyiv city's position."""
    shapes = queries_regions.oblast_shapes(con)
    if shapes.empty:
        return None
    project = Transformer.from_crs("OGC:CRS84", EQUAL_AREA_CRS, always_xy=True)
    outlines = {}
    for row in shapes.itertuples(index=False):
        outline = shapely.transform(shapely.geometry.shape(json.loads(row.geometry)),
                                    lambda x, y: project.transform(x, y), interleaved=False)
        polygons = [part.simplify(1_000, preserve_topology=True) for part in _parts(outline)]
        outlines[row.region_iso] = (row.name, [[(x / 1000, y / 1000) for x, y in polygon.exterior.coords]
                                               for polygon in polygons])
    x, y = project.transform(*region_charts.KYIV_CITY[1:])
    return outlines, (x / 1000, y / 1000)


def _parts(outline) -> list:
    """The separate pieces of an oblast's outline. The boundary file gives Odesa, Mykolaiv and Kherson oblasts as
    invalid polygons whose "holes" are their mainland (the exterior ring is an island or a spit), so for an
    invalid polygon every ring is a piece of its own; drawing exteriors only left those three oblasts blank."""
    pieces = []
    for polygon in getattr(outline, "geoms", [outline]):
        if polygon.geom_type != "Polygon":
            continue
        rings = [polygon.exterior] if polygon.is_valid else [polygon.exterior, *polygon.interiors]
        pieces += [shapely.Polygon(ring) for ring in rings]
    return pieces


def outcome_periods(con, period, start, end):
    combined_from = dt.date.fromisoformat(NEUTRALISED_ONLY.first_day) if NEUTRALISED_ONLY else None
    return queries_regions.outcome_periods(con, period, start, end, combined_from)


def ratio_periods(con, metric, period, start, end) -> pd.DataFrame:
    """A share per period (period, numerator, denominator, ratio, days) and, where queries_regions.SHARE_FIELD_ROWS
    knows its field, the national reports that could give it and those that do (reports, giving) in every period
    of the range that has such reports: a period giving none is there too, to say why the line has no point."""
    ratio = queries_regions.ratio_periods(con, metric, period, start, end)
    if ratio.empty or metric not in queries_regions.SHARE_FIELD_ROWS:
        return ratio
    coverage = queries_regions.share_field_coverage(con, metric, period, start, end)
    return ratio.merge(coverage, on="period", how="outer").sort_values("period").reset_index(drop=True)


def field_coverage(con, period, start, end):
    return queries_regions.field_coverage(con, list(region_charts.COVERAGE_FIELDS), period, start, end)


def territory_maps(con) -> pd.DataFrame:
    maps = queries_regions.territory_maps(con)
    maps["date"] = pd.to_datetime(maps["date"]).dt.date
    return maps


class MapChangeError(ValueError):
    """The change between two kept maps could not be computed; the message says why, the page names the maps."""


def map_change_shapes(con, earlier: dt.date, later: dt.date) -> dict:
    """The change between two maps, shapes projected to km for drawing.

    Shapes that are not valid are made valid and an overlay GEOS cannot node is redone on a fine grid
    (etl.geometry.change_between); what still fails raises MapChangeError, never a GEOS traceback.
    """
    maps = territory_maps(con).set_index("date")["geometry"]
    try:
        first, second = (shapely.geometry.shape(json.loads(maps[d])) for d in (earlier, later))
        change = change_between(first, second)
    except (shapely.errors.GEOSException, ValueError, TypeError, KeyError, AttributeError) as err:
        raise MapChangeError(f"{type(err).__name__}: {str(err).splitlines()[0][:200]}" if str(err)
                             else type(err).__name__) from None
    km = lambda shape: shapely.transform(equal_area(shape), lambda xy: xy / 1000)  # noqa: E731
    return {**change, "held": km(change["earlier"]), "gained": km(change["gained"]), "retaken": km(change["retaken"])}
