"""The README names exactly the metrics the real database holds."""
from __future__ import annotations

import re

import duckdb

from dashboard.shared import static_pages
from tests.unit.test_docs import README

METRIC_NAME = re.compile(r"`((?:losses|drones|missiles|cruise_missiles|ballistic_missiles|shahed_drones|occupied|"
                         r"territory_gained|hit_locations|debris_locations|real_shaheds|decoy)[a-z0-9_]*)`")


def test_every_metric_is_documented_and_every_documented_metric_exists(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        in_db = {row[0] for row in con.execute("SELECT metric FROM metrics").fetchall()}
    documented = {name for name in METRIC_NAME.findall(README) if not name.endswith("_")}
    documented -= {"losses", "occupied_area_km2"}  # a source key and a function, named in the same backticks
    documented -= {static_pages.DRONES, static_pages.MISSILES}  # the static edition's chart paths
    assert in_db - documented == set(), "metrics missing from the README"
    assert documented - in_db == set(), "README names metrics that do not exist"
