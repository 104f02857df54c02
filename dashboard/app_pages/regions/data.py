"""Data access of /regions: the oblast ranking and weeks, the outcome periods and shares, the field coverage, the
oblast outlines and the change between two DeepState maps, as plain functions of a connection (no Streamlit; the
page calls them through dashboard.shared.cache)."""
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


def region_ranking(con, basis, start, end):
    return queries_regions.region_ranking(con, basis, start, end)


def region_weeks(con, basis, regions: tuple, start, end):
    return queries_regions.region_weeks(con, basis, list(regions), start, end)


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
        outline = outline.simplify(1_000, preserve_topology=True)
        polygons = outline.geoms if outline.geom_type == "MultiPolygon" else [outline]
        outlines[row.region_iso] = (row.name, [[(x / 1000, y / 1000) for x, y in polygon.exterior.coords]
                                               for polygon in polygons])
    x, y = project.transform(*region_charts.KYIV_CITY[1:])
    return outlines, (x / 1000, y / 1000)


def outcome_periods(con, period, start, end):
    return queries_regions.outcome_periods(con, period, start, end)


def ratio_periods(con, metric, period, start, end):
    return queries_regions.ratio_periods(con, metric, period, start, end)


def field_coverage(con, period, start, end):
    return queries_regions.field_coverage(con, list(region_charts.COVERAGE_FIELDS), period, start, end)


def territory_maps(con) -> pd.DataFrame:
    maps = queries_regions.territory_maps(con)
    maps["date"] = pd.to_datetime(maps["date"]).dt.date
    return maps


def map_change_shapes(con, earlier: dt.date, later: dt.date) -> dict:
    """The change between two maps, shapes projected to km for drawing."""
    maps = territory_maps(con).set_index("date")["geometry"]
    first, second = (shapely.geometry.shape(json.loads(maps[d])) for d in (earlier, later))
    change = change_between(first, second)
    km = lambda shape: shapely.transform(equal_area(shape), lambda xy: xy / 1000)  # noqa: E731
    return {**change, "held": km(first), "gained": km(change["gained"]), "retaken": km(change["retaken"])}
