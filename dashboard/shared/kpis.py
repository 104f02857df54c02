"""Headline numbers for the range, computed from the daily rows the charts already fetched. Pure.

Shot-down shares are not computed here: they come from queries.range_rates, which applies the one
Σ numerator / Σ denominator rule (etl.registry.metrics.RATIO_OF_SUMS_SQL)."""
from __future__ import annotations

import pandas as pd


def latest_days(series: pd.DataFrame, metrics: list[str], n: int = 2) -> pd.DataFrame:
    """Rows (date, metric, value) of the newest `n` days that report any of `metrics`, newest first."""
    rows = series[series["metric"].isin(metrics)]
    days = sorted(rows["date"].unique(), reverse=True)[:n]
    return rows[rows["date"].isin(days)].sort_values(["date", "metric"], ascending=[False, True])


def peaks(series: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Per metric: the highest value, the first day it was reached, and whether that day set a record."""
    rows = series[series["metric"].isin(metrics)].sort_values(["metric", "value", "date"],
                                                                ascending=[True, False, True])
    return rows.groupby("metric").head(1).set_index("metric")[["value", "date", "is_record"]]
