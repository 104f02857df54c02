"""Every share's numerator and denominator cover the same rows, on days with a separate daytime report too.

A share is Σ numerator / Σ denominator (etl/registry/metrics.py). When the two parts are counted on different
rows, a day that adds a report giving only one of them dilutes the share: the daytime report of 24 Mar 2026
(556 Shahed-type drones, no count of real Shaheds) made the decoy share 142/948 = 15 % where the drones it can
see give 142/392 = 36 %. Each share is recomputed here from the accepted attack rows, independently of the
metric code, and a share added to the registry without a recomputation here fails the test. The recomputations
against the real data: tests/real_data/test_shares_cover_the_same_rows_real.py.
"""
from __future__ import annotations

import duckdb
import pytest

from dashboard.shared import exports
from etl.pipeline.refresh import refresh
from etl.registry import metrics
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir

SHAHED = "Shahed-136/131"
MISSILES = "('cruise_missile', 'ballistic_missile', 'other_missile')"
# Each share from the raw rows: (numerator, denominator) over national rows ending that Kyiv day.
RECOMPUTED = {
    "drones_interception_rate": (
        "sum(destroyed) FILTER (WHERE weapon_class = 'drone')",
        "sum(launched) FILTER (WHERE weapon_class = 'drone')"),
    "missiles_interception_rate": (
        f"sum(destroyed) FILTER (WHERE weapon_class IN {MISSILES})",
        f"sum(launched) FILTER (WHERE weapon_class IN {MISSILES})"),
    "decoy_share": (  # only the Shahed rows that give the real count, above and below the line
        "sum(launched - is_shahed) FILTER (WHERE is_shahed_type AND weapon_class = 'drone' AND is_shahed IS NOT NULL)",
        "sum(launched) FILTER (WHERE is_shahed_type AND weapon_class = 'drone' AND is_shahed IS NOT NULL "
        "AND launched IS NOT NULL)"),
    "drones_neutralised_rate": (  # one figure "shot down or suppressed" from 24 July 2025: destroyed alone
        "sum(destroyed) FILTER (WHERE weapon_class = 'drone') + CASE WHEN any_value(date) < DATE '2025-07-24' "
        "THEN sum(not_reach_goal) FILTER (WHERE weapon_class = 'drone') ELSE 0 END",
        "sum(launched) FILTER (WHERE weapon_class = 'drone')"),
    "hit_locations_per_drone": (
        "sum(num_hit_location)",
        "sum(launched) FILTER (WHERE weapon_class = 'drone')"),
}


def test_every_share_in_the_registry_has_a_recomputation():
    assert {m.name for m in metrics.RATES} == set(RECOMPUTED)


def test_a_daytime_report_without_the_real_count_leaves_the_decoy_share_alone(tmp_path):
    rows = small_history() + [
        # The overnight report gives the real count: 400 Shahed-type, 250 real, so 150 decoys.
        national("2025-03-01 20:00", "2025-03-02 08:00", SHAHED, "400.0", "380.0", is_shahed="250.0"),
        # A separate daytime report the same day without it: no part of the decoy share.
        national("2025-03-02 09:00", "2025-03-02 18:00", SHAHED, "556.0", "500.0"),
    ]
    db = tmp_path / "x.duckdb"
    refresh(db, source_dir=write_source_dir(tmp_path / "src", rows), now=PINNED_NOW)
    with duckdb.connect(str(db), read_only=True) as con:
        values = dict(con.execute("SELECT metric, value FROM daily_metrics WHERE date = DATE '2025-03-02'").fetchall())
        parts = con.execute("SELECT numerator, denominator FROM rate_parts WHERE metric = 'decoy_share' "
                            "AND date = DATE '2025-03-02'").fetchone()
    assert values["shahed_drones_launched"] == 956 and values["decoy_drones_launched"] == 150
    assert parts == (150, 400)
    assert values["decoy_share"] == pytest.approx(150 / 400)
    assert values["drones_interception_rate"] == pytest.approx(880 / 956)  # both reports give both parts


def test_the_exports_write_each_shares_formula_from_the_registry():
    decoys = metrics.get("decoy_share")
    formula = metrics.formula(decoys)
    assert formula == ("Σ Decoy drones launched / Σ Shahed-type drones launched, on reports giving the real count, "
                       "over the days that report both")
    assert exports.basis("rate", "month", 0, formula) == formula + ", over the month"
    assert metrics.formula(metrics.get("drones_interception_rate")).startswith("Σ Drones destroyed / Σ Drones launched")
