"""End to end on the real data (ESCALATION_SOURCE_DIR): values checkable against the source."""
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


def test_shahed_series_is_the_figure_the_press_quotes(real_db):
    assert value(real_db, "shahed_drones_launched", dt.date(2025, 6, 1))[0] == 472
    # 2023-06-20: 35 + 6 Shahed rows (a possible double count, kept as published) and 4 reconnaissance drones.
    assert value(real_db, "shahed_drones_launched", dt.date(2023, 6, 20))[0] == 41
    assert value(real_db, "drones_launched", dt.date(2023, 6, 20))[0] == 45


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
    (read, loaded, rejected), = query(real_db, "SELECT rows_read, rows_loaded, rows_rejected FROM source_loads "
                                               "WHERE source = 'attacks'")
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


# ---------------------------------------------------------------- territory and losses
def test_occupied_area_first_of_june_2025(real_db):
    area, is_record = value(real_db, "occupied_km2", dt.date(2025, 6, 1))
    assert area == pytest.approx(113_157, abs=1)


def test_may_2025_territory_gain(real_db):
    rows = query(real_db, "SELECT sum(value) FROM daily_metrics WHERE metric = 'territory_gained_km2' "
                          "AND date BETWEEN DATE '2025-05-01' AND DATE '2025-05-31'")
    assert rows[0][0] == pytest.approx(440.3, abs=0.5)  # map of 1 June minus map of 1 May


def test_crimea_redraw_is_marked_and_never_a_record(real_db):
    rows = query(real_db, "SELECT m.value, m.record_eligible, m.note, d.is_record FROM metric_values AS m "
                          "JOIN daily_metrics AS d USING (metric, date) "
                          "WHERE m.metric = 'territory_gained_km2' AND m.date = DATE '2022-09-18'")
    (gain, eligible, note, is_record), = rows
    assert gain == pytest.approx(795.71, abs=0.01)
    assert not eligible and not is_record and "Crimea" in note


def test_missing_map_days_are_absent_and_bridged(real_db):
    assert query(real_db, "SELECT count(*) FROM metric_values WHERE metric = 'occupied_km2' "
                          "AND date IN (DATE '2025-11-26', DATE '2026-07-09')")[0][0] == 0
    note = query(real_db, "SELECT note FROM metric_values WHERE metric = 'territory_gained_km2' "
                          "AND date = DATE '2025-11-26'")[0][0]
    assert "over 2 days" in note


@pytest.mark.parametrize("name,table_date", [("20250601", "2025-06-01"), ("20260822", "2026-08-22")])
def test_area_computed_from_sample_maps_matches_the_table(real_source_dir, real_db, name, table_date):
    from etl.sources import territory

    computed = territory.map_file_area_km2(
        real_source_dir / "territory" / "samples" / f"deepstatemap_data_{name}.geojson")
    (table,), = query(real_db, "SELECT value FROM metric_values WHERE metric = 'occupied_km2' AND date = ?",
                      [dt.date.fromisoformat(table_date)])
    assert computed == pytest.approx(table, abs=1)


def test_sample_map_of_first_of_may_matches_its_day(real_source_dir, real_db):
    from etl.sources import territory

    computed = territory.map_file_area_km2(
        real_source_dir / "territory" / "samples" / "deepstatemap_data_20250501.geojson")
    assert computed == pytest.approx(value(real_db, "occupied_km2", dt.date(2025, 5, 1))[0], abs=1)


def test_nzz_bogus_rows_rejected_and_definition_bridged(real_db):
    rejected = query(real_db, "SELECT count(*), min(line), max(line) FROM rejected_rows WHERE source = 'territory_nzz'")
    assert rejected == [(7, 609, 615)]  # 2023-10-24 .. 2023-10-30, about 750,858 km²
    # 2025-06-01: NZZ's own 96,519 plus the 16,619 km² of ORDLO it stopped drawing in March 2024.
    assert value(real_db, "occupied_km2_nzz", dt.date(2025, 6, 1))[0] == pytest.approx(96_519 + 16_619, abs=2)
    assert value(real_db, "occupied_km2_nzz", dt.date(2022, 2, 24))[0] == pytest.approx(57_309.166)


def test_losses_correction_applied_on_real_data(real_db):
    # 2022-10-13: APC total changed by -14, of which -25 was a published correction: +11 losses.
    assert value(real_db, "losses_apcs", dt.date(2022, 10, 13))[0] == 11


def test_losses_reporting_gap_in_march_2022_is_not_zero(real_db):
    rows = query(real_db, "SELECT date FROM metric_values WHERE metric = 'losses_personnel' "
                          "AND date BETWEEN DATE '2022-03-07' AND DATE '2022-03-14' ORDER BY date")
    assert rows == [(dt.date(2022, 3, 8),)]  # 11,000 -> 12,000; the unchanged days have no value
    (gain, note), = query(real_db, "SELECT value, note FROM metric_values WHERE metric = 'losses_personnel' "
                                   "AND date = DATE '2022-03-15'")
    assert gain == 1500 and "covers 7 days" in note  # 03-09 .. 03-15


def test_losses_revisions_are_flagged(real_db):
    rows = query(real_db, "SELECT metric, date, value FROM metric_values WHERE source = 'losses' AND value < 0 "
                          "AND NOT record_eligible AND note LIKE 'revision%' ORDER BY metric, date")
    # The one downward revision left once corrections are applied (2024-11-30's -83 special equipment is
    # a published correction of -85, so +2).
    assert rows == [("losses_artillery", dt.date(2026, 3, 4), -10.0)]
    assert query(real_db, "SELECT count(*) FROM metric_values WHERE source = 'losses' AND value < 0 "
                          "AND note NOT LIKE 'revision%'")[0][0] == 0


def test_the_correction_dated_a_day_early_is_applied_to_the_day_it_fits(real_db):
    """PROVENANCE.md: the 2023-05-27 correction row fits the jumps of 2023-05-28."""
    day_27 = dict(query(real_db, "SELECT metric, value FROM metric_values WHERE source = 'losses' "
                                 "AND date = DATE '2023-05-27'"))
    assert min(day_27.values()) >= 0  # applied as dated: aircraft -3, drones -18, cruise missiles -21
    day_28 = dict(query(real_db, "SELECT metric, value FROM metric_values WHERE source = 'losses' "
                                 "AND date = DATE '2023-05-28'"))
    assert (day_28["losses_drones"], day_28["losses_aircraft"], day_28["losses_tanks"]) == (3.0, 0.0, 3.0)
    (note,) = query(real_db, "SELECT note FROM metric_values WHERE metric = 'losses_drones' "
                             "AND date = DATE '2023-05-28'")[0]
    assert "difference +52 minus published correction +49 (dated 2023-05-27" in note
    # No false record: 52 on 2023-05-28 was above the earlier high of 46.
    assert query(real_db, "SELECT count(*) FROM record_highs WHERE metric = 'losses_drones' "
                          "AND date = DATE '2023-05-28'")[0][0] == 0


# ---------------------------------------------------------------- quirks PROVENANCE.md names, checked on the real files
def test_loss_fields_that_start_later_give_no_first_day_value(real_db):
    """A field added later opens with its total since the start of the war (ground robotic systems: 1,306 on
    2026-05-03), which is no day's losses: the series starts the next day (1,317 − 1,306 = 11)."""
    assert query(real_db, "SELECT min(date) FROM daily_metrics WHERE metric = 'losses_ground_robots'") == [
        (dt.date(2026, 5, 4),)]
    assert value(real_db, "losses_ground_robots", dt.date(2026, 5, 4))[0] == 11
    for metric, first_total_day in (("losses_special_equipment", dt.date(2022, 3, 16)),
                                    ("losses_submarines", dt.date(2023, 9, 14))):
        assert query(real_db, "SELECT count(*) FROM daily_metrics WHERE metric = ? AND date <= ?",
                     [metric, first_total_day]) == [(0,)]


def test_a_correction_whose_day_number_disagrees_is_applied_on_its_date(real_db):
    """The correction row dated 2024-06-23 says day 850 (it is day 851): the date counts. Cruise missiles:
    2,321 − 2,302 − the correction of 6 = 13."""
    assert value(real_db, "losses_cruise_missiles", dt.date(2024, 6, 23))[0] == 13


def test_the_largest_real_map_drops_are_loaded_not_rejected(real_db):
    """The Kharkiv counter-offensive and Kherson: real drops of 3,539, 3,455 and 2,409 km² stay within the
    5,000 km² a day the refresh allows, and nothing from DeepState or the losses is rejected."""
    for day, gain in ((dt.date(2022, 9, 10), -3539.4), (dt.date(2022, 9, 11), -3455.2), (dt.date(2022, 11, 11), -2408.7)):
        assert value(real_db, "territory_gained_km2", day)[0] == pytest.approx(gain, abs=0.1)
    rejected = dict(query(real_db, "SELECT source, count(*) FROM rejected_rows GROUP BY source"))
    assert rejected == {"territory_nzz": 7}  # the ~750,858 km² rows; attacks, territory and losses lose nothing


def test_the_named_double_counts_are_reported_and_kept(real_db):
    """2023-10-29: a national Shahed total of 12 plus a second national post of 5 (kept as published: 17);
    2025-12-30: an Iskander-M from both kpszsu and PvKPivden, of which only the national row counts."""
    from etl.sources import attacks

    with duckdb.connect(str(real_db), read_only=True) as con:
        events = con.execute("SELECT * FROM attack_events").df()
    doubles = attacks.possible_double_counts(events)
    flagged_days = set(events[events["line"].isin(doubles["line"])]["date"].astype(str))
    assert {"2023-06-20", "2023-10-29"} <= flagged_days
    assert value(real_db, "shahed_drones_launched", dt.date(2023, 10, 29))[0] == 17
    assert value(real_db, "ballistic_missiles_launched", dt.date(2025, 12, 30))[0] == 1


def test_nzz_flat_runs_set_no_record(real_db):
    """NZZ updates in multi-day blocks: on the real file most days repeat the day before. None of them, and no
    change that ends a run, is a record."""
    flat = query(real_db, "SELECT count(*) FROM daily_metric_rows WHERE metric = 'territory_gained_km2_nzz' "
                          "AND note LIKE 'unchanged from the day before: NZZ%'")[0][0]
    assert flat > 1000
    assert query(real_db, "SELECT count(*) FROM daily_metrics WHERE metric = 'territory_gained_km2_nzz' AND is_record "
                          "AND date IN (SELECT date FROM daily_metric_rows WHERE metric = 'territory_gained_km2_nzz' "
                          "AND note LIKE '%NZZ updates in multi-day blocks')") == [(0,)]
