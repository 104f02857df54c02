"""The records page's own parts on small inline frames: what the records said on any one day, its words, and the
step chart of each definition's records. The progression itself: tests/unit/etl/derive/test_record_progression.py."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.app_pages.records import at_the_time, charts, data
from etl.derive.escalation import records
from tests.unit.etl.derive.test_escalation import SAMPLE

D = dt.date
# SAMPLE's records: one report 300 then 500 on 24 Mar 2026; a night 300 (24 Mar), then 350 (2 Apr);
# 24 hours and a calendar day 800 (24 Mar).
PROGRESSION = records.record_progression(SAMPLE, metrics=("drones_launched",))
NAMES = {"report": "One report", "night": "One overnight report", "24h": "Within 24 hours",
         "calendar_day": "Calendar day (Kyiv)"}


def test_a_day_that_set_a_record():
    on = data.standing_on(PROGRESSION, D(2026, 3, 24))
    assert list(on.index) == ["report", "night", "24h", "calendar_day"] and on["is_record"].all()
    # Two reports set records on 24 Mar: the day's record is the later, 500, which beat the night's 300.
    assert on.loc["report", ["value", "previous_value", "previous_date"]].tolist() == [500.0, 300.0, D(2026, 3, 24)]
    # The night's 300 was the first: nothing before it. It was beaten next by 350 on 2 Apr.
    assert pd.isna(on.loc["night", "previous_value"])
    assert on.loc["night", ["next_value", "next_date"]].tolist() == [350.0, D(2026, 4, 2)]
    assert pd.isna(on.loc["calendar_day", "next_value"])  # 800 still stands


def test_a_day_without_a_record_gives_the_one_standing_and_what_beat_it():
    on = data.standing_on(PROGRESSION, D(2026, 3, 28))
    assert not on["is_record"].any()
    assert on.loc["night", ["value", "date", "next_value", "next_date"]].tolist() == [
        300.0, D(2026, 3, 24), 350.0, D(2026, 4, 2)]
    assert pd.isna(on.loc["night", "previous_value"])  # what the standing record beat is not the day's answer
    # Before the first report there is no record yet; the first one is what came next.
    before = data.standing_on(PROGRESSION, D(2026, 1, 1))
    assert pd.isna(before.loc["report", "value"])
    assert before.loc["report", ["next_value", "next_date"]].tolist() == [300.0, D(2026, 3, 24)]


def test_the_answer_in_words():
    grid = at_the_time.answer_grid(data.standing_on(PROGRESSION, D(2026, 3, 24)), "drones")
    # SAMPLE's reports all fall in the first 28 days of its reports: records only because the file starts then.
    assert list(grid["One report"]) == ["Yes, in the first 28 days of the reports", "500 drones, 24 Mar 2026",
                                        "300 drones, 24 Mar 2026", "not yet"]
    assert list(grid["One overnight report"]) == ["Yes, in the first 28 days of the reports", "300 drones, 24 Mar 2026", "–",
                                                  "350 drones, 2 Apr 2026"]
    later = at_the_time.answer_grid(data.standing_on(PROGRESSION, D(2026, 3, 28)), "drones")
    assert list(later["One overnight report"]) == ["No", "300 drones, 24 Mar 2026", "–", "350 drones, 2 Apr 2026"]


def test_progression_figure_steps_to_the_newest_day():
    figure = charts.progression_figure(PROGRESSION, D(2026, 3, 28), D(2026, 4, 5), title="Drones launched",
                                       subtitle="s", unit="<b>drones</b>", definition_names=NAMES)
    go.Figure(figure.to_dict())  # valid once Plotly checks every property
    lines = [t for t in figure.data if t.mode == "lines+markers"]
    assert [t.yaxis for t in lines] == ["y", "y2", "y3", "y4"]  # one panel per definition, in NAMES' order
    assert {a.text for a in figure.layout.annotations} >= set(NAMES.values())
    night = lines[1]
    assert night.line.shape == "hv" and list(night.y) == [300.0, 350.0, 350.0]
    assert str(night.x[-1])[:10] == "2026-04-05"  # the line runs on to the newest day, without a dot there
    assert list(night.marker.size)[-1] == 0
    assert "beat 300 of 24 Mar 2026" in night.customdata[1]
    assert "&lt;b&gt;drones&lt;/b&gt;" in night.customdata[0]  # a unit from the database is escaped
    (picked,) = [s for s in figure.layout.shapes if s.line.dash == "dot"]
    assert str(picked.x0)[:10] == "2026-03-28"  # the day picked, and a ring on the record then: 300 at night
    rings = [t for t in figure.data if t.mode == "markers+text"]
    assert [(t.yaxis, t.y[0]) for t in rings] == [("y", 500.0), ("y2", 300.0), ("y3", 800.0), ("y4", 800.0)]
    assert [t.text[0] for t in rings] == ["500", "300", "800", "800"]
    # Every panel on one scale, so the records compare across definitions.
    ranges = [figure.layout[f"yaxis{i}" if i > 1 else "yaxis"].range for i in range(1, 5)]
    assert all(r == pytest.approx((0, 880.0)) for r in ranges)
