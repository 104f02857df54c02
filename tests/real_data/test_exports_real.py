"""The take-away files on the real data."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from dashboard.shared import exports, queries


def test_real_may_2025_drones_in_the_monthly_csv(real_db):
    """May 2025: 4,003 drones launched (the sum of the month's 31 reported days)."""
    with queries.connect(real_db) as con:
        months = queries.period_series(con, ["drones_launched", "missiles_launched"], dt.date(2025, 1, 1),
                                       dt.date(2026, 8, 22), "month")
    table = pd.read_csv(io.StringIO(exports.wide_table(months, ["drones_launched", "missiles_launched"],
                                                       "month").to_csv(index=False))).set_index("period_start")
    assert table.loc["2025-05-01", "drones_launched"] == 4003
    assert table.loc["2025-05-01", "drones_launched_days_covered"] == 31
    # The attack reports end on 7 June 2026: June covers 7 of its 30 days.
    assert (table.loc["2026-06-01", "drones_launched_days_covered"], table.loc["2026-06-01", "days_in_period"]) == (7, 30)
