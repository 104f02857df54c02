"""The README documents exactly the metrics and CLI options that exist."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from etl.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
METRIC_NAME = re.compile(r"`((?:losses|drones|missiles|cruise_missiles|ballistic_missiles|shahed_drones|occupied|"
                         r"territory_gained|hit_locations|debris_locations|real_shaheds|decoy)[a-z0-9_]*)`")


def test_every_metric_is_documented_and_every_documented_metric_exists(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        in_db = {row[0] for row in con.execute("SELECT metric FROM metrics").fetchall()}
    documented = {name for name in METRIC_NAME.findall(README) if not name.endswith("_")}
    documented -= {"losses", "occupied_area_km2"}  # a source key and a function, named in the same backticks
    assert in_db - documented == set(), "metrics missing from the README"
    assert documented - in_db == set(), "README names metrics that do not exist"


def test_every_refresh_option_is_documented():
    refresh = next(action for action in build_parser()._subparsers._group_actions[0].choices.items()
                   if action[0] == "refresh")[1]
    options = {opt for action in refresh._actions for opt in action.option_strings if opt.startswith("--")}
    options.discard("--help")
    missing = [opt for opt in sorted(options) if opt not in README]
    assert missing == []
