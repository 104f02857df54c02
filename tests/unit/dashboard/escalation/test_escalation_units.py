"""The escalation page's own parts on small inline frames: month comparisons, record words, its URL parameters.

The escalation analyses themselves (etl/derive/escalation): tests/unit/etl/derive/test_escalation.py.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.app_pages.escalation import comparisons
from dashboard.shared import records_text, view_state
from tests.unit.etl.derive.test_escalation import SAMPLE

D = dt.date


def test_month_against_month_and_year_on_year():
    monthly = pd.DataFrame({
        "date": [D(2024, 5, 1), D(2025, 4, 1), D(2025, 5, 1), D(2025, 6, 1)], "metric": "drones_launched",
        "value": [2000.0, 3000.0, 4003.0, 100.0], "days_covered": [31, 30, 31, 7], "period_days": [31, 30, 31, 30],
        "partial": [False, False, False, True]})
    row = comparisons.month_comparison(monthly, D(2025, 5, 1), ["drones_launched"]).iloc[0]
    assert row["previous_change_pct"] == pytest.approx(33.4333, rel=1e-4)
    assert row["year_change_pct"] == pytest.approx(100.15) and not row["partial"]
    table = comparisons.yearly_table(monthly, "drones_launched", D(2025, 4, 1))
    assert list(table["month"]) == [D(2025, 6, 1), D(2025, 5, 1), D(2025, 4, 1)]
    assert table.loc[1, "year_change_pct"] == pytest.approx(100.15) and pd.isna(table.loc[0, "year_before"])


def test_records_words():
    row = SAMPLE.assign(value=SAMPLE["drones_launched"], period_start=SAMPLE["time_start"],
                        period_end=SAMPLE["time_end"]).iloc[0]
    assert records_text.period_words(row, "night") == "the night into 24 Mar 2026"
    day_row = SAMPLE.assign(value=1, period_start=SAMPLE["time_start"], period_end=SAMPLE["time_end"]).iloc[1]
    assert records_text.period_words(day_row, "report") == "24 Mar 2026, 09:00–18:00"


def test_escalation_url_parameters():
    first, last = D(2022, 2, 24), D(2026, 8, 22)
    state = view_state.parse({"series": "missiles_launched", "days": "30", "anchor": "2025-06-02", "month": "2025-05"},
                            first=first, last=last, known_metrics=["drones_launched"])
    assert (state.series, state.days, state.anchor, state.month) == ("missiles_launched", 30, D(2025, 6, 2), D(2025, 5, 1))
    assert state.notices == []
    encoded = view_state.encode(state)
    assert (encoded["series"], encoded["days"], encoded["anchor"], encoded["month"]) == (
        "missiles_launched", "30", "2025-06-02", "2025-05")
    assert "series" not in view_state.encode(view_state.parse({}, first=first, last=last, known_metrics=[]))
    bad = view_state.parse({"series": "<b>x</b>", "days": "10", "anchor": "soon", "month": "2025-13"},
                          first=first, last=last, known_metrics=[])
    assert (bad.series, bad.days, bad.anchor, bad.month) == ("drones_launched", 14, None, None)
    assert len(bad.notices) == 4 and "'?b?x?/b?'" in bad.notices[0]
