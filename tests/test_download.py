"""The download path for real, against a local HTTP server on 127.0.0.1 (a mirror of the source folder)."""
from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.refresh import refresh


@pytest.fixture
def serve():
    """Start a static HTTP server for a folder; returns its base URL. Stops at teardown."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder), seen=start.requests)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    start.requests = []  # every path asked for, in order
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, seen: list, **kwargs):
        self.seen = seen
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.seen.append(self.path)
        super().do_GET()

    def log_message(self, *args):  # keep test output readable
        pass


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_every_source_downloads_from_a_mirror(real_source_dir, serve, tmp_path, monkeypatch):
    url = serve(real_source_dir)
    monkeypatch.setenv("ESCALATION_MIRROR_URL", url)
    db, cache = tmp_path / "online.duckdb", tmp_path / "raw"
    report = refresh(db, cache_dir=cache, quiet=True)
    assert [o.message for o in report.failed] == []
    # The cached copy is byte for byte the served file, and the load records where and when.
    served = (real_source_dir / "attacks" / "missile_attacks_daily.csv").read_bytes()
    assert (cache / "attacks" / "missile_attacks_daily.csv").read_bytes() == served
    (origin, licence, fetched_at, sha), = query(
        db, "SELECT origin, licence, fetched_at, files_sha256 FROM source_loads WHERE source = 'attacks'")
    assert origin == url and licence == "CC BY-NC-SA 4.0" and fetched_at is not None
    assert f"missile_attacks_daily.csv={hashlib.sha256(served).hexdigest()}" in sha
    assert query(db, "SELECT value FROM daily_metrics WHERE metric = 'drones_launched' "
                     "AND date = DATE '2025-06-01'") == [(472.0,)]
    # Unchanged upstream: nothing is reprocessed.
    report = refresh(db, cache_dir=cache, quiet=True)
    assert {o.status for o in report.outcomes} == {"unchanged"}


def test_a_new_map_becomes_a_territory_row(real_source_dir, serve, tmp_path, monkeypatch):
    mirror = tmp_path / "mirror" / "territory"
    (mirror / "samples").mkdir(parents=True)
    table = (real_source_dir / "territory" / "deepstate_occupied_area_daily.csv").read_text().splitlines()
    assert table[-1].startswith("2026-08-22")
    (mirror / "deepstate_occupied_area_daily.csv").write_text("\n".join(table[:-1]) + "\n")  # up to 2026-08-21
    shutil.copy(real_source_dir / "territory" / "samples" / "deepstatemap_data_20260822.geojson", mirror / "samples")
    monkeypatch.setenv("ESCALATION_MIRROR_URL", serve(tmp_path / "mirror"))
    from etl.sources import territory

    db = tmp_path / "t.duckdb"
    report = refresh(db, cache_dir=tmp_path / "raw", quiet=True, sources={"territory": territory})
    assert not report.failed
    (area,), = query(db, "SELECT value FROM metric_values WHERE metric = 'occupied_km2' AND date = DATE '2026-08-22'")
    assert area == pytest.approx(116_994.86, abs=1)  # the table's value for that day, measured from the map


def test_a_failed_source_names_the_url_and_the_others_load(real_source_dir, serve, tmp_path, monkeypatch, capsys):
    mirror = tmp_path / "mirror"
    shutil.copytree(real_source_dir / "attacks", mirror / "attacks")
    shutil.copytree(real_source_dir / "territory", mirror / "territory")  # no losses/ folder: 404
    url = serve(mirror)
    monkeypatch.setenv("ESCALATION_MIRROR_URL", url)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", tmp_path / "raw")
    monkeypatch.delenv("ESCALATION_SOURCE_DIR", raising=False)  # offline folder would win over the mirror
    code = main(["refresh", "--db", str(tmp_path / "x.duckdb"), "--quiet"])
    out = capsys.readouterr().out
    assert code == 1
    failed = [line for line in out.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and failed[0].startswith("losses: FAILED")
    assert f"{url}/losses/russia_losses_equipment.json answered HTTP 404" in failed[0]
    assert "--source-dir" in failed[0]
    assert "attacks: loaded" in out and "territory: loaded" in out


def test_unreachable_host_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESCALATION_MIRROR_URL", "http://127.0.0.1:9")  # discard port: refused at once
    monkeypatch.setattr("etl.fetch.RETRIES", 0)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", tmp_path / "raw")
    monkeypatch.delenv("ESCALATION_SOURCE_DIR", raising=False)  # offline folder would win over the mirror
    assert main(["refresh", "--db", str(tmp_path / "x.duckdb"), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "attacks: FAILED: attacks: download of http://127.0.0.1:9/attacks/missile_attacks_daily.csv failed" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_a_much_smaller_download_is_refused_unless_allowed(real_source_dir, serve, tmp_path, monkeypatch, capsys):
    mirror = tmp_path / "mirror"
    shutil.copytree(real_source_dir, mirror)
    monkeypatch.setenv("ESCALATION_MIRROR_URL", serve(mirror))
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", tmp_path / "raw")
    monkeypatch.delenv("ESCALATION_SOURCE_DIR", raising=False)  # offline folder would win over the mirror
    db = tmp_path / "x.duckdb"
    assert main(["refresh", "--db", str(db), "--quiet"]) == 0
    before = query(db, "SELECT count(*) FROM attack_events")
    attacks = mirror / "attacks" / "missile_attacks_daily.csv"
    lines = attacks.read_text(encoding="utf-8").splitlines()
    attacks.write_text("\n".join(lines[:200]) + "\n", encoding="utf-8")  # a quarter of the size, still valid CSV
    capsys.readouterr()
    assert main(["refresh", "--db", str(db), "--quiet"]) == 1
    assert "likely truncation (--allow-shrink accepts it)" in capsys.readouterr().out
    assert query(db, "SELECT count(*) FROM attack_events") == before
    # Accepting the shrink is not enough: the short file would withdraw most attack values.
    assert main(["refresh", "--db", str(db), "--quiet", "--allow-shrink"]) == 1
    assert "--allow-revisions accepts it" in capsys.readouterr().out
    assert main(["refresh", "--db", str(db), "--quiet", "--allow-shrink", "--allow-revisions"]) == 0
    assert query(db, "SELECT count(*) FROM attack_events") == [(199,)]


# ---------------------------------------------------------------- Kaggle: staged, checked, then moved in

def _fake_kaggle(monkeypatch, write):
    """Replace kagglehub.dataset_download (no network): `write(folder)` fills the output folder or raises."""
    import kagglehub

    def download(handle, path=None, *, force_download=False, output_dir=None):
        folder = Path(output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        write(folder)
        return str(folder)

    monkeypatch.setattr(kagglehub, "dataset_download", download)
    monkeypatch.delenv("ESCALATION_MIRROR_URL", raising=False)


def test_a_failed_or_partial_kaggle_download_keeps_the_last_good_copy(tmp_path, monkeypatch):
    from etl import fetch
    from etl.sources import attacks

    cache = tmp_path / "raw"
    good = {attacks.ATTACKS_FILE: "time_start,model\n" + "2025-06-01,Shahed\n" * 200,
            attacks.WEAPONS_FILE: "model,category\nShahed,UAV\n"}

    def write(files):
        return lambda folder: [(folder / name).write_text(text) for name, text in files.items()]

    _fake_kaggle(monkeypatch, write(good))
    fetched = fetch.fetch(attacks, cache, quiet=True)
    assert fetched.folder == cache / "attacks" and fetched.origin == attacks.URL
    assert {p.name: p.read_text() for p in fetched.folder.iterdir()} == good
    assert sorted(p.name for p in cache.iterdir()) == ["attacks"]  # no staging folder left

    def half_then_fail(folder):
        (folder / attacks.ATTACKS_FILE).write_text("time_start,model\n")  # written, then the client fails
        raise ConnectionError("reset by peer")

    truncated = {**good, attacks.ATTACKS_FILE: "time_start,model\n2025-06-01,Shahed\n"}
    cases = [
        (half_then_fail, "download from https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine "
                         "failed (ConnectionError)"),
        (write(truncated), "likely truncation (--allow-shrink accepts it)"),
        (write({attacks.ATTACKS_FILE: good[attacks.ATTACKS_FILE]}), f"lacks {attacks.WEAPONS_FILE}"),
        (write({**good, attacks.WEAPONS_FILE: ""}), f"has an empty {attacks.WEAPONS_FILE}"),
    ]
    for writer, message in cases:
        _fake_kaggle(monkeypatch, writer)
        with pytest.raises(fetch.SourceUnavailable, match=message.replace("(", r"\(").replace(")", r"\)")):
            fetch.fetch(attacks, cache, quiet=True)
        assert {p.name: p.read_text() for p in (cache / "attacks").iterdir()} == good  # last good copy kept
        assert sorted(p.name for p in cache.iterdir()) == ["attacks"]  # staging folder removed
    _fake_kaggle(monkeypatch, write(truncated))
    fetch.fetch(attacks, cache, quiet=True, allow_shrink=True)  # the same file is accepted when allowed
    assert (cache / "attacks" / attacks.ATTACKS_FILE).read_text() == truncated[attacks.ATTACKS_FILE]


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
    with caplog.at_level("WARNING", logger="etl.fetch_territory"):
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


def test_backfill_merges_archive_maps_before_the_table(serve, tmp_path, monkeypatch, capsys):
    import datetime as dt
    import json

    from etl.sources import territory
    from etl.territory_history import daily_row

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
    monkeypatch.setattr("etl.fetch.RETRIES", 0)
    monkeypatch.setattr("etl.paths.RAW_CACHE_DIR", tmp_path / "raw")
    assert main(["backfill", "territory", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "download of http://127.0.0.1:9/territory/history/index.txt failed (ConnectionError)" in captured.err
    assert "Traceback" not in captured.err
