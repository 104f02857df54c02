"""Regimes: stretches of weeks with a steady level, split where the weekly totals change. Pure.

Change points come from `ruptures` (PELT, least-squares cost: a change in the mean) on the square root
of the weekly totals of the reported days, Monday to Sunday. The square root steadies the spread of
counts (a week of 2,000 drones varies more than a week of 20), so one penalty fits early and late weeks.
The penalty is BIC-like, PENALTY_FACTOR × σ² × ln(weeks), with σ the noise of that series estimated
from its week-to-week differences (their standard deviation / √2), so it scales with each metric.
A regime lasts at least MIN_WEEKS weeks. Each segment's level is the daily mean over its reported days.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import ruptures

from etl.registry import rules
from etl.registry.series import FAMILIES

REGIME_METRICS = FAMILIES
MIN_WEEKS = rules.REGIME_MIN_WEEKS
PENALTY_FACTOR = rules.REGIME_PENALTY_FACTOR

METHOD = rules.REGIME_METHOD.format(factor=f"{PENALTY_FACTOR:g}", weeks=MIN_WEEKS)


def weekly_totals(daily: pd.Series) -> pd.DataFrame:
    """Weeks from the first reported day's week to the last's: week_start, total, reported_days."""
    dates = pd.to_datetime(pd.Index(daily.index))
    week = dates.to_period("W-SUN").start_time
    frame = pd.DataFrame({"week_start": week, "value": daily.to_numpy(dtype=float)})
    weeks = frame.groupby("week_start")["value"].agg(total="sum", reported_days="count")
    every_week = pd.date_range(weeks.index.min(), weeks.index.max(), freq="7D", name="week_start")
    weeks = weeks.reindex(every_week).fillna({"total": 0.0, "reported_days": 0})
    return weeks.reset_index()


def noise_sigma(signal: np.ndarray) -> float:
    """The week-to-week noise: the standard deviation of the differences / √2 (a difference holds two weeks' noise)."""
    diffs = np.diff(signal)
    return float(np.std(diffs) / np.sqrt(2)) if len(diffs) else 0.0


def change_weeks(totals: np.ndarray) -> list[int]:
    """Indices of the weeks that start a new regime (not counting the first week)."""
    n = len(totals)
    signal = np.sqrt(np.clip(totals, 0, None))
    sigma = noise_sigma(signal)
    if n < 2 * MIN_WEEKS or sigma == 0:
        return []
    penalty = PENALTY_FACTOR * sigma ** 2 * np.log(n)
    ends = ruptures.Pelt(model="l2", min_size=MIN_WEEKS, jump=1).fit(signal.reshape(-1, 1)).predict(pen=penalty)
    return [end for end in ends if end < n]


def regimes(daily: pd.Series) -> pd.DataFrame:
    """Contiguous segments from the metric's first reported day to its last.

    Args:
        daily: the metric's reported days, indexed by date, NaN-free.

    Returns:
        segment_start, segment_end (dates, inclusive), level (daily mean over reported days), days,
        reported_days.
    """
    columns = ["segment_start", "segment_end", "level", "days", "reported_days"]
    if daily.empty:
        return pd.DataFrame(columns=columns)
    daily = daily.sort_index()
    weeks = weekly_totals(daily)
    cuts = change_weeks(weeks["total"].to_numpy())
    first, last = pd.Timestamp(daily.index[0]), pd.Timestamp(daily.index[-1])
    starts = [first] + [weeks["week_start"].iloc[i] for i in cuts]
    ends = [start - pd.Timedelta(days=1) for start in starts[1:]] + [last]
    dates = pd.to_datetime(pd.Index(daily.index))
    rows = []
    for start, end in zip(starts, ends):
        inside = daily.to_numpy(dtype=float)[(dates >= start) & (dates <= end)]
        rows.append({"segment_start": start.date(), "segment_end": end.date(),
                     "level": float(inside.mean()) if len(inside) else None,
                     "days": (end - start).days + 1, "reported_days": len(inside)})
    return pd.DataFrame(rows, columns=columns)


def all_regimes(values: pd.DataFrame, metrics=REGIME_METRICS) -> pd.DataFrame:
    """regimes() for each metric, from daily values (date, metric, value): metric first."""
    frames = []
    for metric in metrics:
        daily = values[values["metric"] == metric].dropna(subset=["value"]).set_index("date")["value"]
        frames.append(regimes(daily).assign(metric=metric))
    out = pd.concat(frames, ignore_index=True)
    return out[["metric", "segment_start", "segment_end", "level", "days", "reported_days"]]
