"""The download path for real, against a local HTTP server on 127.0.0.1 (a mirror of the real source folder)."""
from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from etl.cli import main
from etl.pipeline.refresh import refresh


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
    shutil.copytree(real_source_dir / "regions", mirror / "regions")
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

