"""The sequence of records under each way of counting (etl.derive.escalation.records.progression) on small
hand-made frames, each record worked out by hand. The real data: tests/real_data/test_record_progression_real.py."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from etl.derive.escalation import records
from tests.unit.etl.derive.test_escalation import SAMPLE

D = dt.date


def periods(*rows) -> pd.DataFrame:
    """Periods as ranked_periods holds them: (day, value); each an overnight window ending at 08:00 on its day."""
    frame = pd.DataFrame(rows, columns=["date", "value"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["period_start"] = frame["date"] - pd.Timedelta(hours=12)
    frame["period_end"] = frame["date"] + pd.Timedelta(hours=8)
    return frame[["value", "period_start", "period_end", "date"]]


# Out of time order on purpose (ranked_periods lists them by value): the progression sorts them by day.
FOUND = periods(("2025-01-04", 12.0), ("2025-01-03", 10.0), ("2025-02-20", 20.0), ("2025-01-01", 10.0),
                ("2025-01-02", 5.0), ("2025-03-01", 19.0))


def test_a_record_is_strictly_above_every_earlier_period():
    out = records.progression(FOUND, first_day=pd.Timestamp("2025-01-01"))
    # 10 on 1 Jan is the first record (nothing before it); 5 is below it; 10 on 3 Jan only ties it, so it is no
    # record; 12 on 4 Jan beats 10 of 1 Jan; 20 on 20 Feb beats 12; 19 on 1 Mar is below 20.
    assert list(zip(out["date"], out["value"], out["previous_value"].fillna(-1), out["previous_date"])) == [
        (D(2025, 1, 1), 10.0, -1, None), (D(2025, 1, 4), 12.0, 10.0, D(2025, 1, 1)),
        (D(2025, 2, 20), 20.0, 12.0, D(2025, 1, 4))]
    # The first 28 days of the reports (1 to 28 Jan) are the burn-in: 20 Feb is the first record past it.
    assert list(out["in_burn_in"]) == [True, True, False]
    assert list(out["period_end"]) == [pd.Timestamp("2025-01-01 08:00"), pd.Timestamp("2025-01-04 08:00"),
                                       pd.Timestamp("2025-02-20 08:00")]


def test_the_burn_in_counts_from_the_first_day_of_the_reports():
    # Reports from 1 Dec 2024: 1 Jan 2025 is already past the 28 days, though it is the first period above zero.
    out = records.progression(FOUND, first_day=pd.Timestamp("2024-12-01"))
    assert not out["in_burn_in"].any()
    # Without a first day, the first period's day is the start.
    assert list(records.progression(FOUND)["in_burn_in"]) == [True, True, False]


def test_no_periods_no_records():
    assert records.progression(FOUND.iloc[0:0]).empty


def test_two_records_on_one_day_each_beat_the_one_before():
    # SAMPLE: the night into 24 Mar 2026 (300, to 09:00), that day's daytime report (500, to 18:00), the next night
    # (200) and a night on 2 Apr (350). One report: 300 is the first record, 500 beats it the same day.
    out = records.record_progression(SAMPLE, metrics=("drones_launched",))
    report = out[out["definition"] == "report"]
    assert list(zip(report["date"], report["value"], report["previous_value"].fillna(-1))) == [
        (D(2026, 3, 24), 300.0, -1), (D(2026, 3, 24), 500.0, 300.0)]
    # One overnight report: 300, then 350 on 2 Apr (200 on 25 Mar is below 300).
    night = out[out["definition"] == "night"]
    assert list(zip(night["date"], night["value"], night["previous_date"])) == [
        (D(2026, 3, 24), 300.0, None), (D(2026, 4, 2), 350.0, D(2026, 3, 24))]
    # A calendar day: 24 Mar (800) stands; nothing later beats it. Every record is within 28 days of 24 Mar.
    day = out[out["definition"] == "calendar_day"]
    assert list(zip(day["date"], day["value"])) == [(D(2026, 3, 24), 800.0)]
    assert out["in_burn_in"].all()
    assert list(out.columns) == ["metric", "definition", "date", "value", "previous_value", "previous_date",
                                 "period_start", "period_end", "in_burn_in"]
