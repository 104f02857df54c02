"""The real attack file: the change of reporting of 24 July 2025 is found by the detector, and it is the one break
declared, so the refresh does not warn about it."""
from __future__ import annotations

import datetime as dt

import duckdb

from etl.registry import breaks
from etl.sources import attack_breaks, attack_metrics


def test_the_detector_finds_24_july_2025_in_the_real_file_and_only_there(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        daily = con.execute("SELECT date, metric, value FROM metric_values WHERE source = 'attacks'").df()
    fields = {metric: spec[1] for metric, spec in attack_metrics.OUTCOME_METRICS.items()}
    found = attack_breaks.suspected_breaks(daily, fields)
    assert [(f["metric"], f["field"], f["first_day"]) for f in found] == [
        ("drones_lost_on_radar", "not_reach_goal", dt.date(2025, 7, 24))]
    assert (found[0]["positive_before"], found[0]["reported_before"]) == (56, 56)
    assert [b.first_day for b in breaks.BREAKS if b.metric == "drones_lost_on_radar"] == ["2025-07-24"]
    assert attack_breaks.undeclared(found) == []
    assert len(attack_breaks.undeclared(found, ())) == 1  # undeclared, the refresh would warn
