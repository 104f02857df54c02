"""Property tests (hypothesis): the attack transform's daily totals agree with the raw rows, whatever the rows.

The expected values come from a small oracle written here from the README's rules ("Weapon classes",
"Drones", "Zeros and gaps"), applied to the generated row dicts themselves, never from the transform's
own columns, so a bug in parsing, classification or the national/regional split shows up.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.sources import attack_metrics, attacks
from tests.conftest import PINNED_NOW, raw_rows, weapons_table

# The oracle: each model string the test generates, with the class the README gives it.
MODEL_CLASS = {
    "Shahed-136/131": "drone",
    "Orlan-10": "drone",  # a drone, but not a Shahed
    "Kalibr": "cruise",
    "Iskander-M": "ballistic",
    "X-101/X-555 and Iskander-K": "cruise",  # a combined row whose parts are both cruise missiles
    "C-300": "other_missile",  # S-300 at ground targets: counted in missiles, not cruise or ballistic
    "GBU": "guided_bomb",  # in neither drones nor missiles
}
MODELS = list(MODEL_CLASS)
# Regional air commands' posts overlap the national report and are left out of daily totals.
REGIONAL_PREFIXES = ("PvKPivden", "pvkshid", "PvkZahid", "PvkCenter")
SOURCES = ["kpszsu/posts/a", "kpszsu/posts/b", "PvKPivden/posts/c", "pvkshid/posts/d"]

# metric -> (classes, count field, Shahed rows only)
ORACLE_METRICS = {
    "drones_launched": ({"drone"}, "launched", False),
    "drones_destroyed": ({"drone"}, "destroyed", False),
    "missiles_launched": ({"cruise", "ballistic", "other_missile"}, "launched", False),
    "missiles_destroyed": ({"cruise", "ballistic", "other_missile"}, "destroyed", False),
    "cruise_missiles_launched": ({"cruise"}, "launched", False),
    "cruise_missiles_destroyed": ({"cruise"}, "destroyed", False),
    "ballistic_missiles_launched": ({"ballistic"}, "launched", False),
    "ballistic_missiles_destroyed": ({"ballistic"}, "destroyed", False),
    "shahed_drones_launched": ({"drone"}, "launched", True),
    "shahed_drones_destroyed": ({"drone"}, "destroyed", True),
}


def count_text(draw, n: int) -> str:
    """A count as the file may write it: "12", "12.0" or "12."."""
    return draw(st.sampled_from(["{}", "{}.0", "{}."])).format(n)


@st.composite
def attack_row(draw):
    day = draw(st.integers(min_value=1, max_value=20))
    launched = draw(st.integers(min_value=0, max_value=900))
    destroyed = draw(st.integers(min_value=0, max_value=launched))
    start_hour = draw(st.integers(min_value=0, max_value=23))
    # The day is the date of time_end, whatever its hour (00:00 and 23:59 included) and the start's date.
    end_time = draw(st.sampled_from([" 00:00", " 8:30", " 08:30", " 23:59", ""]))
    return {
        "time_start": f"2025-03-{day:02d} {start_hour}:00",
        "time_end": f"2025-03-{day + 1:02d}{end_time}",
        "model": draw(st.sampled_from(MODELS)),
        "target": draw(st.sampled_from(["Ukraine", "south", "Kyiv oblast"])),
        "launched": count_text(draw, launched),
        # Some rows lack the destroyed count: the day's value is then a lower bound, or absent.
        "destroyed": draw(st.one_of(st.just(None), st.just(count_text(draw, destroyed)))),
        "source": draw(st.sampled_from(SOURCES)),
    }


def number(text: str | None) -> float | None:
    return None if text is None else float(text.rstrip("."))


def expected_daily(rows: list[dict]) -> pd.DataFrame:
    """date, metric, value, note computed from the raw row dicts alone."""
    unique = [row for i, row in enumerate(rows) if row not in rows[:i]]
    national = [row for row in unique if not row["source"].startswith(REGIONAL_PREFIXES)]
    days = sorted({dt.date.fromisoformat(row["time_end"][:10]) for row in national})
    records = []
    for metric, (classes, field, shahed_only) in ORACLE_METRICS.items():
        for day in days:
            chosen = [row for row in national
                      if row["time_end"][:10] == day.isoformat() and MODEL_CLASS[row["model"]] in classes
                      and (not shahed_only or "Shahed" in row["model"])]
            counts = [number(row[field]) for row in chosen]
            known = [c for c in counts if c is not None]
            missing = len(counts) - len(known)
            if not chosen:
                records.append((day, metric, 0.0, None))  # nothing of this class reported: zero
            elif known:
                note = (f"{missing} row(s) without a '{field}' count: the value is a lower bound"
                        if missing else None)
                records.append((day, metric, float(sum(known)), note))
            # every row of the class lacks the count: no value at all
    frame = pd.DataFrame(records, columns=["date", "metric", "value", "note"])
    return frame.sort_values(["metric", "date"]).reset_index(drop=True)


def assert_same_values(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same rows, in the same order, with the same values (pandas' text dtype aside)."""
    columns = ["date", "metric", "value", "note"]
    pd.testing.assert_frame_equal(actual[columns].reset_index(drop=True), expected[columns], check_dtype=False,
                                  check_exact=True)


def test_oracle_on_a_hand_checked_day():
    """The oracle itself, on rows whose totals are worked out by hand."""
    rows = [
        {"time_start": "2025-03-01 20:00", "time_end": "2025-03-02 08:00", "model": "Shahed-136/131",
         "launched": "100.0", "destroyed": "90.0", "source": "kpszsu/posts/a"},
        {"time_start": "2025-03-01 20:00", "time_end": "2025-03-02 08:00", "model": "Orlan-10",
         "launched": "5", "destroyed": None, "source": "kpszsu/posts/a"},
        {"time_start": "2025-03-01 20:00", "time_end": "2025-03-02 08:00", "model": "C-300",
         "launched": "4.0", "destroyed": "0.0", "source": "kpszsu/posts/a"},
        {"time_start": "2025-03-01 20:00", "time_end": "2025-03-02 08:00", "model": "GBU",
         "launched": "30.0", "destroyed": "0.0", "source": "kpszsu/posts/a"},
        {"time_start": "2025-03-02 09:00", "time_end": "2025-03-02 18:00", "model": "Shahed-136/131",
         "launched": "70.0", "destroyed": "60.0", "source": "PvKPivden/posts/c"},
    ]
    values = expected_daily(rows).set_index("metric")["value"].to_dict()
    assert values == {"ballistic_missiles_destroyed": 0.0, "ballistic_missiles_launched": 0.0,
                      "cruise_missiles_destroyed": 0.0, "cruise_missiles_launched": 0.0,
                      "drones_destroyed": 90.0, "drones_launched": 105.0,
                      "missiles_destroyed": 0.0, "missiles_launched": 4.0,
                      "shahed_drones_destroyed": 90.0, "shahed_drones_launched": 100.0}
    tables = attacks.transform(raw_rows(*rows), weapons_table(), now=PINNED_NOW)
    assert_same_values(attack_metrics.daily_metrics(tables.events), expected_daily(rows))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(attack_row(), min_size=1, max_size=40))
def test_daily_totals_equal_the_national_rows_of_each_class(rows):
    tables = attacks.transform(raw_rows(*rows), weapons_table(), now=PINNED_NOW)

    # A row repeating an earlier one field for field is rejected, naming the earlier row's line.
    expected_rejected = [(i + 2, f"duplicate of line {rows.index(row) + 2}")
                         for i, row in enumerate(rows) if row in rows[:i]]
    assert list(zip(tables.rejected["line"], tables.rejected["reason"])) == expected_rejected
    assert sorted(tables.events["line"]) == [i + 2 for i, row in enumerate(rows) if row not in rows[:i]]
    assert tables.unknown_models == []

    daily = attack_metrics.daily_metrics(tables.events)
    assert_same_values(daily, expected_daily(rows))
