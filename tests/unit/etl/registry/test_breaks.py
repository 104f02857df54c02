"""The declared changes of reporting and the rules read from them (which metric to show over a range)."""
from __future__ import annotations

from etl.registry import breaks, metrics

NAMES = {m.name for m in metrics.METRICS}


def test_every_break_names_declared_metrics():
    for change in breaks.BREAKS:
        assert set(breaks.touched_metrics(change)) <= NAMES
        for old, new in change.same_meaning:
            assert old in change.changes_meaning_of and new in NAMES


def test_same_meaning_switches_only_when_the_range_reaches_the_change():
    change = breaks.ReportingBreak("x_part", "field", "2025-07-24", "what", "evidence", ("x_share",),
                                   (("x_share", "x_whole_share"),))
    declared = (change,)
    assert breaks.same_meaning("x_share", "2025-01-01", "2025-07-23", declared) == "x_share"
    assert breaks.same_meaning("x_share", "2025-01-01", "2025-07-24", declared) == "x_whole_share"
    assert breaks.same_meaning("x_share", "2025-08-01", "2025-09-01", declared) == "x_whole_share"
    assert breaks.same_meaning("other", "2025-01-01", "2026-01-01", declared) == "other"
    # Spanning means days on both sides: a range starting on the change day does not span it.
    assert breaks.spanned("x_share", "2025-07-23", "2025-07-24", declared) == (change,)
    assert breaks.spanned("x_share", "2025-07-24", "2025-09-01", declared) == ()


def test_rows_give_one_row_per_touched_metric():
    rows = breaks.rows()
    assert len(rows) == sum(len(breaks.touched_metrics(c)) for c in breaks.BREAKS)
    assert ("drones_destroyed", "2025-07-24", "drones_lost_on_radar", "not_reach_goal") in {r[:4] for r in rows}
