"""Marks for a change of reporting and for a panel's data end, the occupied-area headline, and the exports' note:
pure functions on small frames."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard.shared import chart_marks, charts, exports, kpis

BREAKS = pd.DataFrame({"metric": ["b_destroyed"], "first_day": [dt.date(2025, 7, 24)],
                       "break_metric": ["b_lost"], "what_changed": ["One figure from now on."]})


def test_break_marks_draw_a_line_only_on_panels_of_touched_metrics():
    shapes, notes = chart_marks.break_marks(BREAKS, {"a_launched": (0.5, 1.0), "b_destroyed": (0.0, 0.45)})
    assert len(shapes) == 1 and (shapes[0]["y0"], shapes[0]["y1"]) == (0.0, 0.45)
    assert pd.Timestamp(shapes[0]["x0"]) == pd.Timestamp("2025-07-24")
    assert notes[0]["text"] == "Reporting changed" and "One figure from now on." in notes[0]["hovertext"]
    assert chart_marks.break_marks(None, {"b_destroyed": (0, 1)}) == ([], [])


def test_end_marks_name_the_day_a_panel_stops():
    shapes, notes = chart_marks.end_marks({"a_launched": dt.date(2026, 6, 7)}, {"a_launched": (0.0, 1.0)})
    assert notes[0]["text"] == "data end 7 Jun 2026" and shapes[0]["line"]["dash"] == "dot"


def test_launched_destroyed_splits_the_destroyed_bars_at_the_change():
    days = pd.date_range("2025-07-20", "2025-07-28")
    series = pd.concat([pd.DataFrame({"date": days, "metric": "a_launched", "value": 100.0}),
                        pd.DataFrame({"date": days, "metric": "b_destroyed", "value": 50.0})])
    figure = charts.launched_destroyed_figure(series, pd.DataFrame(), launched_metric="a_launched",
                                              destroyed_metric="b_destroyed", title="Drones", unit="drones",
                                              breaks=BREAKS)
    go.Figure(figure.to_dict())  # valid Plotly
    names = [t.name for t in figure.data if t.type == "bar"]
    assert names == ["Launched", "Destroyed", "Shot down or suppressed (from 24 Jul 2025)"]
    assert len(figure.data[1].x) == 4 and len(figure.data[2].x) == 5  # 20-23 July, then 24-28 July
    assert any(a.text == "Reporting changed" for a in figure.layout.annotations)


def test_level_now_gives_newest_value_30_days_and_last_whole_month():
    days = pd.date_range("2026-05-25", "2026-08-22")
    levels = pd.DataFrame({"date": days, "metric": "occupied", "value": range(len(days))}, dtype=object)
    levels["value"] = levels["value"].astype(float)
    levels = levels[levels["date"] != pd.Timestamp("2026-07-31")]  # no map on the month's last day: 30 Jul reads
    row = kpis.level_now(levels).iloc[0]
    assert (row["date"], row["value"], row["since"]) == (dt.date(2026, 8, 22), 89.0, dt.date(2026, 7, 23))
    assert row["change_days"] == 30.0
    # July: level of 30 Jul (66) minus level of 30 Jun (36).
    assert row["month"] == dt.date(2026, 7, 1) and row["change_month"] == 30.0


def test_level_now_leaves_a_change_blank_when_the_series_is_too_short():
    levels = pd.DataFrame({"date": pd.date_range("2026-08-10", "2026-08-22"), "metric": "m", "value": 1.0})
    row = kpis.level_now(levels).iloc[0]
    assert pd.isna(row["change_days"]) and pd.isna(row["change_month"])


def test_exports_name_a_change_inside_the_range():
    assert exports.reporting_change(BREAKS, "b_destroyed").startswith("From 2025-07-24 the source reports differently")
    assert exports.reporting_change(BREAKS, "a_launched") == ""
    assert exports.reporting_change(None, "b_destroyed") == ""
