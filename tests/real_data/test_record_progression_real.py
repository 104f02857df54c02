"""The sequence of records under each way of counting (view record_progression) on the real data: numbers a person
can check against the source (missile_attacks_daily.csv) and against the daily record stars."""
from __future__ import annotations

import datetime as dt

import duckdb

from dashboard.app_pages.records import data as records_data

D = dt.date


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_drones_in_one_report_355_then_472_then_479(real_db):
    # The reports of 26 May 2025 (20:15 to 11:00, 355), 1 Jun 2025 (19:30 to 13:30, 472) and 9 Jun 2025
    # (20:00 to 10:30, 479): each beat the one before; nothing came between them.
    rows = query(real_db, """
        SELECT date, value, previous_value, previous_date, period_start, period_end FROM record_progression
        WHERE metric = 'drones_launched' AND definition = 'report' AND date BETWEEN ? AND ? ORDER BY date""",
                 [D(2025, 5, 26), D(2025, 6, 9)])
    assert rows == [
        (D(2025, 5, 26), 355.0, 298.0, D(2025, 5, 25), dt.datetime(2025, 5, 25, 20, 15), dt.datetime(2025, 5, 26, 11)),
        (D(2025, 6, 1), 472.0, 355.0, D(2025, 5, 26), dt.datetime(2025, 5, 31, 19, 30), dt.datetime(2025, 6, 1, 13, 30)),
        (D(2025, 6, 9), 479.0, 472.0, D(2025, 6, 1), dt.datetime(2025, 6, 8, 20), dt.datetime(2025, 6, 9, 10, 30))]
    # The sequence ends at the record of records_by_definition: 810, the night into 7 Sep 2025.
    assert query(real_db, "SELECT date, value, previous_value FROM record_progression WHERE metric = "
                          "'drones_launched' AND definition = 'report' ORDER BY date DESC LIMIT 1") == [
        (D(2025, 9, 7), 810.0, 728.0)]
    # The first record has nothing before it, and is one of the first 28 days of the reports (from 28 Sep 2022).
    assert query(real_db, "SELECT date, value, previous_value, previous_date, in_burn_in FROM record_progression "
                          "WHERE metric = 'drones_launched' AND definition = 'report' ORDER BY date LIMIT 1") == [
        (D(2022, 9, 28), 3.0, None, None, True)]


def test_every_sequence_ends_at_its_record(real_db):
    rows = query(real_db, """
        SELECT p.metric, p.definition, max(p.value), any_value(r.value) FROM record_progression AS p
        JOIN records_by_definition AS r ON r.metric = p.metric AND r.definition = p.definition AND r.rank = 1
        GROUP BY ALL""")
    assert len(rows) == 20 and all(last == record for *_, last, record in rows)


def test_calendar_days_past_the_burn_in_are_the_daily_record_stars(real_db):
    # The same rule counted two ways: by calendar day here, by daily_metrics' record flag there.
    for metric in ("drones_launched", "missiles_launched", "ballistic_missiles_launched"):
        mine = query(real_db, "SELECT date, value FROM record_progression WHERE metric = ? AND definition = "
                              "'calendar_day' AND NOT in_burn_in ORDER BY date", [metric])
        stars = query(real_db, "SELECT date, value FROM record_highs WHERE metric = ? ORDER BY date", [metric])
        assert mine == stars and mine, metric


def test_the_data_dictionary_describes_the_view(real_db):
    columns = query(real_db, "SELECT column_name, description FROM data_dictionary WHERE object = "
                             "'record_progression'")
    assert [name for name, _ in columns] == ["metric", "definition", "date", "value", "previous_value",
                                             "previous_date", "period_start", "period_end", "in_burn_in"]
    assert all(description for _, description in columns)
    assert "record stars" in dict(columns)["in_burn_in"]


def test_1_june_2025_was_a_record_at_the_time(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        on = records_data.records_on(con, "drones_launched", D(2025, 6, 1))
    # Under every way of counting: 472 beat 355 of 26 May 2025, and 479 on 9 June 2025 beat it next.
    assert on["is_record"].all()
    assert on.loc["report", ["value", "previous_value", "previous_date", "next_value", "next_date"]].tolist() == [
        472.0, 355.0, D(2025, 5, 26), 479.0, D(2025, 6, 9)]
    with duckdb.connect(str(real_db), read_only=True) as con:
        later = records_data.records_on(con, "drones_launched", D(2025, 6, 5))
    # Four days later no record: 472 of 1 June stood, until 479 on 9 June.
    assert not later["is_record"].any()
    assert later.loc["report", ["value", "date", "next_value", "next_date"]].tolist() == [
        472.0, D(2025, 6, 1), 479.0, D(2025, 6, 9)]
