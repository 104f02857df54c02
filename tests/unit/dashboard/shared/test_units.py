"""Counts in tooltips take the grammatical number of their value: '1 missile', '2 missiles'; in Ukrainian
'1 ракета', '3 ракети', '5 ракет', '21 ракета'."""
from __future__ import annotations

import pandas as pd

from dashboard.shared import charts, i18n, units


def test_the_unit_follows_the_count_in_english_and_ukrainian():
    assert units.words_for("missiles", [1, 2, 0, 1.5]) == ["missile", "missiles", "missiles", "missiles"]
    assert units.word_for("km²", 1) == "km²"  # not a counted unit: as declared
    i18n.activate("uk")
    try:
        unit = i18n._("missiles")
        assert units.words_for(unit, [1, 3, 5, 21, 11]) == ["ракета", "ракети", "ракет", "ракета", "ракет"]
    finally:
        i18n.activate("en")


def test_a_launched_destroyed_chart_says_1_missile_not_1_missiles():
    days = pd.to_datetime(["2025-06-01", "2025-06-02"])
    series = pd.DataFrame({"date": [*days, *days], "metric": ["missiles_launched"] * 2 + ["missiles_destroyed"] * 2,
                           "value": [1.0, 7.0, 1.0, 5.0]})
    figure = charts.launched_destroyed_figure(series, series.iloc[0:0].assign(previous_record=[]),
                                              launched_metric="missiles_launched",
                                              destroyed_metric="missiles_destroyed", title="Missiles",
                                              unit="missiles", agg="day")
    launched = next(t for t in figure.data if t.name == "Launched")
    assert [row[0] for row in launched.customdata] == ["missile", "missiles"]
    assert "%{y:,.0f} %{customdata[0]}" in launched.hovertemplate
