"""The download path for real, against a local HTTP server on 127.0.0.1 (a mirror of the source folder)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

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


def test_unreachable_host_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESCALATION_MIRROR_URL", "http://127.0.0.1:9")  # discard port: refused at once
    monkeypatch.setattr("etl.fetch.http.RETRIES", 0)
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
    assert fetched.folder == cache / "attacks" and fetched.origin == attacks.DECLARED.url
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
