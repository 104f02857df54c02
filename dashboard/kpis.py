"""Headline numbers for the range, computed from the daily rows the charts already fetched. Pure."""
from __future__ import annotations

import pandas as pd

FAMILIES = {"drones": ("drones_launched", "drones_destroyed"),
            "missiles": ("missiles_launched", "missiles_destroyed")}


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


def shot_down(series: pd.DataFrame) -> pd.DataFrame:
    """Per family: Σ destroyed / Σ launched over the days that report both (never a mean of daily shares)."""
    out = {}
    for family, (launched, destroyed) in FAMILIES.items():
        pair = series[series["metric"].isin([launched, destroyed])]
        reported = pair.groupby("date")["metric"].nunique()
        sums = pair[pair["date"].isin(reported.index[reported == 2])].groupby("metric")["value"].sum()
        total_launched, total_destroyed = sums.get(launched, 0.0), sums.get(destroyed, 0.0)
        rate = total_destroyed / total_launched if total_launched else float("nan")
        out[family] = {"launched": total_launched, "destroyed": total_destroyed, "rate": rate}
    return pd.DataFrame.from_dict(out, orient="index")
