"""The real attack file: the change of reporting of 24 July 2025 is found by the detector, and it is the one break
declared, so the refresh does not warn about it; from it on, lost on radar is not reported, never 0."""
from __future__ import annotations

import datetime as dt

import duckdb

from etl.registry import breaks
from etl.sources import attack_breaks, attack_metrics


def test_the_detector_finds_24_july_2025_in_the_real_file_and_only_there(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        national = con.execute("SELECT * FROM attack_events WHERE is_national").df()
    daily = attack_metrics.field_values(national)  # the file's own sums, zeros included
    fields = {metric: spec[1] for metric, spec in attack_metrics.OUTCOME_METRICS.items()}
    found = attack_breaks.suspected_breaks(daily, fields)
    assert [(f["metric"], f["field"], f["first_day"]) for f in found] == [
        ("drones_lost_on_radar", "not_reach_goal", dt.date(2025, 7, 24))]
    assert (found[0]["positive_before"], found[0]["reported_before"]) == (56, 56)
    assert [b.first_day for b in breaks.BREAKS if b.metric == "drones_lost_on_radar"] == ["2025-07-24"]
    assert attack_breaks.undeclared(found) == []
    assert len(attack_breaks.undeclared(found, ())) == 1  # undeclared, the refresh would warn


def test_from_the_break_lost_on_radar_is_not_reported_and_the_neutralised_share_keeps_one_meaning(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        zeros_after = con.execute("SELECT count(*) FROM daily_metrics WHERE metric = 'drones_lost_on_radar' "
                                  "AND date >= DATE '2025-07-24'").fetchone()[0]

        def share(metric, first, last):
            return con.execute("SELECT sum(numerator) / sum(denominator) FROM rate_parts WHERE metric = ? AND complete "
                               "AND date BETWEEN ? AND ?", [metric, first, last]).fetchone()[0]
        before = ("2025-06-01", "2025-07-23")
        after = ("2025-07-24", "2025-09-30")
        neutralised = (share("drones_neutralised_rate", *before), share("drones_neutralised_rate", *after))
        shot_down = (share("drones_interception_rate", *before), share("drones_interception_rate", *after))
    assert zeros_after == 2  # the two later reports that still gave it (17 on 22 Oct, 15 on 27 Dec 2025)
    assert [round(v, 2) for v in neutralised] == [0.87, 0.86]  # one meaning: no jump
    assert [round(v, 2) for v in shot_down] == [0.49, 0.86]  # the change of definition, not of air defence
