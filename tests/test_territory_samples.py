"""The DeepState maps an online refresh keeps for the change map: first of each month and the newest."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import duckdb
import pytest

from etl.fetch import territory_samples
from etl.geometry import change_between, occupied_union
from etl.pipeline.refresh import refresh
from etl.sources import territory
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


def test_an_existing_cache_gains_one_map_a_month_from_the_mirror(real_source_dir, serve, tmp_path, monkeypatch):
    """The real table served by a mirror (as a cache filled before maps were kept): the refresh asks for the
    first mapped day of each month from cyterat's first map on, keeps the ones published, remembers the others."""
    url = serve(real_source_dir)  # territory/samples/ holds 1 May 2025, 1 Jun 2025 and 22 Aug 2026
    monkeypatch.setenv("ESCALATION_MIRROR_URL", url)
    db, cache = tmp_path / "t.duckdb", tmp_path / "raw"
    report = refresh(db, cache_dir=cache, quiet=True, sources={"territory": territory})
    assert [o.message for o in report.failed] == []
    folder = cache / "territory"
    assert territory_samples.kept_days(folder) == [D(2025, 5, 1), D(2025, 6, 1), D(2026, 8, 22)]
    for day in (D(2025, 5, 1), D(2026, 8, 22)):  # byte for byte what was served
        name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
        assert (folder / "samples" / name).read_bytes() == (real_source_dir / "territory" / "samples" / name).read_bytes()
    asked = [p for p in serve.requests if "/samples/" in p]
    assert "/territory/samples/deepstatemap_data_20240708.geojson" in asked  # cyterat's first map
    assert "/territory/samples/deepstatemap_data_20260801.geojson" in asked
    unavailable = (folder / "samples" / territory_samples.UNAVAILABLE_FILE).read_text().split()
    assert "2024-07-08" in unavailable and "2025-05-01" not in unavailable
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT date, occupied_km2 FROM territory_maps ORDER BY date").fetchall()
    assert [r[0] for r in rows] == [D(2025, 5, 1), D(2025, 6, 1), D(2026, 8, 22)]
    assert rows[1][1] == pytest.approx(113_156.6, abs=1)  # PROVENANCE: 2025-06-01 total

    # The next refresh asks for none of the months again and reprocesses nothing.
    serve.requests.clear()
    report = refresh(db, cache_dir=cache, quiet=True, sources={"territory": territory})
    assert {o.status for o in report.outcomes} == {"unchanged"}
    again = [p for p in serve.requests if "/samples/" in p and p < "/territory/samples/deepstatemap_data_20260822"]
    assert again == []


def test_a_new_monthly_map_reloads_the_source_when_the_table_is_unchanged(real_source_dir, tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(real_source_dir / "territory", folder / "territory")
    db = tmp_path / "t.duckdb"
    refresh(db, source_dir=folder, quiet=True, sources={"territory": territory})
    (folder / "territory" / "samples" / "deepstatemap_data_20250601.geojson").unlink()
    report = refresh(db, source_dir=folder, quiet=True, sources={"territory": territory})
    assert [o.status for o in report.outcomes] == ["loaded"]
    with duckdb.connect(str(db), read_only=True) as con:
        dates = [r[0] for r in con.execute("SELECT date FROM territory_maps ORDER BY date").fetchall()]
    assert dates == [D(2025, 5, 1), D(2026, 8, 22)]
