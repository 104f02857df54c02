"""The /records day in the URL (on=YYYY-MM-DD): parsed with a fallback and a notice, written back only when
picked; every other parameter unchanged. The app restoring it: tests/app/test_records_at_the_time.py."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dashboard.shared import view_state
from tests.unit.dashboard.shared.test_url_state import FIRST, KNOWN, LAST, parse


def test_on_round_trips_through_the_url():
    state = parse(start="2025-05-25", end="2025-06-05", on="2025-06-01", anchor="2025-06-02")
    assert state.on == dt.date(2025, 6, 1) and state.notices == []
    written = view_state.encode(state)
    assert written["on"] == "2025-06-01"
    assert list(written) == ["start", "end", "metrics", "agg", "smooth", "log", "events", "anchor", "on"]
    assert parse(**written) == state
    assert view_state.share_url("http://localhost:8501/records", state).endswith("&anchor=2025-06-02&on=2025-06-01")


def test_without_on_nothing_is_written_and_nothing_else_changes():
    state = parse()
    assert state.on is None and "on" not in view_state.encode(state)
    assert dataclasses.replace(parse(on="2025-06-01"), on=None) == state


@pytest.mark.parametrize("value,notice", [
    ("2025-06-31", "on '2025-06-31' is not a date (YYYY-MM-DD); showing the newest day"),
    ("1 June", "on '1 June' is not a date (YYYY-MM-DD); showing the newest day"),
    ("2021-01-01", "on '2021-01-01' is outside the data (2022-02-24 to 2026-08-22); showing the newest day"),
])
def test_a_bad_on_falls_back_to_the_newest_day_with_a_notice(value, notice):
    state = parse(on=value)
    assert state.on is None and state.notices == [notice]
    assert dataclasses.replace(state, notices=[]) == view_state.defaults(FIRST, LAST, KNOWN)


def test_on_is_a_public_parameter():
    assert "on" in view_state.PARAMS
