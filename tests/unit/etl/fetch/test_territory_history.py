"""DeepState's history online: the combined file a fresh install measures, and the opt-in archive backfill."""
from __future__ import annotations

import duckdb
import pytest

from etl.cli import main
from etl.pipeline.refresh import refresh


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


# ---------------------------------------------------------------- DeepState history: combined file and archive

def _box(west, south, east, north):
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


def _box_km2(west, south, east, north):
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").polygon_area_perimeter([west, east, east, west], [south, south, north, north])
    return abs(area) / 1e6


def _occupied_map(box, grey=None):
    """A raw DeepState export (three-part layer names): an occupied layer, wrapped in a GeometryCollection as in
    2022, and a grey zone."""
    features = [{"type": "Feature", "properties": {"name": "Окуповано /// Occupied\xa0/// geoJSON.status.occupied"},
                 "geometry": {"type": "GeometryCollection",
                              "geometries": [{"type": "Polygon", "coordinates": _box(*box)}]}}]
    if grey:
        features.append({"type": "Feature", "properties": {"name": "Статус невідомий /// Unknown status /// geoJSON.status.unknown"},
                         "geometry": {"type": "Polygon", "coordinates": _box(*grey)}})
    return {"type": "FeatureCollection", "features": features}


def test_a_fresh_install_measures_cyterat_combined_history(serve, tmp_path, monkeypatch, caplog):
    import datetime as dt
    import gzip
    import json

    from etl.sources import territory

    today = dt.date.today()
    day = [today - dt.timedelta(days=n) for n in (6, 5, 4, 3, 2, 1)]
    boxes = {day[0]: (36.0, 47.0, 37.0, 48.0), day[1]: (36.0, 47.0, 37.01, 48.0), day[2]: (36.0, 47.0, 37.02, 48.0)}
    nan = float("nan")

    def feature(number, date, geometry):  # as geopandas' to_json writes cyterat's combined file
        return {"id": str(number), "type": "Feature", "properties": {"date": date.isoformat()}, "geometry": geometry}

    features = [feature(n, d, {"type": "MultiPolygon", "coordinates": [_box(*b)]}) for n, (d, b) in
                enumerate(boxes.items())]
    features += [
        feature(3, day[3], {"type": "MultiPolygon", "coordinates": []}),  # an empty map: 0 km²
        feature(4, day[4], {"type": "Polygon", "coordinates": [[[36.0, 47.0], [37.0, 47.0], [nan, nan], [36.0, 47.0]]]}),
        feature(5, day[5], None),  # null geometry
        feature(6, day[5], {"type": "Blob", "coordinates": []}),  # unknown type
    ]
    mirror = tmp_path / "mirror" / "territory"
    (mirror / "samples").mkdir(parents=True)
    with gzip.open(mirror / "deepstate-map-data.geojson.gz", "wt", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out)  # NaN written as NaN, as pandas does
    # After the combined file, the daily maps: day[3] has none (404), day[4] is broken, day[5] is good.
    (mirror / "samples" / f"deepstatemap_data_{day[4]:%Y%m%d}.geojson").write_text("<html>not a map")
    late_box = (36.0, 47.0, 37.03, 48.0)
    (mirror / "samples" / f"deepstatemap_data_{day[5]:%Y%m%d}.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                    "geometry": {"type": "MultiPolygon", "coordinates": [_box(*late_box)]}}]}))
    url = serve(tmp_path / "mirror")  # no deepstate_occupied_area_daily.csv there: a fresh install
    monkeypatch.setenv("ESCALATION_MIRROR_URL", url)

    db, cache = tmp_path / "t.duckdb", tmp_path / "raw"
    with caplog.at_level("WARNING", logger="etl.fetch.territory"):
        report = refresh(db, cache_dir=cache, quiet=True, sources={"territory": territory})
    assert [o.message for o in report.failed] == []
    values = dict(query(db, "SELECT date, value FROM metric_values WHERE metric = 'occupied_km2' ORDER BY date"))
    expected = {**boxes, day[5]: late_box}
    assert sorted(values) == sorted(expected)  # the empty, NaN, null and broken maps are not rows
    for date, box in expected.items():
        assert values[date] == pytest.approx(_box_km2(*box), rel=0.005)
    warning = caplog.text
    assert "5 map(s) skipped" in warning
    for skipped in (f"{url}/territory/deepstate-map-data.geojson.gz {day[3]} (ValueError: empty map",
                    f"gz {day[4]} (", f"gz {day[5]} (AttributeError", f"gz {day[5]} (GeometryTypeError",
                    f"{url}/territory/samples/deepstatemap_data_{day[4]:%Y%m%d}.geojson (not a usable map"):
        assert skipped in warning
    table = (cache / "territory" / territory.DAILY_FILE).read_text().splitlines()
    assert table[0].split(",") == territory.TABLE_COLUMNS and len(table) == 1 + 4
    # The change map's shapes: the first usable map of each month and the newest, from both inputs.
    from etl.fetch import territory_samples

    usable = sorted(expected)
    firsts = {min(d for d in usable if (d.year, d.month) == (u.year, u.month)) for u in usable}
    kept = territory_samples.kept_days(cache / "territory")
    assert kept == sorted(firsts | {day[5]})
    assert [r[0] for r in query(db, "SELECT date FROM territory_maps ORDER BY date")] == kept


def test_backfill_merges_archive_maps_before_the_table(serve, tmp_path, monkeypatch, capsys):
    import datetime as dt
    import json

    from etl.fetch.territory_history import daily_row
    from etl.sources import territory

    today = dt.date.today()

    def at(days_ago, hour):
        d = today - dt.timedelta(days=days_ago)
        return int(dt.datetime(d.year, d.month, d.day, hour, tzinfo=dt.timezone.utc).timestamp())

    boxes = {  # publication time -> occupied box
        at(8, 12): (36.0, 47.0, 37.0, 48.0),  # E: the map of t-7 and, carried forward, of t-6
        at(6, 20): (36.0, 47.0, 37.01, 48.0),  # A: the map of t-5
        at(5, 20): (36.0, 47.0, 37.5, 48.0),  # B: replaced before t-4 03:00 by C, never fetched
        at(4, 1): (36.0, 47.0, 37.02, 48.0),  # C: the map of t-4
        at(3, 10): (36.0, 47.0, 37.6, 48.0),  # D: after the table's first day, never fetched
    }
    mirror = tmp_path / "mirror" / "territory" / "history"
    mirror.mkdir(parents=True)
    for unix, box in boxes.items():
        (mirror / f"{unix}.geojson").write_text(json.dumps(_occupied_map(box, grey=(30.0, 46.0, 31.0, 47.0))))
    old = int(dt.datetime(2022, 5, 12, 12, tzinfo=dt.timezone.utc).timestamp())  # before 2022-05-13: never used
    (mirror / f"{old}.geojson").write_text(json.dumps(_occupied_map((36.0, 47.0, 38.0, 48.0))))
    (mirror / "index.txt").write_text("".join(f"{unix}.geojson\n" for unix in [old, *boxes]))
    cache = tmp_path / "raw" / "territory"
    cache.mkdir(parents=True)
    table = [daily_row(today - dt.timedelta(days=n), 8300.0 + n, source="cyterat/deepstate-map-data",
                       source_file="x") for n in (3, 2, 1)]
    import pandas as pd

    pd.DataFrame(table).to_csv(cache / territory.DAILY_FILE, index=False)
    url = serve(tmp_path / "mirror")
    monkeypatch.setenv("ESCALATION_MIRROR_URL", url)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", tmp_path / "raw")
    db = tmp_path / "b.duckdb"

    assert main(["backfill", "territory", "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out.strip()
    first_cached = today - dt.timedelta(days=3)
    assert out.startswith(f"territory backfill: 4 day(s) from {today - dt.timedelta(days=7)} to "
                          f"{today - dt.timedelta(days=4)} merged before {first_cached}")
    assert "3 map(s) measured, 0 from the cache" in out and len(out.splitlines()) == 1
    E, A, _, C, _ = boxes
    assert serve.requests == ["/territory/history/index.txt", *(f"/territory/history/{u}.geojson" for u in (E, A, C))]
    rows = pd.read_csv(cache / territory.DAILY_FILE, dtype=str, keep_default_na=False)
    assert list(rows.columns) == territory.TABLE_COLUMNS and len(rows) == 7
    head = rows.head(4)
    assert list(head["source_file"]) == [f"geojsons/{u}.geojson" for u in (E, E, A, C)]
    assert list(head["carried_forward"]) == ["False", "True", "False", "False"]
    for (_, row), unix in zip(head.iterrows(), (E, E, A, C)):
        assert float(row["occupied_km2"]) == pytest.approx(_box_km2(*boxes[unix]), rel=0.005)  # grey zone left out
    assert head["gained_km2"].iloc[0] == "" and float(head["gained_km2"].iloc[3]) == pytest.approx(
        float(head["occupied_km2"].iloc[3]) - float(head["occupied_km2"].iloc[2]), abs=0.011)
    assert list(rows["date"].iloc[4:]) == [r["date"] for r in table]  # the cached rows are untouched

    assert main(["backfill", "territory", "--db", str(db), "--quiet"]) == 0  # a second run fetches nothing
    assert "nothing to do" in capsys.readouterr().out
    assert len(serve.requests) == 4

    report = refresh(db, cache_dir=tmp_path / "raw", quiet=True, sources={"territory": territory})
    assert [o.message for o in report.failed] == []
    (count, first), = query(db, "SELECT count(*), min(date) FROM metric_values WHERE metric = 'occupied_km2'")
    assert count == 7 and first == today - dt.timedelta(days=7)


def test_backfill_failure_is_one_line_naming_the_url(tmp_path, monkeypatch, capsys):
    from etl.sources import territory

    cache = tmp_path / "raw" / "territory"
    cache.mkdir(parents=True)
    (cache / territory.DAILY_FILE).write_text(",".join(territory.TABLE_COLUMNS) + "\n2025-01-01,110000.00,,x,x,,False,\n")
    monkeypatch.setenv("ESCALATION_MIRROR_URL", "http://127.0.0.1:9")  # discard port: refused at once
    monkeypatch.setattr("etl.fetch.http.RETRIES", 0)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", tmp_path / "raw")
    assert main(["backfill", "territory", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "download of http://127.0.0.1:9/territory/history/index.txt failed (ConnectionError)" in captured.err
    assert "Traceback" not in captured.err
