"""Issue 22, the oblast outlines: an outline that is structurally wrong, a second outline for one oblast, outlines
shifted from where they were, and a file with fewer oblasts than the last load.

Each is a rejected row naming file, feature and problem, or a refusal that keeps the last good outlines; never a
traceback, and nothing loaded that the /regions map cannot draw. The helpers here are shared by
test_maps_kept.py and test_maps_change_map.py.
"""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import duckdb
import pytest

from tests.conftest import small_history, tiny_oblasts, write_source_dir
from tests.faults.support import rejected, run

OUTLINES = Path("regions") / "UA_FULL_Ukraine.geojson"
SAMPLES = Path("territory") / "samples"
# The tiny daily table of tests/conftest.py: 2025-01-30 112,000 km², 2025-01-31 and 2025-02-01 112,010.5 km².
FIRST_MAPS = {"20250130": 112_000.0, "20250201": 112_010.5}


def square_map(km2: float, lon: float = 36.5, lat: float = 48.0) -> dict:
    """A DeepState-like map (cyterat's layout: one unnamed MultiPolygon) of a square of about `km2` around a point."""
    side = math.sqrt(km2)
    half_lat, half_lon = side / 111.2 / 2, side / (111.32 * math.cos(math.radians(lat))) / 2
    ring = [[lon - half_lon, lat - half_lat], [lon + half_lon, lat - half_lat], [lon + half_lon, lat + half_lat],
            [lon - half_lon, lat + half_lat], [lon - half_lon, lat - half_lat]]
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon",
                                                                           "coordinates": [[ring]]}}]}


def write_map(source: Path, day: str, geojson: dict | str) -> Path:
    path = source / SAMPLES / f"deepstatemap_data_{day}.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(geojson if isinstance(geojson, str) else json.dumps(geojson), encoding="utf-8")
    return path


def source_with_maps(folder: Path) -> Path:
    """Every source's tiny files, and two kept maps that agree with the daily table."""
    source = write_source_dir(folder, small_history())
    for day, km2 in FIRST_MAPS.items():
        write_map(source, day, square_map(km2))
    return source


def query(db, sql: str, params=()) -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def write_outlines(source: Path, collection: dict) -> None:
    (source / OUTLINES).write_text(json.dumps(collection), encoding="utf-8")


def outlines_with(change) -> dict:
    """The tiny outlines with `change(features)` applied to a copy."""
    collection = copy.deepcopy(tiny_oblasts())
    change(collection["features"])
    return collection


def iso_at(position: int) -> str:
    return tiny_oblasts()["features"][position - 1]["properties"]["iso3166-2"]


@pytest.fixture
def fresh(tmp_path):
    return source_with_maps(tmp_path / "src"), tmp_path / "x.duckdb"


@pytest.fixture
def loaded_once(fresh, capsys):
    source, db = fresh
    assert run(source, db, capsys)[0] == 0
    return source, db


def shapes(db) -> dict:
    return dict(query(db, "SELECT region_iso, geometry FROM oblast_shapes"))


# ------------------------------------------------------------------ 1. structurally wrong outlines

def test_an_oblast_ring_nested_too_deep_is_a_rejected_row(fresh, capsys):
    source, db = fresh
    write_outlines(source, outlines_with(lambda f: f[2]["geometry"].update(
        coordinates=[f[2]["geometry"]["coordinates"]])))  # a Polygon holding a MultiPolygon's coordinates
    code, out = run(source, db, capsys)
    assert code == 0
    (row,) = rejected(db, "regions")
    assert row[:2] == ("UA_FULL_Ukraine.geojson", 3) and "nested one level too deep for a Polygon" in row[2]
    assert "UA_FULL_Ukraine.geojson line 3" in out and iso_at(3) not in shapes(db) and len(shapes(db)) == 24


def test_an_oblast_ring_of_fewer_than_four_points_is_a_rejected_row(fresh, capsys):
    source, db = fresh
    # A hole of three points in an outline whose rings have enough points in all: the old count passed it.
    hole = [[29.2, 46.2], [29.5, 46.5], [29.2, 46.2]]  # inside feature 5's square (29–30°E, 46–47°N)
    write_outlines(source, outlines_with(lambda f: f[4]["geometry"]["coordinates"].append(hole)))
    code, _ = run(source, db, capsys)
    (row,) = rejected(db, "regions")
    assert code == 0 and row[1] == 5 and "ring 2 of polygon 1 has 3 points (a closed ring needs at least 4)" in row[2]


def test_an_oblast_geometry_type_not_matching_its_coordinates_is_a_rejected_row(fresh, capsys):
    source, db = fresh
    write_outlines(source, outlines_with(lambda f: f[6]["geometry"].update(type="MultiPolygon")))
    code, _ = run(source, db, capsys)
    (row,) = rejected(db, "regions")
    assert code == 0 and row[1] == 7 and "nested one level too shallow for a MultiPolygon" in row[2]


def _set_ring(position: int, ring: list):
    return lambda features: features[position - 1]["geometry"].update(coordinates=[ring])


@pytest.mark.parametrize("ring,problem", [
    ([[30, 50], [31, 50], [31, 51], [30, 51]], "ring 1 of polygon 1 is not closed"),
    ([[30, 50], [31, 50], [32, 50], [30, 50]], "the outline has no area"),
    ([[30, 50], [float("nan"), 50], [31, 51], [30, 51], [30, 50]], "a coordinate is not a finite number"),
    ([[30, 50], [31, 50], [31, 51], [30, 51], [30, 50.0001], [31, 95], [30, 50]], "the point (31, 95) lies outside"),
    ([[30, 50], ["31", 50], [31, 51], [30, 51], [30, 50]], "a coordinate is not a number"),
], ids=["unclosed", "no-area", "nan", "outside-ukraine", "text"])
def test_every_other_unusable_oblast_outline_is_a_rejected_row(fresh, capfd, ring, problem):
    source, db = fresh
    write_outlines(source, outlines_with(_set_ring(9, ring)))
    code, out = run(source, db, capfd)
    (row,) = rejected(db, "regions")
    assert code == 0 and row[1] == 9 and problem in row[2]
    assert "Warning" not in out  # no library warning on stderr


def test_an_invalid_oblast_outline_is_made_valid_with_a_note(fresh, capsys):
    """A self-touching outline can still be drawn and measured once made valid (the real file has three)."""
    source, db = fresh
    bow_tie = [[30, 50], [31, 51], [31, 50], [30, 51], [30, 50]]
    write_outlines(source, outlines_with(_set_ring(2, bow_tie)))
    code, out = run(source, db, capsys)
    assert code == 0 and rejected(db, "regions") == []
    assert "feature 2" in out and "made valid" in out and "Self-intersection" in out
    assert json.loads(shapes(db)[iso_at(2)])["type"] == "MultiPolygon"  # the two triangles


# ------------------------------------------------------------------ 2. duplicates, shifts, fewer oblasts

def _duplicate(position: int, shift: float = 0.1):
    def change(features):
        twin = copy.deepcopy(features[position - 1])
        twin["geometry"]["coordinates"] = [[[x + shift, y] for x, y in twin["geometry"]["coordinates"][0]]]
        features.append(twin)
    return change


def test_a_duplicate_oblast_code_rejects_both_outlines(fresh, capsys):
    source, db = fresh
    write_outlines(source, outlines_with(_duplicate(3)))
    code, out = run(source, db, capsys)
    rows = rejected(db, "regions")
    assert code == 0 and [r[1] for r in rows] == [3, 26]
    assert all(f"{iso_at(3)} has outlines at features 3 and 26" in r[2] for r in rows)
    assert iso_at(3) not in shapes(db) and len(shapes(db)) == 24


def test_a_duplicate_oblast_code_after_a_good_load_keeps_the_last_good_outlines(loaded_once, capsys):
    source, db = loaded_once
    before = shapes(db)
    write_outlines(source, outlines_with(_duplicate(3)))
    code, out = run(source, db, capsys)
    assert code == 1 and shapes(db) == before
    assert "regions: FAILED" in out and f"{iso_at(3)} (UA_FULL_Ukraine.geojson feature 3" in out
    assert "--allow-shrink" in out


def test_a_file_with_fewer_oblasts_than_before_is_refused(loaded_once, capsys):
    source, db = loaded_once
    before = shapes(db)
    write_outlines(source, outlines_with(lambda f: f.__delitem__(slice(22, None))))  # 22 of 25
    code, out = run(source, db, capsys)
    assert code == 1 and shapes(db) == before
    missing = ", ".join(f"{iso_at(i)} (not in the file)" for i in (23, 24, 25))
    assert f"3 oblast outline(s) loaded before are missing: {missing}" in out and "--allow-shrink" in out
    code, out = run(source, db, capsys, "--allow-shrink")
    assert code == 0 and len(shapes(db)) == 22


def test_oblast_outlines_shifted_from_the_loaded_ones_are_refused(loaded_once, capsys):
    source, db = loaded_once
    before = shapes(db)

    def shift(features):
        for feature in features[:5]:  # still inside Ukraine's bounds, but 50 km off
            feature["geometry"]["coordinates"] = [[[x + 0.7, y] for x, y in feature["geometry"]["coordinates"][0]]]
    write_outlines(source, outlines_with(shift))
    code, out = run(source, db, capsys)
    assert code == 1 and shapes(db) == before
    assert "5 oblast outline(s) moved from the loaded ones" in out and f"{iso_at(1)} (overlaps it by" in out
    assert "--allow-revisions" in out
    code, _ = run(source, db, capsys, "--allow-revisions")
    assert code == 0 and shapes(db) != before


def test_oblast_outlines_shifted_out_of_ukraine_on_a_first_load_are_rejected_rows(fresh, capsys):
    source, db = fresh

    def shift(features):
        for feature in features[:2]:
            feature["geometry"]["coordinates"] = [[[x, y + 9] for x, y in feature["geometry"]["coordinates"][0]]]
    write_outlines(source, outlines_with(shift))
    code, _ = run(source, db, capsys)
    rows = rejected(db, "regions")
    assert code == 0 and [r[1] for r in rows] == [1, 2] and all("lies outside Ukraine" in r[2] for r in rows)
