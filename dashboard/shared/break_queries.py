"""The SQL of the declared changes of reporting (table reporting_breaks), which every chart of a metric they touch
draws. Parameterised with `?`."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard.shared.queries import _df

BREAK_COLUMNS = ["metric", "first_day", "break_metric", "what_changed"]


def reporting_breaks(con: duckdb.DuckDBPyConnection, metrics: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """The changes touching these metrics that a range spans (it has days reported both ways)."""
    return _df(con, "SELECT metric, first_day, break_metric, what_changed FROM reporting_breaks "
                    "WHERE list_contains(?, metric) AND first_day > ? AND first_day <= ? ORDER BY first_day, metric",
               [list(metrics), start, end])
