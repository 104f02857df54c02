"""What became of what was launched, on the real data."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from etl.sources import attack_metrics


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_outcomes_on_the_real_data(real_db):
    def day(d):
        return dict(query(real_db, "SELECT metric, value FROM daily_metrics WHERE date = ?", [d]))
    # The 810-drone night (7 Sep 2025): 747 shot down or suppressed (one figure since 24 July 2025, so lost on
    # radar is not reported, never 0), 33 places hit, debris in 8; nothing is unaccounted for that day.
    night = day(dt.date(2025, 9, 7))
    assert "drones_lost_on_radar" not in night and (night["hit_locations"], night["debris_locations"]) == (33, 8)
    assert night["drones_neutralised"] == night["drones_destroyed"] == 747
    assert "drones_still_in_air" not in night and "drones_unaccounted" not in night
    # 18 May 2025: 273 launched, 88 destroyed, 128 lost on radar, 1 in the air: 56 unaccounted for.
    may = day(dt.date(2025, 5, 18))
    assert [may[m] for m in attack_metrics.UNACCOUNTED_PARTS] + [may["drones_unaccounted"]] == [273, 88, 128, 1, 56]
    # 29 Nov 2025: 596 Shahed-type, of them 350 real: 246 decoys, a share of 41.3 %.
    nov = day(dt.date(2025, 11, 29))
    assert (nov["real_shaheds_launched"], nov["decoy_drones_launched"]) == (350, 246)
    assert nov["decoy_share"] == pytest.approx(246 / 596)
    # Coverage as PROVENANCE.md gives it: each field only on the days it is filled.
    days = dict(query(real_db, "SELECT metric, count(*) FROM daily_metrics GROUP BY metric"))
    assert (days["drones_lost_on_radar"], days["hit_locations"], days["debris_locations"],
            days["real_shaheds_launched"]) == (318, 376, 359, 235)
