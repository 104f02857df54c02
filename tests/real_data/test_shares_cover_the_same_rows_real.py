"""Every share on the real data equals its recomputation from the raw rows, on days with a daytime report too.

The recomputations and the hand-built cases: tests/unit/etl/registry/test_shares_cover_the_same_rows.py.
"""
from __future__ import annotations

import duckdb
import pytest

from tests.unit.etl.registry.test_shares_cover_the_same_rows import RECOMPUTED

# Days whose national reports include a separate daytime report (attack_events.is_daytime_report).
DAYTIME_DAYS = ("2026-03-24", "2026-05-03")


@pytest.mark.parametrize("day", DAYTIME_DAYS)
@pytest.mark.parametrize("share", sorted(RECOMPUTED))
def test_each_share_on_a_day_with_a_daytime_report_equals_its_recomputation(real_db, share, day):
    numerator, denominator = RECOMPUTED[share]
    with duckdb.connect(str(real_db), read_only=True) as con:
        assert con.execute("SELECT bool_or(is_daytime_report) FROM attack_events WHERE is_national AND date = ?",
                           [day]).fetchone()[0]
        expected = con.execute(f"SELECT ({numerator}) / ({denominator}) FROM attack_events "
                               "WHERE is_national AND date = ?", [day]).fetchone()[0]
        shown = con.execute("SELECT value FROM daily_metrics WHERE metric = ? AND date = ?", [share, day]).fetchone()
    assert shown is not None and shown[0] == pytest.approx(expected)


def test_the_decoy_share_by_hand(real_db):
    """24 Mar 2026: 142 decoys of the 392 Shahed-type drones whose real count is given (not of all 948); March 2026
    as a whole 38.5 %, not 35.2 %."""
    with duckdb.connect(str(real_db), read_only=True) as con:
        day = dict(con.execute("SELECT metric, value FROM daily_metrics WHERE date = DATE '2026-03-24'").fetchall())
        march = con.execute("SELECT sum(numerator) / sum(denominator) FROM rate_parts WHERE metric = 'decoy_share' "
                            "AND complete AND date BETWEEN DATE '2026-03-01' AND DATE '2026-03-31'").fetchone()[0]
    assert day["shahed_drones_launched"] == 948 and day["decoy_drones_launched"] == 142
    assert day["shahed_drones_launched_with_real_count"] == 392
    assert round(day["decoy_share"], 3) == round(142 / 392, 3) == 0.362
    assert round(march, 3) == 0.385
