"""The view in the URL: parsing with fallbacks, writing back, and the app restoring it."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.shared import view_state
from tests.test_app import APP, figure, metrics

FIRST, LAST = dt.date(2022, 2, 24), dt.date(2026, 8, 22)
KNOWN = ["drones_launched", "missiles_launched", "territory_gained_km2", "losses_personnel", "occupied_km2"]


DEFAULT_METRICS = ["drones_launched", "missiles_launched", "territory_gained_km2", "losses_personnel"]


def parse(**params):
    return view_state.parse(params, first=FIRST, last=LAST, known_metrics=KNOWN)


def test_defaults_are_the_last_year_and_four_metrics():
    assert view_state.defaults(FIRST, LAST, KNOWN) == view_state.ViewState(
        start=dt.date(2025, 8, 23), end=LAST, metrics=DEFAULT_METRICS, agg="day", smooth=0, log=False,
        events=True, range_from_url=False, notices=[])
    assert parse() == view_state.defaults(FIRST, LAST, KNOWN)


def test_share_url_is_the_exact_address():
    state = parse(start="2025-05-25", end="2025-06-05", metrics="occupied_km2,drones_launched", agg="week")
    assert view_state.share_url("http://localhost:8501/records?start=1999-01-01&agg=day", state) == (
        "http://localhost:8501/records?start=2025-05-25&end=2025-06-05&metrics=occupied_km2,drones_launched"
        "&agg=week&smooth=0&log=0&events=1")


def test_a_full_url_is_restored():
    state = parse(start="2025-05-25", end="2025-06-05", metrics="occupied_km2,drones_launched", agg="week",
                  smooth="7", log="1", events="0")
    assert (state.start, state.end) == (dt.date(2025, 5, 25), dt.date(2025, 6, 5))
    assert state.metrics == ["occupied_km2", "drones_launched"]
    assert (state.agg, state.smooth, state.log, state.events) == ("week", 7, True, False)
    assert state.notices == [] and state.range_from_url is True
    assert view_state.encode(state) == {"start": "2025-05-25", "end": "2025-06-05",
                                       "metrics": "occupied_km2,drones_launched", "agg": "week", "smooth": "7",
                                       "log": "1", "events": "0"}


@pytest.mark.parametrize("params,notices", [
    ({"start": "2025-13-01"}, ["start '2025-13-01' is not a date (YYYY-MM-DD); showing the default range"]),
    ({"start": "yesterday"}, ["start 'yesterday' is not a date (YYYY-MM-DD); showing the default range"]),
    ({"start": "2025-05-25", "end": "2025-6-5"},
     ["end '2025-6-5' is not a date (YYYY-MM-DD); showing the default range"]),
    ({"start": "2025-06-05", "end": "2025-05-25"}, ["end is before start; showing the default range"]),
    ({"agg": "year"}, ["agg 'year' is not day, week or month; showing days"]),
    ({"smooth": "14"}, ["smooth '14' is not 0, 7 or 28; no smoothing"]),
    ({"log": "yes"}, ["log 'yes' is not 0 or 1; using the default"]),
    ({"events": "2"}, ["events '2' is not 0 or 1; using the default"]),
    ({"metrics": "nope"}, ["unknown metric 'nope' ignored", "no known metric asked for; showing the default metrics"]),
    ({"metrics": "a,b,c,d"}, ["unknown metric 'a' ignored", "unknown metric 'b' ignored", "unknown metric 'c' ignored",
                              "no known metric asked for; showing the default metrics"]),
    ({"agg": "x" * 60}, ["agg '" + "x" * 40 + "' is not day, week or month; showing days"]),
])
def test_invalid_values_fall_back_with_a_notice(params, notices):
    state = parse(**params)
    assert state.notices == notices
    # Everything else is exactly the default view.
    assert dataclasses.replace(state, notices=[]) == view_state.defaults(FIRST, LAST, KNOWN)


def test_a_bad_metric_beside_good_ones_is_dropped_alone():
    state = parse(metrics="occupied_km2,nope,occupied_km2,losses_personnel")
    assert state.metrics == ["occupied_km2", "losses_personnel"]
    assert state.notices == ["unknown metric 'nope' ignored"]


def test_a_repeated_parameter_takes_its_last_value():
    state = parse(agg=["week", "month"], smooth=["28"])
    assert (state.agg, state.smooth, state.notices) == ("month", 28, [])


def test_injection_attempts_are_neutralised():
    state = parse(metrics="drones_launched,x'<script>alert(1)</script>", agg="day'; DROP TABLE metric_values;--")
    assert state.metrics == ["drones_launched"]
    assert state.agg == "day"  # the default; the text never reaches SQL (names are bound parameters)
    # Repeated back only as plain text: no markup or quotes survive.
    assert state.notices == ["unknown metric 'x??script?alert?1??/script?' ignored",
                             "agg 'day?; DROP TABLE metric\\_values;--' is not day, week or month; showing days"]


# Characters Markdown (and Streamlit's Markdown: :icons:, :colour[...]) would act on. st.info renders notices
# as Markdown, so an echoed value must carry none of them.
MARKDOWN_ACTIVE = re.compile(r"[_*`~\[\]()<>#!|:]|https?://|www\.")


@pytest.mark.parametrize("value", ["__bold__", "https://evil.example/login", ":material/warning:"])
def test_echoed_values_carry_no_markdown(value):
    (notice,) = parse(agg=value).notices
    echoed = notice.split("'")[1]  # the value as repeated between the quotes
    assert notice == f"agg '{echoed}' is not day, week or month; showing days"
    unescaped = re.sub(r"\\.", "", echoed)  # a backslash-escaped character is shown as text
    assert echoed and not MARKDOWN_ACTIVE.search(unescaped), echoed


def test_range_outside_the_data_is_clipped_with_a_notice():
    state = parse(start="2000-01-01", end="2030-01-01")
    assert (state.start, state.end) == (FIRST, LAST)
    assert state.notices == ["the range was clipped to the data (2022-02-24 to 2026-08-22)"]


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


def test_the_parser_decides_the_preset_a_links_range_opens_with():
    """A link's range that a preset shows opens with that preset; any other range is Custom, and no range the
    default preset: the parser decides, so the sidebar never turns a link's dates into other dates."""
    first, last = dt.date(2022, 2, 24), dt.date(2026, 8, 22)
    last_30 = view_state.parse({"start": "2026-07-24", "end": "2026-08-22"}, first=first, last=last, known_metrics=[])
    assert last_30.preset == "Last 30 days" and (last_30.start, last_30.end) == (dt.date(2026, 7, 24), last)
    custom = view_state.parse({"start": "2026-07-20", "end": "2026-08-22"}, first=first, last=last, known_metrics=[])
    assert custom.preset == "Custom"
    assert view_state.parse({}, first=first, last=last, known_metrics=[]).preset == view_state.DEFAULT_PRESET
