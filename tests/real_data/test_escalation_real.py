"""The escalation views on the real data: numbers a person can check against the source.

The escalation page on the same data: tests/app/test_escalation_page.py.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

D = dt.date


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def record(db, metric, definition):
    return query(db, "SELECT value, date FROM records_by_definition WHERE metric = ? AND definition = ? AND rank = 1",
                 [metric, definition])


def test_records_by_definition(real_db):
    # PROVENANCE.md: one report and one night: 810, the night into 2025-09-07 (17:00 to 09:30);
    # a calendar day: 948 on 2026-03-24 (392 overnight + 556 daytime).
    assert record(real_db, "drones_launched", "report") == [(810.0, D(2025, 9, 7))]
    assert record(real_db, "drones_launched", "night") == [(810.0, D(2025, 9, 7))]
    assert record(real_db, "drones_launched", "calendar_day") == [(948.0, D(2026, 3, 24))]
    # 24 hours from 08:00 on 13 May 2026: the daytime report (753, to 18:30) and that night's (675, to 08:00).
    assert query(real_db, "SELECT value, period_start, period_end FROM records_by_definition WHERE "
                          "metric = 'drones_launched' AND definition = '24h' AND rank = 1") == [
        (1428.0, dt.datetime(2026, 5, 13, 8), dt.datetime(2026, 5, 14, 8))]
    # Missiles: the 26 Aug 2024 attack, 127 in one report from 03:00 to 18:00.
    assert record(real_db, "missiles_launched", "report") == [(127.0, D(2024, 8, 26))]
    assert query(real_db, "SELECT count(*) FROM records_by_definition WHERE metric = 'drones_launched' "
                          "AND definition = 'night'")[0][0] == 20


def test_calendar_day_definition_matches_daily_metrics(real_db):
    rows = query(real_db, """
        SELECT r.metric, r.date, r.value, d.value FROM records_by_definition AS r
        JOIN daily_metrics AS d USING (metric, date) WHERE r.definition = 'calendar_day'""")
    assert len(rows) == 100 and all(mine == theirs for _, _, mine, theirs in rows)


def test_istanbul_talks_event_window(real_db):
    # The worked example: the second round of the Istanbul talks, 2 June 2025, drones launched, N = 7.
    (row,) = query(real_db, "SELECT days_before_reported, days_after_reported, mean_before, mean_after, change_pct, "
                            "p_value FROM event_windows WHERE event_date = DATE '2025-06-02' "
                            "AND metric = 'drones_launched' AND days = 7")
    # Recomputed by hand from daily_metrics: 26 May – 1 Jun and 2 – 8 Jun 2025.
    ((before, n_before),) = query(real_db, "SELECT sum(value), count(*) FROM daily_metrics WHERE metric = "
                                           "'drones_launched' AND date BETWEEN DATE '2025-05-26' AND DATE '2025-06-01'")
    ((after, n_after),) = query(real_db, "SELECT sum(value), count(*) FROM daily_metrics WHERE metric = "
                                         "'drones_launched' AND date BETWEEN DATE '2025-06-02' AND DATE '2025-06-08'")
    assert (before, after) == (1262.0, 1052.0)
    assert row[:4] == (n_before, n_after, pytest.approx(1262 / 7), pytest.approx(1052 / 7))
    assert row[4] == pytest.approx(-16.64, abs=0.01)
    assert 0.5 < row[5] < 1  # a fall of a sixth over one week is well within chance


def test_regimes_cover_each_metric_without_gaps(real_db):
    for metric in ("drones_launched", "missiles_launched"):
        rows = query(real_db, "SELECT segment_start, segment_end FROM regimes WHERE metric = ? ORDER BY 1", [metric])
        first, last = query(real_db, "SELECT min(date), max(date) FROM metric_values WHERE metric = ?", [metric])[0]
        assert rows[0][0] == first and rows[-1][1] == last
        assert all(b[0] == a[1] + dt.timedelta(days=1) for a, b in zip(rows, rows[1:]))
    # Drones: more than one regime, and the newest is the highest.
    levels = [r[0] for r in query(real_db, "SELECT level FROM regimes WHERE metric = 'drones_launched' ORDER BY segment_start")]
    assert len(levels) > 1 and levels[-1] == max(levels)


def test_record_nights_are_salvos(real_db):
    rows = query(real_db, "SELECT date, value, is_salvo FROM salvo_reports WHERE metric = 'drones_launched' "
                          "AND date IN (DATE '2025-06-01', DATE '2025-09-07') ORDER BY date")
    assert rows == [(D(2025, 6, 1), 472.0, True), (D(2025, 9, 7), 810.0, True)]
