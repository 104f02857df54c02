"""The DeepState sample maps on the real territory folder: a mirror's monthly maps, and a map change reloading."""
from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest

from etl.fetch import territory_samples
from etl.pipeline.refresh import refresh
from etl.sources import territory

D = dt.date


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
