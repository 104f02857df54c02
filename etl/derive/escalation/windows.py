"""Event windows: the daily mean of a metric in the N days before a date and the N days after. Pure.

Before is D−N … D−1, after is D … D+N−1. Only reported days count: a day without a report is unknown,
not zero, so each window says how many of its N days were reported. The p-value comes from a
permutation test of the two windows' reported days (the difference of their means, two-sided), so it
assumes nothing about the shape of the daily counts; it is exact when the windows are small.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from etl.registry import rules
from etl.registry.series import ESCALATION_SERIES

WINDOW_DAYS = rules.WINDOW_DAYS
WINDOW_METRICS = ESCALATION_SERIES
PERMUTATIONS = rules.PERMUTATIONS
MIN_DAYS_FOR_TEST = rules.MIN_DAYS_FOR_TEST
SEED = 20250602  # a fixed seed: the same data gives the same p-values on every refresh
# Relabellings evaluated per step: bounds the memory of a batch of tests (steps × tests × days × 8 bytes).
BATCH = 500

METHOD = rules.WINDOW_METHOD.format(permutations=f"{PERMUTATIONS:,}", min_days=MIN_DAYS_FOR_TEST)


def _mean_difference(before, after, axis):
    return np.mean(after, axis=axis) - np.mean(before, axis=axis)


def permutation_p_values(befores: np.ndarray, afters: np.ndarray) -> np.ndarray:
    """Two-sided permutation p-values for the difference in means, one per row.

    Rows are tests of the same shape (days before × days after), tested in one call: each row gets the
    same random relabellings, which leaves each row's p-value valid and costs one call per shape.
    """
    befores, afters = np.atleast_2d(befores).astype(float), np.atleast_2d(afters).astype(float)
    p_values = np.full(len(befores), np.nan)
    if befores.shape[1] < MIN_DAYS_FOR_TEST or afters.shape[1] < MIN_DAYS_FOR_TEST:
        return p_values
    pooled = np.concatenate([befores, afters], axis=1)
    constant = np.ptp(pooled, axis=1) == 0
    p_values[constant] = 1.0  # every day the same value: no split differs
    if (~constant).any():
        from scipy import stats  # imported here: of the dashboard only a picked event window needs scipy

        result = stats.permutation_test((befores[~constant], afters[~constant]), _mean_difference,
                                        permutation_type="independent", vectorized=True, axis=1,
                                        n_resamples=PERMUTATIONS, alternative="two-sided", batch=BATCH,
                                        rng=np.random.default_rng(SEED))
        p_values[~constant] = result.pvalue
    return p_values


def _split(daily: pd.Series, day0: dt.date, days: int) -> tuple[np.ndarray, np.ndarray]:
    """The reported values of the N days before and the N days after a date."""
    index = pd.to_datetime(pd.Index(daily.index))
    start, span = pd.Timestamp(day0), pd.Timedelta(days=days)
    values = daily.to_numpy(dtype=float)
    return values[(index >= start - span) & (index < start)], values[(index >= start) & (index < start + span)]


def _summary(before: np.ndarray, after: np.ndarray, days: int) -> dict:
    mean_before = float(before.mean()) if len(before) else None
    mean_after = float(after.mean()) if len(after) else None
    change = (mean_after / mean_before - 1) * 100 if mean_before and mean_after is not None else None
    return {"days": days, "days_before_reported": len(before), "days_after_reported": len(after),
            "mean_before": mean_before, "mean_after": mean_after, "change_pct": change}


def event_window(daily: pd.Series, day0: dt.date, days: int) -> dict:
    """The window around one date for one metric (a date a user picks).

    Args:
        daily: the metric's reported days, indexed by date (datetime.date), NaN-free.
        day0: the event's date (the first day after).
        days: N.

    Returns:
        days, days_before_reported, days_after_reported, mean_before, mean_after, change_pct, p_value
        (means None without a reported day; change None when the mean before is 0 or unknown; p-value
        None with fewer than MIN_DAYS_FOR_TEST reported days on a side).
    """
    before, after = _split(daily, day0, days)
    p_value = permutation_p_values(before, after)[0]
    return {**_summary(before, after, days), "p_value": None if np.isnan(p_value) else float(p_value)}


def event_windows(values: pd.DataFrame, events: pd.DataFrame, metrics=WINDOW_METRICS,
                  windows=WINDOW_DAYS) -> pd.DataFrame:
    """Every event × metric × N, the tests batched by shape.

    Args:
        values: daily values (date, metric, value) of the reported days.
        events: date and title of each event.

    Returns:
        event_date, event_title, metric, days, days_before_reported, days_after_reported, mean_before,
        mean_after, change_pct, p_value.
    """
    rows, splits = [], []
    for metric in metrics:
        daily = values[values["metric"] == metric].dropna(subset=["value"]).set_index("date")["value"].sort_index()
        for event in events.itertuples(index=False):
            for days in windows:
                before, after = _split(daily, event.date, days)
                rows.append({"event_date": event.date, "event_title": event.title, "metric": metric,
                             **_summary(before, after, days)})
                splits.append((before, after))
    p_values = np.full(len(rows), np.nan)
    shapes: dict[tuple[int, int], list[int]] = {}
    for i, (before, after) in enumerate(splits):
        shapes.setdefault((len(before), len(after)), []).append(i)
    for members in shapes.values():
        p_values[members] = permutation_p_values(np.stack([splits[i][0] for i in members]),
                                                 np.stack([splits[i][1] for i in members]))
    columns = ["event_date", "event_title", "metric", "days", "days_before_reported", "days_after_reported",
               "mean_before", "mean_after", "change_pct", "p_value"]
    out = pd.DataFrame(rows, columns=columns)
    out["p_value"] = p_values
    return out


def aligned(daily: pd.Series, day0: dt.date, days: int = 30) -> pd.DataFrame:
    """The metric's reported days around a date: day (−days … days−1), date, value. Unreported days are absent."""
    index = pd.to_datetime(pd.Index(daily.index))
    offset = (index - pd.Timestamp(day0)).days
    keep = (offset >= -days) & (offset < days)
    return pd.DataFrame({"day": offset[keep], "date": index[keep], "value": daily.to_numpy(dtype=float)[keep]})
