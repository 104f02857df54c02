"""Event windows: the daily mean of a metric in the N days before a date and the N days after. Pure.

Before is D−N … D−1, after is D … D+N−1. Only reported days count: a day without a report is unknown,
not zero, so each window says how many of its N days were reported. The p-value comes from a
permutation test of the two windows' reported days (the difference of their means, two-sided), so it
assumes nothing about the shape of the daily counts; it is exact when the windows are small.

Memory: tests of the same shape share one scipy call (one set of relabellings), in chunks of tests small
enough that a call's arrays stay under WORKING_BYTES however many events there are (issue 22: 2,000 events
in one call took 2.5 GB). Every chunk draws the same relabellings from the same seed, so chunking
changes no p-value.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from etl.registry import rules
from etl.registry.series import ESCALATION_SERIES

WINDOW_DAYS = rules.WINDOW_DAYS
WINDOW_METRICS = ESCALATION_SERIES
PERMUTATIONS = rules.PERMUTATIONS
MIN_DAYS_FOR_TEST = rules.MIN_DAYS_FOR_TEST
SEED = 20250602  # a fixed seed: the same data gives the same p-values on every refresh
# Relabellings evaluated per step of scipy's loop (a step holds BATCH × tests × days floats).
BATCH = 500
# The most one scipy call may hold (working_bytes); more tests of one shape than fit are split into calls.
WORKING_BYTES = 128 * 2**20

METHOD = rules.WINDOW_METHOD.format(permutations=f"{PERMUTATIONS:,}", min_days=MIN_DAYS_FOR_TEST)


def _mean_difference(before, after, axis):
    return np.mean(after, axis=axis) - np.mean(before, axis=axis)


def working_bytes(tests: int, days: int) -> int:
    """The most one scipy call over `tests` tests of `days` pooled days holds at once: per test, a step of
    relabelled days (BATCH × days floats), the null distribution twice while scipy joins its steps
    (2 × PERMUTATIONS floats) and its comparison with the observed difference (PERMUTATIONS booleans)."""
    return tests * (8 * BATCH * days + (2 * 8 + 1) * PERMUTATIONS)


def tests_per_call(tests: int, days: int, budget: float) -> int:
    """How many of `tests` tests of `days` pooled days one call takes under `budget` bytes (at least one)."""
    if not math.isfinite(budget):
        return max(tests, 1)
    return max(1, min(tests, int(budget // working_bytes(1, days))))


def permutation_p_values(befores: np.ndarray, afters: np.ndarray, *, budget: float | None = None) -> np.ndarray:
    """Two-sided permutation p-values for the difference in means, one per row.

    Rows are tests of the same shape (days before × days after). Each row gets the same random
    relabellings, which leaves each row's p-value valid and lets rows share a call: they run in chunks
    of tests_per_call rows, each chunk with the relabellings drawn afresh from SEED, so a row's p-value
    is the same whatever the chunk.

    Args:
        befores, afters: one test per row.
        budget: the most one call may hold, in bytes (default WORKING_BYTES; math.inf: every row in one
            call, as before issue 22).
    """
    befores, afters = np.atleast_2d(befores).astype(float), np.atleast_2d(afters).astype(float)
    p_values = np.full(len(befores), np.nan)
    if befores.shape[1] < MIN_DAYS_FOR_TEST or afters.shape[1] < MIN_DAYS_FOR_TEST:
        return p_values
    pooled = np.concatenate([befores, afters], axis=1)
    constant = np.ptp(pooled, axis=1) == 0
    p_values[constant] = 1.0  # every day the same value: no split differs
    tested = np.flatnonzero(~constant)
    if len(tested):
        from scipy import stats  # imported here: of the dashboard only a picked event window needs scipy

        step = tests_per_call(len(tested), pooled.shape[1], WORKING_BYTES if budget is None else budget)
        for start in range(0, len(tested), step):
            rows = tested[start:start + step]
            result = stats.permutation_test((befores[rows], afters[rows]), _mean_difference,
                                            permutation_type="independent", vectorized=True, axis=1,
                                            n_resamples=PERMUTATIONS, alternative="two-sided", batch=BATCH,
                                            rng=np.random.default_rng(SEED))
            p_values[rows] = result.pvalue
    return p_values


def _split(daily: pd.Series, day0: dt.date, days: int) -> tuple[np.ndarray, np.ndarray]:
    """The reported values of the N days before and the N days after a date."""
    return _split_days(_day_numbers(daily), daily.to_numpy(dtype=float), day0, days)


def _day_numbers(daily: pd.Series) -> np.ndarray:
    """The series' dates as whole days since 1970 (computed once per series, not once per window)."""
    return pd.to_datetime(pd.Index(daily.index)).to_numpy(dtype="datetime64[D]").astype(np.int64)


def _split_days(day_numbers: np.ndarray, values: np.ndarray, day0: dt.date, days: int) -> tuple[np.ndarray, np.ndarray]:
    start = int(np.datetime64(pd.Timestamp(day0), "D").astype(np.int64))
    before = (day_numbers >= start - days) & (day_numbers < start)
    after = (day_numbers >= start) & (day_numbers < start + days)
    return values[before], values[after]


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
    """Every event × metric × N, the tests batched by shape (in chunks: permutation_p_values).

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
        day_numbers, reported = _day_numbers(daily), daily.to_numpy(dtype=float)
        for event in events.itertuples(index=False):
            for days in windows:
                before, after = _split_days(day_numbers, reported, event.date, days)
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
