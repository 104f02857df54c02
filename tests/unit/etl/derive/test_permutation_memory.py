"""The event windows' permutation tests run in chunks of tests (issue 22): the same p-values as one call per shape,
and each scipy call's arrays bounded by windows.WORKING_BYTES however many events there are.

Sizes are worked out from the arguments each scipy call receives, never timed or measured here; the time and
the peak memory of 2,000 events are in the benchmark (bench/escalation.py, bench/results.md).
"""
from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from etl.derive.escalation import windows


def counts(rows: int, days: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).poisson(120, (rows, days)).astype(float)


@pytest.mark.parametrize("before_days,after_days", [(7, 7), (3, 3), (5, 4)], ids=["sampled", "exact", "uneven"])
def test_chunked_tests_give_the_same_p_values_as_one_call(before_days, after_days):
    befores, afters = counts(23, before_days, 1), counts(23, after_days, 2)
    befores[4] = afters[4] = 50.0  # a constant test: p = 1 without a call
    one_call = windows.permutation_p_values(befores, afters, budget=math.inf)
    five_a_call = windows.permutation_p_values(
        befores, afters, budget=windows.working_bytes(5, before_days + after_days))
    one_a_call = windows.permutation_p_values(befores, afters, budget=1)
    assert np.array_equal(one_call, five_a_call) and np.array_equal(one_call, one_a_call)
    assert one_call[4] == 1.0 and np.isfinite(one_call).all()


def test_event_windows_in_chunks_equal_one_call_per_shape(monkeypatch):
    days = pd.date_range("2025-01-01", "2025-04-30").date
    rng = np.random.default_rng(3)
    values = pd.DataFrame([(day, metric, float(rng.poisson(100))) for metric in ("drones_launched",
                                                                                 "missiles_launched")
                           for day in days if rng.random() > 0.1], columns=["date", "metric", "value"])
    events = pd.DataFrame({"date": [dt.date(2025, 2, 1) + dt.timedelta(days=3 * n) for n in range(12)],
                           "title": [f"event {n}" for n in range(12)]})
    metrics, lengths = ("drones_launched", "missiles_launched"), (7, 14)
    monkeypatch.setattr(windows, "WORKING_BYTES", math.inf)
    before = windows.event_windows(values, events, metrics=metrics, windows=lengths)
    monkeypatch.setattr(windows, "WORKING_BYTES", windows.working_bytes(2, 28))
    after = windows.event_windows(values, events, metrics=metrics, windows=lengths)
    pd.testing.assert_frame_equal(before, after, check_exact=True)
    assert before["p_value"].notna().sum() == 48


def _spy(monkeypatch) -> list[int]:
    """Replace scipy's permutation test by one that records the bytes each call would hold (from the shapes
    and the batch it is given, as scipy allocates them) and returns p = 1, so no relabelling is computed."""
    held = []

    def permutation_test(data, statistic, *, batch, n_resamples, **_):
        before, after = data
        assert before.shape[0] == after.shape[0]
        tests, days = before.shape[0], before.shape[1] + after.shape[1]
        # A step of relabelled days (tests × batch × days floats), the null distribution twice while it is
        # joined (2 × n_resamples × tests floats) and its comparison (n_resamples × tests booleans).
        held.append(tests * (8 * batch * days + 17 * n_resamples))
        return SimpleNamespace(pvalue=np.ones(tests))

    monkeypatch.setattr(stats, "permutation_test", permutation_test)
    return held


@pytest.mark.parametrize("events", [40, 2_000, 20_000])
def test_each_call_holds_at_most_the_budget_whatever_the_number_of_events(monkeypatch, events):
    held = _spy(monkeypatch)
    tests = events * len(windows.WINDOW_METRICS)  # every event × metric with a full 30-day window each side
    befores, afters = np.arange(tests * 30.0).reshape(tests, 30), np.zeros((tests, 30))
    p_values = windows.permutation_p_values(befores, afters)
    assert (p_values == 1).all()  # every test went through a call
    assert max(held) <= windows.WORKING_BYTES
    assert len(held) == math.ceil(tests / windows.tests_per_call(tests, 60, windows.WORKING_BYTES))


def test_one_call_per_shape_held_what_grows_with_the_events(monkeypatch):
    """The unchunked computation (before issue 22), for scale: 2,000 events needed gigabytes in one call."""
    held = _spy(monkeypatch)
    tests = 2_000 * len(windows.WINDOW_METRICS)
    windows.permutation_p_values(np.arange(tests * 30.0).reshape(tests, 30), np.zeros((tests, 30)), budget=math.inf)
    assert held == [windows.working_bytes(tests, 60)] and held[0] > 20 * windows.WORKING_BYTES
