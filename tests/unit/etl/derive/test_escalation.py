"""The escalation analyses on small inline frames, each number worked out by hand.

The escalation page's own parts: tests/unit/dashboard/escalation/test_escalation_units.py.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from etl.derive.escalation import records, regimes, salvos, windows

D = dt.date


def waves(*rows) -> pd.DataFrame:
    """attack_waves rows: (time_start, time_end, drones, daytime?)."""
    frame = pd.DataFrame(rows, columns=["time_start", "time_end", "drones_launched", "is_daytime_report"])
    frame["time_start"], frame["time_end"] = pd.to_datetime(frame["time_start"]), pd.to_datetime(frame["time_end"])
    frame["date"] = frame["time_end"].dt.date
    return frame


# A night, the day's separate daytime report, the next night (as on 23-25 Mar 2026), and a lone night later.
SAMPLE = waves(
    ("2026-03-23 18:00", "2026-03-24 09:00", 300.0, False),
    ("2026-03-24 09:00", "2026-03-24 18:00", 500.0, True),
    ("2026-03-24 19:00", "2026-03-25 08:30", 200.0, False),
    ("2026-04-01 20:00", "2026-04-02 08:00", 350.0, False),
)


def values_of(frame: pd.DataFrame) -> list[tuple]:
    return [(v, pd.Timestamp(d).date()) for v, d in zip(frame["value"], frame["date"])]


def test_each_definition_counts_an_attack_its_own_way():
    top = records.records_by_definition(SAMPLE, metrics=("drones_launched",))
    by = {d: top[top["definition"] == d] for d in records.DEFINITIONS}
    assert values_of(by["report"])[:2] == [(500.0, D(2026, 3, 24)), (350.0, D(2026, 4, 2))]
    assert values_of(by["night"]) == [(350.0, D(2026, 4, 2)), (300.0, D(2026, 3, 24)), (200.0, D(2026, 3, 25))]
    # 18:00 on the 23rd + 24 h reaches 18:00 on the 24th: the night and the daytime report (800). The span from
    # the daytime report (500 + the next night, 700) shares a report with it, so it is not ranked; the next night
    # stands alone.
    assert values_of(by["24h"]) == [(800.0, D(2026, 3, 24)), (350.0, D(2026, 4, 2)), (200.0, D(2026, 3, 25))]
    assert values_of(by["calendar_day"]) == [(800.0, D(2026, 3, 24)), (350.0, D(2026, 4, 2)), (200.0, D(2026, 3, 25))]
    assert list(by["report"]["rank"]) == [1, 2, 3, 4]


def test_newest_attack_gets_its_rank_today():
    newest = records.newest_by_definition(SAMPLE, metrics=("drones_launched",)).set_index("definition")
    assert newest.loc["report", ["value", "rank", "periods", "record_value"]].tolist() == [350.0, 2, 4, 500.0]
    assert newest.loc["night", "rank"] == 1


@pytest.mark.parametrize("start,end,daytime,overnight", [
    ("2025-05-31 19:30", "2025-06-01 13:30", False, True),   # the 472-drone night, reported until 13:30
    ("2024-08-26 03:00", "2024-08-26 18:00", False, True),   # began in the small hours
    ("2025-09-06 17:00", "2025-09-07 09:30", False, True),   # the 810-drone night
    ("2026-03-24 09:00", "2026-03-24 18:00", True, False),   # a separate daytime report
    ("2024-05-05 00:00", "2024-05-05 00:00", False, False),  # a date-only daily tally
    ("2026-04-15 07:00", "2026-04-16 07:00", False, False),  # a 24-hour summary
    ("2023-07-17 00:00", "2023-07-20 08:00", False, False),  # several days
])
def test_overnight_reports(start, end, daytime, overnight):
    assert records.is_overnight(waves((start, end, 1.0, daytime))).iloc[0] == overnight


def test_a_date_only_tally_covers_its_whole_day():
    # Two consecutive daily tallies are 48 hours, not 0: they never share a 24-hour span.
    pair = waves(("2023-03-06", "2023-03-06", 15.0, False), ("2023-03-07", "2023-03-07", 10.0, False))
    assert values_of(records.periods(pair, "drones_launched", "24h")) == [(15.0, D(2023, 3, 6)), (10.0, D(2023, 3, 7))]


def daily(values: dict[int, float], day0=D(2025, 6, 2)) -> pd.Series:
    """A reported-days series from offsets to day 0."""
    return pd.Series(list(values.values()), index=[day0 + dt.timedelta(days=k) for k in values])


def test_event_window_counts_reported_days_only():
    # N = 3: days −3 and −1 reported (10, 30; −2 unknown), days 0, 1, 2 reported (40, 50, 60).
    window = windows.event_window(daily({-3: 10, -1: 30, 0: 40, 1: 50, 2: 60, 3: 999}), D(2025, 6, 2), 3)
    assert window == {"days": 3, "days_before_reported": 2, "days_after_reported": 3, "mean_before": 20.0,
                      "mean_after": 50.0, "change_pct": 150.0, "p_value": None}  # 2 days before: no test


def test_permutation_p_value_by_hand():
    # Before 1, 2, 3; after 4, 5, 6: of the C(6,3) = 20 splits only this one and its mirror differ by 3 in
    # mean, so the two-sided p-value is 2/20 (the test enumerates every split: there are fewer than 9,999).
    window = windows.event_window(daily({-3: 1, -2: 2, -1: 3, 0: 4, 1: 5, 2: 6}), D(2025, 6, 2), 3)
    assert window["change_pct"] == pytest.approx(150.0)
    assert window["p_value"] == pytest.approx(0.1)


def test_event_windows_batch_gives_the_same_p_values_as_one_at_a_time():
    rng = np.random.default_rng(7)
    days = pd.date_range("2025-01-01", "2025-12-31").date
    values = pd.DataFrame({"date": days, "metric": "drones_launched", "value": rng.poisson(100, len(days))})
    events = pd.DataFrame({"date": [D(2025, 3, 1), D(2025, 6, 1), D(2025, 9, 1)], "title": ["a", "b", "c"]})
    batch = windows.event_windows(values, events, metrics=("drones_launched",))
    series = values.set_index("date")["value"]
    for row in batch.itertuples():
        alone = windows.event_window(series, row.event_date, row.days)
        assert row.p_value == pytest.approx(alone["p_value"]) and row.mean_after == pytest.approx(alone["mean_after"])


def test_regimes_find_a_step_and_stay_contiguous():
    days = pd.date_range("2025-01-06", periods=20 * 7 * 2).date  # 20 weeks at ~10 a day, then 20 at ~100
    rng = np.random.default_rng(1)
    level = np.where(np.arange(len(days)) < 140, 10, 100)
    series = pd.Series(rng.poisson(level).astype(float), index=days).drop(days[[3, 50, 200]])  # unreported days
    found = regimes.regimes(series)
    assert [r.segment_start for r in found.itertuples()] == [D(2025, 1, 6), D(2025, 5, 26)]
    assert found["segment_end"].iloc[-1] == days[-1]
    assert (pd.to_datetime(found["segment_start"]).iloc[1:].to_numpy()
            == (pd.to_datetime(found["segment_end"]) + pd.Timedelta(days=1)).iloc[:-1].to_numpy()).all()
    assert found["level"].iloc[0] == pytest.approx(10, rel=0.1) and found["level"].iloc[1] == pytest.approx(100, rel=0.05)
    assert found["reported_days"].sum() == len(series)


def test_salvo_rule():
    days = pd.date_range("2025-06-01", periods=30)
    values = pd.DataFrame({"date": days.date, "metric": "drones_launched", "value": 50.0})
    reports = waves(("2025-06-29 20:00", "2025-06-30 08:00", 150.0, False),   # 3 × 50 and ≥ 100: salvo
                    ("2025-06-28 20:00", "2025-06-29 08:00", 149.0, False),   # below 3 × 50
                    ("2025-06-03 20:00", "2025-06-04 08:00", 900.0, False))   # 3 days before it: untagged
    tagged = salvos.salvo_reports(reports, values, rules={"drones_launched": (3.0, 100.0)})
    by_day = dict(zip(tagged["date"], tagged["is_salvo"]))
    assert by_day == {D(2025, 6, 4): None, D(2025, 6, 29): False, D(2025, 6, 30): True}
