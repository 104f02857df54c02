"""How many reports give a field, and the outcomes across the change of reporting: the /regions queries on small
inline tables, worked by hand."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dashboard.app_pages.regions import queries as queries_regions

EVENTS = """CREATE TABLE attack_events (time_start TIMESTAMP, time_end TIMESTAMP, date DATE, is_national BOOLEAN,
            is_shahed_type BOOLEAN, weapon_class VARCHAR, launched DOUBLE, is_shahed DOUBLE, num_hit_location DOUBLE,
            oblasts_named DOUBLE)"""


def small_db() -> duckdb.DuckDBPyConnection:
    """Three national reports and two regional ones in the week of 3 March 2025, one national in the next."""
    con = duckdb.connect()
    con.execute(EVENTS)
    # The last value: how many oblasts the row names (its report lists regions when any row names one).
    con.executemany("INSERT INTO attack_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        # 3 Mar: one overnight report, a Shahed row giving the real count and a missile row giving the places hit.
        ("2025-03-02 18:00", "2025-03-03 08:00", "2025-03-03", True, True, "drone", 100, 60, None, 2),
        ("2025-03-02 18:00", "2025-03-03 08:00", "2025-03-03", True, False, "cruise_missile", 5, None, 7, 0),
        # 4 Mar: two reports (overnight and daytime); neither gives the real count, the daytime one no places hit.
        ("2025-03-03 18:00", "2025-03-04 08:00", "2025-03-04", True, True, "drone", 50, None, 3, 2),
        ("2025-03-04 09:00", "2025-03-04 17:00", "2025-03-04", True, True, "drone", 20, None, None, 1),
        # Regional air command reports: not national.
        ("2025-03-04 01:00", "2025-03-04 03:00", "2025-03-04", False, True, "drone", 4, None, None, 0),
        ("2025-03-05 01:00", "2025-03-05 03:00", "2025-03-05", False, True, "drone", 6, None, None, 1),
        # 10 Mar, the next week: a report of missiles only (no drones: it cannot give a drone field).
        ("2025-03-09 18:00", "2025-03-10 08:00", "2025-03-10", True, False, "ballistic_missile", 2, None, 1, None),
    ])
    con.execute("CREATE TABLE region_reports (date DATE, region_iso VARCHAR, region VARCHAR, reports BIGINT, "
                "basis VARCHAR)")
    con.executemany("INSERT INTO region_reports VALUES (?, ?, ?, ?, ?)", [
        # 3 Mar: the one report lists Kharkiv and Sumy. 4 Mar: both reports name Kharkiv, one Kyiv too.
        ("2025-03-03", "UA-63", "Kharkiv oblast", 1, "affected_region"),
        ("2025-03-03", "UA-59", "Sumy oblast", 1, "affected_region"),
        ("2025-03-04", "UA-63", "Kharkiv oblast", 2, "affected_region"),
        ("2025-03-04", "UA-32", "Kyiv oblast", 1, "affected_region"),
        ("2025-03-05", "UA-51", "Odesa oblast", 1, "regional_command"),
    ])
    return con


def test_reports_that_list_regions_per_week():
    con = small_db()
    start, end = dt.date(2025, 3, 1), dt.date(2025, 3, 16)
    national = queries_regions.region_list_coverage(con, "affected_region", "week", start, end)
    # Week of 3 March: 3 national reports, all list regions (1 on the 3rd, 2 on the 4th: Kharkiv is in both);
    # week of 10 March: 1 report, no list.
    assert national.astype({"period": str}).values.tolist() == [["2025-03-03", 3, 3], ["2025-03-10", 1, 0]]
    regional = queries_regions.region_list_coverage(con, "regional_command", "week", start, end)
    assert regional[["reports", "giving"]].values.tolist() == [[2, 1]]
    with pytest.raises(ValueError, match="basis must be one of"):
        queries_regions.region_list_coverage(con, "everything", "week", start, end)


def test_reports_that_give_a_shares_field():
    con = small_db()
    start, end = dt.date(2025, 3, 1), dt.date(2025, 3, 16)
    decoys = queries_regions.share_field_coverage(con, "decoy_share", "week", start, end)
    # Three national reports with Shahed-type drones launched in the first week; one gives the real count.
    assert decoys[["reports", "giving"]].values.tolist() == [[3, 1]]
    hits = queries_regions.share_field_coverage(con, "hit_locations_per_drone", "week", start, end)
    # The places hit of a report count wherever its row gives them (3 March: on the missile row); the 10 March
    # report launched no drones, so it is not one that could give the places hit per drone.
    assert hits[["reports", "giving"]].values.tolist() == [[3, 2]]
    with pytest.raises(ValueError, match="metric must be one of"):
        queries_regions.share_field_coverage(con, "drones_launched", "week", start, end)


def test_outcomes_before_and_after_the_change_of_reporting():
    """Two days before the change (one giving still in the air), two after (one giving still in the air): from the
    change, shot down and lost on radar are one figure, and a day is counted when it gives that figure."""
    rows = [("2025-07-22", "drones_launched", 100), ("2025-07-22", "drones_destroyed", 50),
            ("2025-07-22", "drones_lost_on_radar", 40), ("2025-07-22", "drones_neutralised", 90),
            ("2025-07-22", "drones_still_in_air", 2), ("2025-07-22", "drones_unaccounted", 8),
            ("2025-07-23", "drones_launched", 60), ("2025-07-23", "drones_destroyed", 30),
            ("2025-07-23", "drones_lost_on_radar", 20), ("2025-07-23", "drones_neutralised", 50),
            # From 24 July: destroyed is the one figure (= neutralised), lost on radar not reported.
            ("2025-07-24", "drones_launched", 200), ("2025-07-24", "drones_destroyed", 170),
            ("2025-07-24", "drones_neutralised", 170), ("2025-07-24", "drones_still_in_air", 5),
            ("2025-07-25", "drones_launched", 80), ("2025-07-25", "drones_destroyed", 70),
            ("2025-07-25", "drones_neutralised", 70)]
    con = duckdb.connect()
    con.execute("CREATE TABLE metric_values (date DATE, metric VARCHAR, value DOUBLE)")
    con.executemany("INSERT INTO metric_values VALUES (?, ?, ?)", rows)
    month = queries_regions.outcome_periods(con, "month", dt.date(2025, 7, 1), dt.date(2025, 7, 31),
                                            dt.date(2025, 7, 24)).iloc[0]
    assert month[["drones_launched", "drones_destroyed", "drones_lost_on_radar", "drones_neutralised",
                  "drones_still_in_air", "drones_unaccounted", "rest_not_split"]].tolist() == [
        440, 80, 60, 240, 7, 8 + (200 - 170 - 5), (60 - 30 - 20) + (80 - 70)]
    assert month[["days", "days_apart", "days_combined", "days_split"]].tolist() == [4, 2, 2, 2]
    # Without the change (before this page knew it) the days after it, lacking lost on radar, are left out.
    old = queries_regions.outcome_periods(con, "month", dt.date(2025, 7, 1), dt.date(2025, 7, 31)).iloc[0]
    assert (old["days"], old["drones_launched"]) == (2, 160)
