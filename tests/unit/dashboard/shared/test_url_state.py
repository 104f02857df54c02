"""The view in the URL: parsing with fallbacks, and writing back.

The app restoring it: tests/app/test_url_state_app.py.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from dashboard.shared import view_state

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


def test_the_parser_decides_the_preset_a_links_range_opens_with():
    """A link's range that a preset shows opens with that preset; any other range is Custom, and no range the
    default preset: the parser decides, so the sidebar never turns a link's dates into other dates."""
    first, last = dt.date(2022, 2, 24), dt.date(2026, 8, 22)
    last_30 = view_state.parse({"start": "2026-07-24", "end": "2026-08-22"}, first=first, last=last, known_metrics=[])
    assert last_30.preset == "Last 30 days" and (last_30.start, last_30.end) == (dt.date(2026, 7, 24), last)
    custom = view_state.parse({"start": "2026-07-20", "end": "2026-08-22"}, first=first, last=last, known_metrics=[])
    assert custom.preset == "Custom"
    assert view_state.parse({}, first=first, last=last, known_metrics=[]).preset == view_state.DEFAULT_PRESET
