"""End to end on the real attacks data (ESCALATION_SOURCE_DIR): values checkable against the source."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def value(db, metric, day):
    rows = query(db, "SELECT value, is_record FROM daily_metrics WHERE metric = ? AND date = ?", [metric, day])
    assert len(rows) == 1, (metric, day, rows)
    return rows[0]


def test_first_of_june_2025(real_db):
    # PROVENANCE.md: Shahed-136/131 472 (2025-05-31 19:30 to 2025-06-01 13:30); missiles 4 + 3.
    assert value(real_db, "drones_launched", dt.date(2025, 6, 1)) == (472.0, True)
    assert value(real_db, "missiles_launched", dt.date(2025, 6, 1))[0] == 7
    assert value(real_db, "cruise_missiles_launched", dt.date(2025, 6, 1))[0] == 4
    assert value(real_db, "ballistic_missiles_launched", dt.date(2025, 6, 1))[0] == 3


def test_running_drone_record_after_first_of_june(real_db):
    rows = query(real_db, "SELECT date, value FROM daily_metrics WHERE metric = 'drones_launched' "
                          "AND is_record AND date >= DATE '2025-06-01' ORDER BY date")
    assert rows[:5] == [(dt.date(2025, 6, 1), 472.0), (dt.date(2025, 6, 9), 479.0), (dt.date(2025, 7, 4), 539.0),
                        (dt.date(2025, 7, 9), 728.0), (dt.date(2025, 9, 7), 810.0)]
    # By calendar day the night of 2026-03-24 (392) and its daytime report (556) make 948.
    assert rows[5:] == [(dt.date(2026, 3, 24), 948.0)]


def test_record_highs_carry_the_record_they_beat(real_db):
    rows = query(real_db, "SELECT previous_record, previous_record_date, margin FROM record_highs "
                          "WHERE metric = 'drones_launched' AND date = DATE '2025-07-09'")
    assert rows == [(539.0, dt.date(2025, 7, 4), 189.0)]


def test_overnight_waves_exclude_the_daytime_report(real_db):
    rows = query(real_db, "SELECT is_daytime_report, drones_launched FROM attack_waves "
                          "WHERE date = DATE '2026-03-24' ORDER BY time_start")
    assert rows[0] == (False, 392.0) and rows[-1] == (True, 556.0)
    assert sum(r[1] for r in rows) == 948
    largest = query(real_db, "SELECT date, drones_launched FROM attack_waves WHERE NOT is_daytime_report "
                             "ORDER BY drones_launched DESC LIMIT 1")
    assert largest == [(dt.date(2025, 9, 7), 810.0)]


def test_regional_rows_are_loaded_but_excluded(real_db):
    # 2026-06-06: PvKPivden's 82 "Unknown UAV" tally sits beside the national night report (272).
    assert value(real_db, "drones_launched", dt.date(2026, 6, 6))[0] == 272
    rows = query(real_db, "SELECT count(*) FROM attack_events WHERE NOT is_national")
    assert rows[0][0] == 1364 + 174 + 9 + 2  # PvKPivden, pvkshid, PvkZahid, PvkCenter


def test_every_row_is_accounted_for(real_db):
    (read, loaded, rejected), = query(real_db, "SELECT rows_read, rows_loaded, rows_rejected FROM source_loads")
    assert (read, loaded, rejected) == (3770, 3770, 0)
    assert query(real_db, "SELECT count(*) FROM attack_events")[0][0] == 3770


def test_every_model_string_is_classified(real_db):
    rows = dict(query(real_db, "SELECT model, weapon_class FROM weapon_models"))
    assert len(rows) == 72
    assert "unclassified" not in rows.values()
    assert rows["Привет-82"] == "drone" and rows["Aerial Bomb"] == "guided_bomb"
    assert rows["Intercontinental ballistic missile"] == "ballistic_missile"
    assert rows["C-400 and Iskander-M"] == "other_missile"


def test_missing_launched_gives_a_marked_lower_bound(real_db):
    # 2024-02-12: X-59 1 launched, and a C-300 row with no launched figure in the file.
    rows = query(real_db, "SELECT value, note FROM metric_values WHERE metric = 'missiles_launched' "
                          "AND date = DATE '2024-02-12'")
    assert rows == [(1.0, "1 row(s) without a 'launched' count: the value is a lower bound")]
    # 2024-02-28: the day's only missile row lacks launched, so there is no value, not a zero.
    rows = query(real_db, "SELECT value FROM metric_values WHERE metric = 'missiles_launched' "
                          "AND date = DATE '2024-02-28'")
    assert rows == []


def test_metric_catalogue_describes_every_metric(real_db):
    missing = query(real_db, "SELECT DISTINCT metric FROM daily_metrics WHERE metric NOT IN "
                             "(SELECT metric FROM metrics)")
    assert missing == []
    assert query(real_db, "SELECT licence FROM metrics WHERE metric = 'drones_launched'") == [("CC BY-NC-SA 4.0",)]
