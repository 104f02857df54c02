"""Issue 22, the /regions page: the change map between two kept maps survives shapes that break a plain overlay
(GEOS topology errors) and, when it still cannot be computed, says so in one line naming the maps; a file of
structurally wrong oblast outlines never reaches the page."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import numpy as np
import pytest
import shapely
import shapely.geometry
from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP
from tests.faults.support import run
from tests.faults.test_geometry_and_maps import outlines_with, source_with_maps, write_outlines

EARLIER, LATER = dt.date(2025, 1, 30), dt.date(2025, 2, 1)
REGIONS_PAGE = "app_pages/regions/page.py"


def crossing_itself(points: int) -> dict:
    """An outline that crosses itself everywhere (a Lissajous curve): GEOS cannot overlay it as it is."""
    t = np.linspace(0, 2 * np.pi, points)
    ring = np.c_[36.5 + 2 * np.cos(7 * t), 48 + 1.5 * np.sin(3 * t)]
    return shapely.geometry.mapping(shapely.Polygon(ring))


BOW_TIE = {"type": "Polygon", "coordinates": [[[35, 47], [38, 49], [38, 47], [35, 49], [35, 47]]]}


@pytest.fixture
def loaded(tmp_path, capsys):
    source, db = source_with_maps(tmp_path / "src"), tmp_path / "x.duckdb"
    assert run(source, db, capsys)[0] == 0
    return source, db


def store(db, day: dt.date, geometry: dict) -> None:
    """A map as an older loader or a mirror's table may hold it: not checked, not made valid."""
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE territory_maps SET geometry = ? WHERE date = ?", [json.dumps(geometry), day])


def page(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(REGIONS_PAGE).run()
    return at


@pytest.mark.parametrize("geometry", [BOW_TIE, crossing_itself(200_000)], ids=["bow-tie", "200000-points"])
def test_the_change_map_survives_maps_that_break_a_plain_overlay(loaded, geometry):
    from dashboard.app_pages.regions import data as regions_data
    from dashboard.shared import queries

    _, db = loaded
    store(db, LATER, geometry)
    with queries.connect(db) as con:
        change = regions_data.map_change_shapes(con, EARLIER, LATER)
    assert np.isfinite(change["net_km2"]) and change["retaken_km2"] > 0 and change["held"].area > 0


def test_the_change_map_names_the_maps_when_it_still_cannot_be_computed(loaded, monkeypatch):
    from dashboard.app_pages.regions import data as regions_data

    def fails(earlier, later):
        raise shapely.errors.GEOSException("TopologyException: side location conflict at 36.5 48")

    monkeypatch.setattr(regions_data, "change_between", fails)
    at = page(monkeypatch, loaded[1])
    assert not at.exception
    (warning,) = [w.value for w in at.warning if "could not be computed" in w.value]
    assert "30 Jan 2025" in warning and "1 Feb 2025" in warning and "Pick two other maps" in warning
    assert "side location conflict" not in warning  # the library's words stay in the server's log
    assert "Traceback" not in warning


def test_the_regions_page_draws_after_a_file_of_structurally_wrong_outlines(tmp_path, capsys, monkeypatch):
    source, db = source_with_maps(tmp_path / "src"), tmp_path / "x.duckdb"

    def break_three(features):
        features[0]["geometry"]["coordinates"] = [features[0]["geometry"]["coordinates"]]  # nested too deep
        features[1]["geometry"]["type"] = "MultiPolygon"  # type not matching its coordinates
        features[2]["geometry"]["coordinates"].append([[26.2, 46.2], [26.5, 46.5], [26.2, 46.2]])  # 3-point ring
    write_outlines(source, outlines_with(break_three))
    assert run(source, db, capsys)[0] == 0
    at = page(monkeypatch, db)
    assert not at.exception, [e.value for e in at.exception]
    assert [c.key for c in at.get("plotly_chart") if c.key == "chart_territory_change"]
