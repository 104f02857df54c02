"""The DeepState maps an online refresh keeps for the change map: first of each month and the newest."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from etl.fetch import territory_samples
from etl.geometry import change_between, occupied_union
from etl.sources.territory_maps import read_maps

D = dt.date


def _map(east: float) -> bytes:
    """A cyterat-style daily map: one unnamed MultiPolygon, 36.0–`east` °E by 47–48 °N."""
    ring = [[36.0, 47.0], [east, 47.0], [east, 48.0], [36.0, 48.0], [36.0, 47.0]]
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]}}]}).encode()


def test_the_first_map_of_each_month_and_the_newest_are_wanted():
    days = [D(2025, 5, 20), D(2025, 5, 1), D(2025, 5, 2), D(2025, 6, 3), D(2025, 6, 10)]
    assert territory_samples.wanted(days) == {D(2025, 5, 1), D(2025, 6, 3), D(2025, 6, 10)}
    assert territory_samples.wanted([]) == set()


def test_keeping_a_newer_map_prunes_the_previous_newest(tmp_path):
    territory_samples.keep(tmp_path, {D(2025, 5, 1): _map(37.0), D(2025, 5, 2): _map(37.0), D(2025, 5, 20): _map(37.1)})
    assert territory_samples.kept_days(tmp_path) == [D(2025, 5, 1), D(2025, 5, 20)]  # 2 May is neither
    territory_samples.keep(tmp_path, {D(2025, 5, 21): _map(37.2)})
    assert territory_samples.kept_days(tmp_path) == [D(2025, 5, 1), D(2025, 5, 21)]
    written = territory_samples.keep(tmp_path, {D(2025, 6, 1): _map(37.3)})
    assert written == [D(2025, 6, 1)] and territory_samples.kept_days(tmp_path) == [D(2025, 5, 1), D(2025, 6, 1)]
    assert not list((tmp_path / "samples").glob("*.part"))
    # The kept files are what the territory source reads: 1 May's box is 36–37 °E.
    maps, rejected = read_maps(tmp_path)
    assert list(maps["date"]) == [D(2025, 5, 1), D(2025, 6, 1)] and rejected.empty
    change = change_between(*(occupied_union(json.loads(_map(e))) for e in (37.0, 37.3)))
    assert change["retaken_km2"] == pytest.approx(0, abs=0.01)
    assert change["gained_km2"] == pytest.approx(0.3 * 111.32 * 0.669 * 111.0, rel=0.02)  # 0.3° × 1° at 48 °N


def test_a_broken_map_file_is_rejected_alone(tmp_path):
    territory_samples.keep(tmp_path, {D(2025, 5, 1): _map(37.0)})
    (tmp_path / "samples" / "deepstatemap_data_20250601.geojson").write_text("<html>not a map", encoding="utf-8")
    (tmp_path / "samples" / "notes.geojson").write_text("{}", encoding="utf-8")  # not a map's name: not read
    maps, rejected = read_maps(tmp_path)
    assert list(maps["date"]) == [D(2025, 5, 1)]
    (file, line, reason), = rejected[["file", "line", "reason"]].itertuples(index=False)
    assert file == "samples/deepstatemap_data_20250601.geojson" and line == 0
    assert reason.startswith("not a usable DeepState map")


def test_kept_days_skip_a_name_that_is_no_date_a_directory_and_a_broken_link(tmp_path):
    """Online, the fetch layer lists the kept maps before downloading: a bad name is the source's rejected row,
    never a crash here."""
    maps = tmp_path / territory_samples.MAPS_FOLDER
    maps.mkdir()
    (maps / "deepstatemap_data_20250501.geojson").write_text("{}")
    (maps / "deepstatemap_data_20251340.geojson").write_text("{}")  # month 13
    (maps / "deepstatemap_data_20250601.geojson").mkdir()
    (maps / "deepstatemap_data_20250701.geojson").symlink_to(tmp_path / "gone.geojson")
    names = [p.name for p in maps.iterdir()]
    assert len(names) == 4
    assert territory_samples.kept_days(tmp_path) == [dt.date(2025, 5, 1)]


def test_a_hand_edited_unavailable_list_in_another_encoding_spoils_only_its_line(tmp_path):
    """samples/unavailable.txt saved by an editor in Latin-1 with a comment: the dates still count, the odd line
    is ignored (the day it meant is asked for again), and nothing raises."""
    folder = tmp_path / territory_samples.MAPS_FOLDER
    folder.mkdir()
    (folder / territory_samples.UNAVAILABLE_FILE).write_bytes(b"2024-07-08\n# vu le 9 ao\xfbt\n2024-07-09\n")
    assert territory_samples._unavailable(tmp_path) == {D(2024, 7, 8), D(2024, 7, 9)}
    territory_samples._remember_unavailable(tmp_path, [D(2024, 7, 10)])
    assert territory_samples._unavailable(tmp_path) == {D(2024, 7, 8), D(2024, 7, 9), D(2024, 7, 10)}
