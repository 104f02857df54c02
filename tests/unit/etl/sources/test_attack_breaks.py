"""The next change of reporting: a field that turns from mostly positive to almost always 0 is warned about
until it is declared (etl/registry/breaks.py)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from etl.registry.breaks import ReportingBreak
from etl.sources import attack_breaks


def _days(start: str, values: list[float], metric: str = "drones_lost_on_radar") -> pd.DataFrame:
    dates = pd.date_range(start, periods=len(values)).date
    return pd.DataFrame({"date": dates, "metric": metric, "value": values})


def test_a_field_that_turns_to_zero_for_four_weeks_is_found_on_its_first_zero_day():
    daily = _days("2025-01-01", [30.0] * 60 + [0.0] * 30)
    found = attack_breaks.suspected_breaks(daily, {"drones_lost_on_radar": "not_reach_goal"})
    assert found == [{"metric": "drones_lost_on_radar", "field": "not_reach_goal",
                      "first_day": dt.date(2025, 3, 2), "positive_before": 56, "reported_before": 56,
                      "zero_after": 28, "reported_after": 28}]
    text = attack_breaks.warning_text(found[0], "missile_attacks_daily.csv")
    assert "'not_reach_goal'" in text and "2025-03-02" in text and "56 of 56" in text and "28 of 28" in text


def test_a_quiet_week_or_a_field_that_was_mostly_zero_is_no_break():
    quiet_week = _days("2025-01-01", [30.0] * 60 + [0.0] * 7 + [25.0] * 30)
    mostly_zero = _days("2025-01-01", ([0.0] * 3 + [5.0]) * 15 + [0.0] * 30)
    fields = {"drones_lost_on_radar": "not_reach_goal"}
    assert attack_breaks.suspected_breaks(quiet_week, fields) == []
    assert attack_breaks.suspected_breaks(mostly_zero, fields) == []


def test_a_declared_break_is_not_warned_about_again():
    found = attack_breaks.suspected_breaks(_days("2025-01-01", [30.0] * 60 + [0.0] * 30),
                                           {"drones_lost_on_radar": "not_reach_goal"})
    declared = (ReportingBreak("drones_lost_on_radar", "not_reach_goal", "2025-03-04", "changed", "seen"),)
    assert attack_breaks.undeclared(found, declared) == []
    assert attack_breaks.undeclared(found, ()) == found
