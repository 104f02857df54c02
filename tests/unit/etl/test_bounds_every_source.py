"""The one bounds rule (etl/pipeline/validate.py): every value a source hands over is checked against the bounds its
metric declares in etl/registry/metrics.py, for every source and for a metric added later. A value outside them is
left out with a rejected-row record naming the metric, the date and the bound; the rest of the output loads."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl.pipeline import validate
from etl.registry import metrics
from etl.registry import sources as declared_sources
from etl.sources.common import SourceResult

EMPTY_REJECTED = pd.DataFrame({"file": pd.Series(dtype=str), "line": pd.Series(dtype="int64"),
                               "reason": pd.Series(dtype=str), "raw": pd.Series(dtype=str)})


def result(rows: list[tuple]) -> SourceResult:
    frame = pd.DataFrame(rows, columns=["date", "metric", "value"]).assign(record_eligible=True, note=None)
    return SourceResult(metric_values=frame, tables={}, rejected=EMPTY_REJECTED.copy(), rows_read=len(rows))


@pytest.mark.parametrize("source", sorted({m.source for m in metrics.METRICS}))
def test_a_metric_added_to_the_registry_has_its_bounds_enforced_for_every_source(monkeypatch, source):
    added = metrics.Metric("added_for_test", "Added for a test", "things", metrics.FLOW, source,
                           "A metric declared only in this test.", (-5, 10))
    monkeypatch.setattr(metrics, "METRICS", metrics.METRICS + (added,))
    monkeypatch.setitem(metrics.BY_NAME, added.name, added)
    other = metrics.of_source(source)[0]
    low, high = other.bounds
    out = result([(dt.date(2025, 1, 1), added.name, 10.0), (dt.date(2025, 1, 2), added.name, 10.5),
                  (dt.date(2025, 1, 3), added.name, -6.0), (dt.date(2025, 1, 2), other.name, high),
                  (dt.date(2025, 1, 4), other.name, float("inf")), (dt.date(2025, 1, 5), other.name, high * 10 + 1)])
    validate.check_result(source, out)
    kept = sorted((d.isoformat(), m, v) for d, m, v in out.metric_values[["date", "metric", "value"]].itertuples(
        index=False))
    assert kept == sorted([("2025-01-01", added.name, 10.0), ("2025-01-02", other.name, high)])
    file = declared_sources.BY_KEY[source].files[0]
    assert list(out.rejected["file"]) == [file] * 4 and list(out.rejected["line"]) == [0] * 4
    reasons = list(out.rejected["reason"])
    assert reasons[0].startswith("added_for_test on 2025-01-02: the day's value 10.5 is outside the plausible range "
                                 "-5 to 10")
    assert reasons[1].startswith("added_for_test on 2025-01-03: the day's value -6 is outside the plausible range "
                                 "-5 to 10")
    assert reasons[2].startswith(f"{other.name} on 2025-01-04: the day's value is not a finite number (too large to "
                                 f"hold), outside the plausible range {low:,.0f} to {high:,.0f}")
    assert f"{other.name} on 2025-01-05" in reasons[3]
    assert all("etl/registry/metrics.py" in r for r in reasons)


def test_values_inside_their_bounds_pass_untouched():
    out = result([(dt.date(2025, 1, 1), "drones_launched", 10_000.0), (dt.date(2025, 1, 1), "drones_unaccounted",
                                                                         -10_000.0)])
    before = out.metric_values.copy()
    validate.check_result("attacks", out)
    pd.testing.assert_frame_equal(out.metric_values.reset_index(drop=True), before.reset_index(drop=True))
    assert out.rejected.empty


def test_an_undeclared_metric_still_fails_the_source_by_name():
    out = result([(dt.date(2025, 1, 1), "not_declared_anywhere", 1e18)])
    with pytest.raises(validate.SourceOutputError, match="not_declared_anywhere"):
        validate.check_result("attacks", out)


@pytest.mark.parametrize("share", [m for m in metrics.METRICS if m.kind == metrics.RATE], ids=lambda m: m.name)
def test_a_share_outside_its_bounds_is_never_loaded(share):
    """Every declared share is computed later, in the views, from two values that each pass their own bounds. The
    same rule checks the share here: 2.6 shot down of 2 launched (1.3, above the bound of 1) leaves the
    numerator out with a reason naming the share, so the share is not shown; the denominator and the other day load.
    """
    high = share.bounds[1]
    above = 2 * (high + 0.3)  # with 2 as the denominator: a share 0.3 above the bound (1.3 for a share of 0 to 1)
    out = result([(dt.date(2025, 6, 1), share.denominator, 2.0), (dt.date(2025, 6, 1), share.numerator, above),
                  (dt.date(2025, 6, 2), share.denominator, 2.0), (dt.date(2025, 6, 2), share.numerator, 1.0)])
    validate.check_result(share.source, out)
    kept = sorted((d.isoformat(), m, v) for d, m, v in out.metric_values[["date", "metric", "value"]].itertuples(
        index=False))
    assert kept == sorted([("2025-06-01", share.denominator, 2.0), ("2025-06-02", share.denominator, 2.0),
                           ("2025-06-02", share.numerator, 1.0)])
    (reason,) = out.rejected["reason"]
    assert reason.startswith(f"{share.name} on 2025-06-01: the share of the day's parts {high + 0.3:g} is outside the "
                             f"plausible "
                             f"range 0 to {high:,.0f}")
    assert "its numerator is left out" in reason
