"""/escalation opened from a link whose anchor (day 0) or month it cannot show: a notice says so and what is shown
instead, never a silent fallback (AppTest on the real data). The parsing: tests/unit/dashboard/shared/test_url_fallbacks.py.
"""
from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP

ESCALATION = "app_pages/escalation/page.py"


def escalation_from_link(monkeypatch, db, **params) -> AppTest:
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(ESCALATION).run()


def test_an_anchor_and_month_outside_the_data_fall_back_with_a_notice(monkeypatch, real_db):
    at = escalation_from_link(monkeypatch, real_db, anchor="2021-01-01", month="2030-01")
    assert not at.exception
    notices = [i.value for i in at.info]
    assert "Link: anchor '2021-01-01' is outside the data (2022-02-24 to 2026-08-22); showing the latest event." in notices
    assert "Link: month '2030-01' is outside the data (2022-02 to 2026-08); showing the latest whole month." in notices
    # The defaults are shown: day 0 the newest event in the range, the newest whole month; the link drops both.
    assert at.selectbox(key="esc_anchor_pick").value == dt.date(2026, 3, 4)
    assert at.selectbox(key="esc_month_pick").value == dt.date(2026, 5, 1)
    assert "anchor" not in at.query_params and "month" not in at.query_params


def test_an_anchor_and_month_outside_the_range_shown_say_what_is_shown_instead(monkeypatch, real_db):
    # Inside the data, outside the default range (the last year of attack reports: 8 Jun 2025 - 7 Jun 2026).
    at = escalation_from_link(monkeypatch, real_db, anchor="2023-01-01", month="2023-01")
    assert not at.exception
    notices = [i.value for i in at.info]
    assert ("Day 0 1 Jan 2023 is outside the range shown (8 Jun 2025 – 7 Jun 2026); showing 4 Mar 2026 instead. "
            "Widen the date range to see it.") in notices
    assert ("Jan 2023 has no reports in the range shown (8 Jun 2025 – 7 Jun 2026); showing May 2026 instead. "
            "Widen the date range to compare it.") in notices
    # Widening the range shows them, and the notices go.
    at.radio(key="preset").set_value("All").run()
    assert at.selectbox(key="esc_anchor_pick").value == dt.date(2023, 1, 1)
    assert at.selectbox(key="esc_month_pick").value == dt.date(2023, 1, 1)
    assert not [i.value for i in at.info if "range shown" in i.value]
    assert (at.query_params["anchor"], at.query_params["month"]) == ("2023-01-01", "2023-01")


def test_an_anchor_and_month_inside_the_range_open_without_a_notice(monkeypatch, real_db):
    at = escalation_from_link(monkeypatch, real_db, start="2025-01-01", end="2025-12-31", anchor="2025-06-02",
                              month="2025-05")
    assert not at.exception and not at.info
    assert at.selectbox(key="esc_anchor_pick").value == dt.date(2025, 6, 2)
    assert at.selectbox(key="esc_month_pick").value == dt.date(2025, 5, 1)
