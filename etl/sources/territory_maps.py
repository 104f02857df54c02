"""DeepState's occupied area as shapes, for the map of territory that changed hands. Pure; part of the
territory source.

The refresh keeps the maps it reads as files in `<territory folder>/samples/deepstatemap_data_YYYYMMDD.geojson`
(three of them in the offline folder; online, the fetch layer saves the first map of each month there).
Each becomes one row: the map's date and its occupied area as GeoJSON, simplified to about 50 m, which
changes the area by far less than the change between two months.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import shapely
import shapely.geometry

from etl.geometry import equal_area, occupied_shape

MAPS_FOLDER = "samples"
MAP_NAME = re.compile(r"^deepstatemap_data_(\d{8})\.geojson$")
SIMPLIFY_DEGREES = 0.0005  # about 50 m
COLUMNS = ["date", "occupied_km2", "geometry"]


def map_files(folder: Path) -> tuple[str, ...]:
    """The map files in the folder's samples/, as paths relative to the folder, oldest first."""
    maps = folder / MAPS_FOLDER
    names = sorted(p.name for p in maps.glob("*.geojson") if MAP_NAME.match(p.name)) if maps.is_dir() else []
    return tuple(f"{MAPS_FOLDER}/{name}" for name in names)


def read_maps(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map files in the folder's samples/ as shapes, and the files that are not usable maps.

    Returns:
        (maps, rejected): maps has date, occupied_km2, geometry (GeoJSON text); rejected has file, line (0:
        the whole file), reason and raw, as the other sources' rejected rows. One broken map loses only itself.
    """
    rows, rejected = [], []
    for name in map_files(folder):
        path = folder / name
        try:
            shape = occupied_shape(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError,
                shapely.errors.GEOSException) as err:
            rejected.append({"file": name, "line": 0, "reason": f"not a usable DeepState map ({err})"[:300],
                             "raw": ""})
            continue
        simplified = shapely.make_valid(shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True))
        rows.append({"date": dt.datetime.strptime(MAP_NAME.match(path.name).group(1), "%Y%m%d").date(),
                     "occupied_km2": equal_area(shape).area / 1e6,
                     "geometry": json.dumps(shapely.geometry.mapping(simplified), separators=(",", ":"))})
    return pd.DataFrame(rows, columns=COLUMNS), pd.DataFrame(rejected, columns=["file", "line", "reason", "raw"])
