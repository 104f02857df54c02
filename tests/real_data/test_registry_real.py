"""The registry against the real data: every value within its declared bounds, the public view as shown."""
from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.shared import queries
from etl.registry import metrics


def test_every_real_value_lies_within_its_declared_bounds(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        outside = con.execute("""
            SELECT d.metric, d.date, d.value FROM daily_metrics AS d JOIN metrics AS m USING (metric)
            WHERE d.value < m.lower_bound OR d.value > m.upper_bound OR NOT isfinite(d.value)""").fetchall()
        produced = {row[0] for row in con.execute("SELECT DISTINCT metric FROM daily_metrics").fetchall()}
    assert outside == []
    assert produced == set(metrics.BY_NAME)  # every declared metric has values, nothing undeclared


def test_the_public_view_holds_exactly_what_the_dashboard_shows(real_db):
    with queries.connect(real_db) as con:
        first, last = queries.date_bounds(con)
        shown = queries.daily_series(con, list(metrics.BY_NAME), first, last)
        public = con.execute("SELECT date, metric, value, is_record FROM daily_metrics").df()
    shown = shown[["date", "metric", "value", "is_record"]].sort_values(["metric", "date"]).reset_index(drop=True)
    public = public.sort_values(["metric", "date"]).reset_index(drop=True)
    assert len(public) == 44_530
    pd.testing.assert_frame_equal(shown, public, check_dtype=False)
