"""Issue 22, the DeepState maps kept for the change map (table territory_maps): the daily table's plausibility
rules, one rejected row per unusable file, nothing lost when the folder is missing, counts of their own, and no
library noise on stderr."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from etl.cli import main
from tests.faults.support import rejected, run
from tests.faults.test_geometry_and_maps import SAMPLES, query, source_with_maps, square_map, write_map

KEPT = [dt.date(2025, 1, 30), dt.date(2025, 2, 1)]
NEW_MAP = "samples/deepstatemap_data_20250202.geojson"  # the table's 2025-02-02: 112,030 km²


@pytest.fixture
def fresh(tmp_path):
    return source_with_maps(tmp_path / "src"), tmp_path / "x.duckdb"


def map_dates(db) -> list:
    return [d for (d,) in query(db, "SELECT date FROM territory_maps ORDER BY date")]


def only_rejected_map(db) -> tuple:
    (row,) = rejected(db, "territory")
    return row


def assert_counted_apart(out: str, read: int, loaded: int, bad: int) -> None:
    """The daily table's rows and the kept maps are counted each on their own."""
    assert "territory: loaded; rows read 4, loaded 4, rejected 0" in out
    assert f"kept maps (samples/): read {read}, loaded {loaded}, rejected {bad}" in out


# ------------------------------------------------------------------ 3. the daily table's plausibility rules

@pytest.mark.parametrize("day,geojson,problem", [
    ("20250202", square_map(1_120_000, lon=31.3, lat=48.5), "occupied_km2 1.11296e+06 is outside the plausible range 0 to 603,628"),
    ("20250202", square_map(112_030, lon=39.0), "differs from the map of 2025-02-01 by"),
    ("20250202", square_map(112_030, lon=10.0, lat=50.0), "lies outside Ukraine"),
    ("19000101", square_map(112_030), "date 1900-01-01 is before this source's first day (2022-05-13)"),
    ("20990101", square_map(112_030), "date 2099-01-01 is in the future"),
], ids=["ten-times-the-area", "over-russia", "over-germany", "dated-1900", "dated-2099"])
def test_a_kept_map_the_daily_table_would_reject_is_a_rejected_row(fresh, capsys, day, geojson, problem):
    source, db = fresh
    write_map(source, day, geojson)
    code, out = run(source, db, capsys)
    file, line, reason = only_rejected_map(db)
    assert code == 0 and file == f"samples/deepstatemap_data_{day}.geojson" and problem in reason
    assert map_dates(db) == KEPT and f"rejected {file}" in out
    assert_counted_apart(out, 3, 2, 1)


def test_a_kept_map_far_from_the_daily_table_on_its_day_is_a_rejected_row(fresh, capsys):
    source, db = fresh
    write_map(source, "20250202", square_map(100_000))  # the table says 112,030 km² that day
    code, _ = run(source, db, capsys)
    _, _, reason = only_rejected_map(db)
    assert code == 0 and "differs from the daily table's 112,030 km² on 2025-02-02" in reason


# ------------------------------------------------------------------ 4. one bad file loses only itself

def _not_a_date(source):
    write_map(source, "20251340", square_map(112_030))
    return "samples/deepstatemap_data_20251340.geojson", 0, "the name does not hold a date YYYYMMDD"


def _a_directory(source):
    (source / SAMPLES / "deepstatemap_data_20250202.geojson").mkdir()
    return NEW_MAP, 0, "is a directory, not a map file"


def _a_dangling_link(source):
    (source / SAMPLES / "deepstatemap_data_20250202.geojson").symlink_to(source / SAMPLES / "gone.geojson")
    return NEW_MAP, 0, "cannot be read (a broken link, or no such file)"


def _an_impossible_coordinate(source):
    broken = square_map(112_030)
    broken["features"][0]["geometry"]["coordinates"][0][0][2] = [500.0, 95.0]
    write_map(source, "20250202", broken)
    return NEW_MAP, 1, "feature 1: the point (500, 95) lies outside Ukraine"


@pytest.mark.parametrize("fault", [_not_a_date, _a_directory, _a_dangling_link, _an_impossible_coordinate],
                         ids=["name-not-a-date", "directory", "dangling-symlink", "impossible-coordinate"])
def test_each_unusable_kept_map_is_one_rejected_row_naming_its_file(fresh, capsys, fault):
    source, db = fresh
    file, line, problem = fault(source)
    code, out = run(source, db, capsys)
    row = only_rejected_map(db)
    assert code == 0 and row[:2] == (file, line) and problem in row[2], row
    assert map_dates(db) == KEPT
    assert_counted_apart(out, 3, 2, 1)


# ------------------------------------------------------------------ 5. nothing lost, counted apart

@pytest.mark.parametrize("replace", ["missing", "a file in its place"])
def test_a_missing_kept_maps_folder_keeps_the_previous_maps_and_says_why(fresh, capsys, replace):
    source, db = fresh
    assert run(source, db, capsys)[0] == 0 and map_dates(db) == KEPT
    shutil.rmtree(source / SAMPLES)
    if replace == "a file in its place":
        (source / SAMPLES).write_text("not a folder", encoding="utf-8")
    code, out = run(source, db, capsys)
    assert code == 0 and map_dates(db) == KEPT
    assert "territory: loaded" in out and "warning: samples/" in out
    assert "no map could be read, so the maps loaded before are kept" in out


def test_rejected_kept_maps_are_counted_apart_from_the_daily_table(fresh, capsys):
    source, db = fresh
    write_map(source, "20250202", "<html>not a map</html>")
    code, out = run(source, db, capsys)
    assert code == 0 and only_rejected_map(db)[0] == NEW_MAP
    assert_counted_apart(out, 3, 2, 1)
    ((read, loaded, bad),) = query(db, "SELECT rows_read, rows_loaded, rows_rejected FROM source_loads "
                                       "WHERE source = 'territory'")
    assert (read, loaded, bad) == (4, 4, 0)  # the daily table's own rows: all four loaded
    # `status` shows both counts: 0 of the daily table's rows rejected, 1 kept map file.
    assert main(["status", "--db", str(db)]) == 0
    (line,) = [row for row in capsys.readouterr().out.splitlines() if row.startswith("territory ")]
    assert line.split()[4:7] == ["4", "0", "1"], line  # rows, rejected, files rejected


# ------------------------------------------------------------------ 6. no library noise

def test_a_kept_map_with_a_nan_coordinate_is_one_rejected_row_and_nothing_on_stderr(fresh, capfd):
    source, db = fresh
    text = json.dumps(square_map(112_030)).replace("]]]]", "], [NaN, 48.0]]]]", 1)
    write_map(source, "20250202", text)
    capfd.readouterr()
    code = main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"])
    captured = capfd.readouterr()
    assert code == 0 and captured.err == ""
    file, line, reason = only_rejected_map(db)
    assert (file, line) == (NEW_MAP, 1) and "a coordinate is not a finite number" in reason
    assert map_dates(db) == KEPT
