"""The oblast reports, the oblast outlines and the territory change between sample maps on the real data."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from etl.geometry import change_between


def test_oblast_counts_over_the_whole_history(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        rows = con.execute("SELECT region_iso, sum(reports) FROM region_reports WHERE basis = 'affected_region' "
                           "GROUP BY region_iso").fetchall()
        first = con.execute("SELECT min(date) FROM region_reports WHERE basis = 'affected_region'").fetchone()[0]
    totals = dict(rows)
    # PROVENANCE.md's order: Kharkiv, Sumy, Dnipropetrovsk, Kyiv oblast, Odesa, Donetsk. Odesa is named in 95
    # rows, two of them in one report, so 94 reports.
    assert [totals[iso] for iso in ("UA-63", "UA-59", "UA-12", "UA-32", "UA-51", "UA-14")] == [131, 115, 101, 95, 94, 90]
    assert totals["UA-30"] == 4 and first == dt.date(2025, 1, 27)


def test_real_boundaries_are_loaded_with_their_checksum(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        isos = [r[0] for r in con.execute("SELECT region_iso FROM oblast_shapes ORDER BY 1").fetchall()]
        (sha, licence), = con.execute("SELECT files_sha256, licence FROM source_loads WHERE source = 'regions' "
                                      "ORDER BY loaded_at DESC LIMIT 1").fetchall()
    assert len(isos) == 25 and "UA-30" not in isos and {"UA-32", "UA-43", "UA-63"} <= set(isos)
    # regions/PROVENANCE.md's sha256 of UA_FULL_Ukraine.geojson.
    assert sha.endswith("bc1bf5397ea42232efa11652886017dedce8e11750eeb48122f48d7c0749e9b2")
    assert "OpenStreetMap" in licence


def test_territory_change_between_the_sample_maps(real_db):
    import json as _json

    import shapely.geometry

    from dashboard.app_pages.regions.territory_change import default_pair

    with duckdb.connect(str(real_db), read_only=True) as con:
        rows = con.execute("SELECT date, geometry FROM territory_maps ORDER BY date").fetchall()
    dates = [r[0] for r in rows]
    assert dates == [dt.date(2025, 5, 1), dt.date(2025, 6, 1), dt.date(2026, 8, 22)]
    assert default_pair(dates) == (dt.date(2025, 5, 1), dt.date(2025, 6, 1))  # the newest whole month
    shapes = {d: shapely.geometry.shape(_json.loads(g)) for d, g in rows}
    change = change_between(shapes[dates[0]], shapes[dates[1]])
    # May 2025 by DeepState: +440 km² (113,156.64 − 112,716.31 in the daily table), mostly gained.
    assert change["net_km2"] == pytest.approx(440.3, abs=2)
    assert change["gained_km2"] > 400 and 0 < change["retaken_km2"] < 20
