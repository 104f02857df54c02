"""Property tests (hypothesis): the attack transform's daily totals agree with the rows, whatever the rows."""
from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.sources import attack_metrics, attacks
from tests.conftest import PINNED_NOW, raw_rows, weapons_table

MODELS = ["Shahed-136/131", "Orlan-10", "Kalibr", "Iskander-M", "X-101/X-555 and Iskander-K", "C-300", "GBU"]
SOURCES = ["kpszsu/posts/a", "kpszsu/posts/b", "PvKPivden/posts/c"]


@st.composite
def attack_row(draw):
    day = draw(st.integers(min_value=1, max_value=20))
    launched = draw(st.integers(min_value=0, max_value=900))
    destroyed = draw(st.integers(min_value=0, max_value=launched))
    start_hour = draw(st.integers(min_value=0, max_value=23))
    return {
        "time_start": f"2025-03-{day:02d} {start_hour}:00",
        "time_end": f"2025-03-{day + 1:02d} 08:30",
        "model": draw(st.sampled_from(MODELS)),
        "target": draw(st.sampled_from(["Ukraine", "south", "Kyiv oblast"])),
        "launched": f"{launched}.0",
        "destroyed": f"{destroyed}.0",
        "source": draw(st.sampled_from(SOURCES)),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(attack_row(), min_size=1, max_size=40))
def test_daily_totals_equal_the_national_rows_of_each_class(rows):
    tables = attacks.transform(raw_rows(*rows), weapons_table(), now=PINNED_NOW)
    # Generated rows may repeat field for field: those repeats are rejected, everything else kept.
    frame = pd.DataFrame(rows)
    repeats = int(frame.duplicated().sum())
    assert len(tables.rejected) == repeats and len(tables.events) == len(rows) - repeats

    daily = attack_metrics.daily_metrics(tables.events).set_index(["date", "metric"])["value"]
    events = tables.events[tables.events["is_national"]]
    for (day, metric), value in daily.items():
        classes, column = {**attack_metrics.METRIC_DEFINITIONS, **attack_metrics.SHAHED_METRICS}[metric]
        rows_of_day = events[(events["date"].dt.date == day) & events["weapon_class"].isin(classes)]
        if metric.startswith("shahed"):
            rows_of_day = rows_of_day[rows_of_day["is_shahed_type"]]
        assert value == rows_of_day[column].sum()
    # Every day with a national report has every metric; regional-only days have none.
    national_days = set(events["date"].dt.date)
    assert {day for day, _ in daily.index} == national_days
    # Destroyed never exceeds launched in any class.
    for day in national_days:
        assert daily[(day, "drones_destroyed")] <= daily[(day, "drones_launched")]
        assert daily[(day, "missiles_destroyed")] <= daily[(day, "missiles_launched")]
