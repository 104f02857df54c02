"""The regions page's queries on a small inline table, worked by hand."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest


def test_outcome_parts_by_hand():
    """Two nights: one gives still in the air (split into in the air and unaccounted), one does not (the rest is
    one part); a night without lost on radar is left out. Worked by hand."""
    from dashboard.app_pages.regions import queries as queries_regions

    rows = [("2025-05-18", "drones_launched", 273), ("2025-05-18", "drones_destroyed", 88),
            ("2025-05-18", "drones_lost_on_radar", 128), ("2025-05-18", "drones_still_in_air", 1),
            ("2025-05-18", "drones_unaccounted", 56),
            ("2025-05-19", "drones_launched", 100), ("2025-05-19", "drones_destroyed", 70),
            ("2025-05-19", "drones_lost_on_radar", 20),
            ("2025-05-20", "drones_launched", 50), ("2025-05-20", "drones_destroyed", 40)]
    con = duckdb.connect()
    con.execute("CREATE TABLE metric_values (date DATE, metric VARCHAR, value DOUBLE)")
    con.executemany("INSERT INTO metric_values VALUES (?, ?, ?)", rows)
    week = queries_regions.outcome_periods(con, "month", dt.date(2025, 5, 1), dt.date(2025, 5, 31))
    assert week[["drones_launched", "drones_destroyed", "drones_lost_on_radar", "drones_still_in_air",
                 "drones_unaccounted", "rest_not_split", "days", "days_split"]].iloc[0].tolist() == [
        373, 158, 148, 1, 56, 10, 2, 1]
    with pytest.raises(ValueError, match="period must be one of"):
        queries_regions.outcome_periods(con, "year", dt.date(2025, 5, 12), dt.date(2025, 5, 25))
