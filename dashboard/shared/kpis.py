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


def level_now(levels: pd.DataFrame, days_back: int = 30) -> pd.DataFrame:
    """Per level metric: its newest value and date, the change over the last `days_back` days and over the last
    whole calendar month before the newest day.

    A level on a day is the newest value on or before it, so a day without a map reads the map before. The
    month's change is its last day's level minus the previous month's last day's level.

    Returns:
        metric, date, value, since (date the 30 days count from), change_days, month (its first day),
        change_month; a change is NaN when the series does not reach back that far.
    """
    rows = []
    for metric, group in levels.dropna(subset=["value"]).groupby("metric", sort=False):
        by_day = group.assign(date=pd.to_datetime(group["date"])).set_index("date")["value"].sort_index()
        newest = by_day.index[-1]

        def at(day: pd.Timestamp) -> float:
            earlier = by_day[:day]
            return earlier.iloc[-1] if len(earlier) else float("nan")

        since = newest - pd.Timedelta(days=days_back)
        month_end = newest.normalize().replace(day=1) - pd.Timedelta(days=1)
        month = month_end.replace(day=1)
        rows.append({"metric": metric, "date": newest.date(), "value": by_day.iloc[-1], "since": since.date(),
                     "change_days": by_day.iloc[-1] - at(since), "month": month.date(),
                     "change_month": at(month_end) - at(month - pd.Timedelta(days=1))})
    return pd.DataFrame(rows, columns=["metric", "date", "value", "since", "change_days", "month", "change_month"])
