"""/escalation's anchor (day 0) and month in the URL: outside the data they fall back to their defaults with a notice,
escaped, as start and end do; inside it they are kept. The page saying so: tests/app/test_url_fallbacks_app.py."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dashboard.shared import view_state
from tests.unit.dashboard.shared.test_url_state import FIRST, KNOWN, LAST, parse

DEFAULT = view_state.defaults(FIRST, LAST, KNOWN)


@pytest.mark.parametrize("value", ["2021-01-01", "2022-02-23", "2026-08-23", "2099-12-31"])
def test_an_anchor_outside_the_data_falls_back_to_the_latest_event_with_a_notice(value):
    state = parse(anchor=value)
    assert state.anchor is None
    assert state.notices == [f"anchor '{value}' is outside the data (2022-02-24 to 2026-08-22); showing the latest event"]
    assert dataclasses.replace(state, notices=[]) == DEFAULT
    assert "anchor" not in view_state.encode(state)  # the address bar drops it


@pytest.mark.parametrize("value", ["2021-12", "2022-01", "2026-09", "2099-01"])
def test_a_month_outside_the_data_falls_back_to_the_latest_whole_month_with_a_notice(value):
    state = parse(month=value)
    assert state.month is None
    assert state.notices == [f"month '{value}' is outside the data (2022-02 to 2026-08); showing the latest whole month"]
    assert dataclasses.replace(state, notices=[]) == DEFAULT
    assert "month" not in view_state.encode(state)


@pytest.mark.parametrize("anchor,month", [("2022-02-24", "2022-02"), ("2026-08-22", "2026-08"),
                                          ("2025-06-02", "2025-05")])
def test_an_anchor_and_month_inside_the_data_are_kept_without_a_notice(anchor, month):
    state = parse(anchor=anchor, month=month)
    assert (state.anchor, state.month) == (dt.date.fromisoformat(anchor), dt.date.fromisoformat(month + "-01"))
    assert state.notices == []
    assert (view_state.encode(state)["anchor"], view_state.encode(state)["month"]) == (anchor, month)


@pytest.mark.parametrize("params,notice", [
    ({"anchor": "2025-02-30"}, "anchor '2025-02-30' is not a date (YYYY-MM-DD); showing the latest event"),
    ({"anchor": "<b>x</b>"}, "anchor '?b?x?/b?' is not a date (YYYY-MM-DD); showing the latest event"),
    ({"month": "2025-13"}, "month '2025-13' is not a month (YYYY-MM); showing the latest"),
    ({"month": "May_2025:**x**"}, "month 'May\\_2025\\:\u2060??x??' is not a month (YYYY-MM); showing the latest"),
])
def test_an_anchor_or_month_that_is_not_a_date_still_says_so_escaped(params, notice):
    assert parse(**params).notices == [notice]


def test_every_notice_repeats_the_value_only_through_echo():
    """The value is repeated as echo() writes it (plain text, Markdown escaped), never as given."""
    state = parse(anchor="1999-01-01", month="1999-01", start="2025-05-25", end="2025-06-05")
    assert state.notices == [
        "anchor " + view_state.echo("1999-01-01") + " is outside the data (2022-02-24 to 2026-08-22); showing the "
        "latest event",
        "month " + view_state.echo("1999-01") + " is outside the data (2022-02 to 2026-08); showing the latest whole "
        "month"]
    assert (state.start, state.end) == (dt.date(2025, 5, 25), dt.date(2025, 6, 5))  # the rest of the link is kept
