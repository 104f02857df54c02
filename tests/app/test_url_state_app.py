"""The app restoring the view from the URL and writing it back (AppTest on the real data)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP, figure, metrics
from tests.unit.dashboard.shared.test_url_state import DEFAULT_METRICS


def app_with(monkeypatch, db, **params) -> AppTest:
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_url_range_shows_the_472_record_in_the_kpis(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db, start="2025-05-25", end="2025-06-05")
    assert not at.exception
    shown = metrics(at)
    assert shown["Most drones in a calendar day"] == "472"
    assert {m.label: m.delta for m in at.metric}["Most drones in a calendar day"] == "1 Jun 2025 · a record"


def test_url_restores_every_control_and_is_written_back(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db, start="2025-04-01", end="2025-06-30",
                  metrics="territory_gained_km2,losses_personnel", agg="month", smooth="0", log="0", events="0")
    assert not at.exception
    assert at.sidebar.radio(key="preset").value == "Custom"
    assert at.sidebar.multiselect(key="metrics").value == ["territory_gained_km2", "losses_personnel"]
    assert at.sidebar.radio(key="agg").value == "month"
    assert at.sidebar.toggle(key="events").value is False
    bars = figure(at, "chart_compare")["data"][0]
    assert dict(zip([x[:7] for x in bars["x"]], bars["y"]))["2025-05"] == pytest.approx(440.3, abs=0.5)
    # Changing a control writes the new view to the address bar.
    at.sidebar.radio(key="agg").set_value("week").run()
    assert dict(at.query_params) == {"start": "2025-04-01", "end": "2025-06-30",
                                     "metrics": "territory_gained_km2,losses_personnel", "agg": "week",
                                     "smooth": "0", "log": "0", "events": "0"}


def test_bad_url_gives_notices_not_errors(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db, start="2025-99-99", metrics="<img src=x onerror=alert(1)>", agg="decade")
    assert not at.exception
    notices = [i.value for i in at.info]
    expected = ["start '2025-99-99' is not a date (YYYY-MM-DD); showing the default range",
                "unknown metric '?img src=x onerror=alert?1??' ignored",
                "no known metric asked for; showing the default metrics",
                "agg 'decade' is not day, week or month; showing days"]
    # One box per notice, in order, each holding the notice's exact text (the app may frame it).
    assert len(notices) == len(expected), notices
    for shown, notice in zip(notices, expected):
        assert notice in shown, (shown, notice)
    # The default view is shown (the last year: newest report 7 Jun 2026, 236 drones) and written back.
    assert metrics(at)["Drones launched"] == "236"
    assert at.sidebar.radio(key="preset").value == "Last year"
    assert at.sidebar.multiselect(key="metrics").value == DEFAULT_METRICS
    assert dict(at.query_params) == {"start": "2025-08-23", "end": "2026-08-22", "metrics": ",".join(DEFAULT_METRICS),
                                     "agg": "day", "smooth": "0", "log": "0", "events": "1"}
