"""The view in the URL: parsing with fallbacks, writing back, and the app restoring it."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import exports, url_state
from tests.test_app import APP, figure, metrics

FIRST, LAST = dt.date(2022, 2, 24), dt.date(2026, 8, 22)
KNOWN = ["drones_launched", "missiles_launched", "territory_gained_km2", "losses_personnel", "occupied_km2"]


def parse(**params):
    return url_state.parse(params, first=FIRST, last=LAST, known_metrics=KNOWN)


def test_a_full_url_is_restored():
    state = parse(start="2025-05-25", end="2025-06-05", metrics="occupied_km2,drones_launched", agg="week",
                  smooth="7", log="1", events="0")
    assert (state.start, state.end) == (dt.date(2025, 5, 25), dt.date(2025, 6, 5))
    assert state.metrics == ["occupied_km2", "drones_launched"]
    assert (state.agg, state.smooth, state.log, state.events) == ("week", 7, True, False)
    assert state.notices == []
    assert url_state.encode(state) == {"start": "2025-05-25", "end": "2025-06-05",
                                       "metrics": "occupied_km2,drones_launched", "agg": "week", "smooth": "7",
                                       "log": "1", "events": "0"}


@pytest.mark.parametrize("params,notice", [
    ({"start": "2025-13-01"}, "start '2025-13-01' is not a date"),
    ({"start": "yesterday"}, "start 'yesterday' is not a date"),
    ({"start": "2025-06-05", "end": "2025-05-25"}, "end is before start"),
    ({"agg": "year"}, "agg 'year' is not day, week or month"),
    ({"smooth": "14"}, "smooth '14' is not 0, 7 or 28"),
    ({"log": "yes"}, "log 'yes' is not 0 or 1"),
    ({"metrics": "nope"}, "unknown metric 'nope' ignored"),
])
def test_invalid_values_fall_back_with_a_notice(params, notice):
    state = parse(**params)
    default = url_state.defaults(FIRST, LAST, KNOWN)
    assert any(n.startswith(notice) for n in state.notices), state.notices
    for key in params:
        if key in ("start", "end"):
            assert (state.start, state.end) == (default.start, default.end)
        elif key == "metrics":
            assert state.metrics == default.metrics
        else:
            assert getattr(state, key) == getattr(default, key)


def test_injection_attempts_are_neutralised():
    state = parse(metrics="drones_launched,x'<script>alert(1)</script>", agg="day'; DROP TABLE metric_values;--")
    assert state.metrics == ["drones_launched"]
    assert state.agg == "day"  # the default; the text never reaches SQL (names are bound parameters)
    # Repeated back only as plain text: no markup or quotes survive.
    assert all("<" not in n and ">" not in n for n in state.notices)
    assert "agg 'day?; DROP TABLE metric_values;--' is not day, week or month; showing days" in state.notices


def test_range_outside_the_data_is_clipped_with_a_notice():
    state = parse(start="2000-01-01", end="2030-01-01")
    assert (state.start, state.end) == (FIRST, LAST)
    assert any("clipped" in n for n in state.notices)


def test_csv_has_a_comment_line_and_the_rows():
    table = pd.DataFrame({"aggregation": "day", "date": [dt.date(2025, 6, 1)], "metric": ["drones_launched"],
                          "label": ["Drones launched"], "unit": ["drones"], "value": [472.0]})
    sources = pd.DataFrame({"source_title": ["Massive Missile Attacks on Ukraine"], "attribution": ["P. Ivaniuk"],
                            "licence": ["CC BY-NC-SA 4.0"]})
    text = exports.view_csv(table, sources, "http://x/?start=2025-06-01&end=2025-06-01")
    first, header, row = text.splitlines()
    assert first.startswith("# Source: Massive Missile Attacks on Ukraine (P. Ivaniuk), licence: CC BY-NC-SA 4.0.")
    assert first.endswith("View: http://x/?start=2025-06-01&end=2025-06-01")
    assert header == "aggregation,date,metric,label,unit,value" and row == "day,2025-06-01,drones_launched,Drones launched,drones,472.0"


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
    assert shown["Most drones in a day"] == "472"
    assert {m.label: m.delta for m in at.metric}["Most drones in a day"] == "01 Jun 2025 · a record"


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
    assert at.query_params["agg"] == ["week"] or at.query_params["agg"] == "week"


def test_bad_url_gives_notices_not_errors(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db, start="2025-99-99", metrics="<img src=x onerror=alert(1)>", agg="decade")
    assert not at.exception
    notices = [i.value for i in at.info]
    assert any("start '2025-99-99' is not a date" in n for n in notices)
    assert any("agg 'decade'" in n for n in notices)
    assert all("<img" not in n for n in notices)
    assert metrics(at)["Drones launched"]  # the default view is shown
