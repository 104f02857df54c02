"""What became of what was launched: the outcome metrics, each only where its field is reported."""
from __future__ import annotations

from etl.sources import attack_metrics
from tests.conftest import national
from tests.unit.etl.sources.test_attacks_transform import daily, run

SHAHED = "Shahed-136/131"


def test_outcomes_by_hand():
    values = daily(
        # A night with every field: 300 launched, 200 destroyed, 60 lost on radar, 10 in the air, 120 real.
        national("2025-11-28 18:00", "2025-11-29 09:00", SHAHED, "300.0", "200.0", not_reach_goal="60.0",
                 still_attacking="10.0", is_shahed="120.0", num_hit_location="12.0",
                 num_fall_fragment_location="5.0"),
        national("2025-11-28 18:00", "2025-11-29 09:00", "Kalibr", "8.0", "6.0"),
        # A night that leaves the fields blank: not reported, so no value at all (never 0).
        national("2025-11-29 18:00", "2025-11-30 09:00", SHAHED, "100.0", "90.0"),
    )
    day = "2025-11-29"
    assert values[(day, "drones_lost_on_radar")] == 60 and values[(day, "drones_still_in_air")] == 10
    assert values[(day, "drones_unaccounted")] == 300 - 200 - 60 - 10
    assert (values[(day, "hit_locations")], values[(day, "debris_locations")]) == (12, 5)
    assert (values[(day, "real_shaheds_launched")], values[(day, "decoy_drones_launched")]) == (120, 180)
    blank = "2025-11-30"
    assert values[(blank, "drones_launched")] == 100
    for metric in (*attack_metrics.OUTCOME_METRICS, "drones_unaccounted", "decoy_drones_launched"):
        assert (blank, metric) not in values, metric


def test_unaccounted_needs_all_four_and_a_negative_is_kept_but_not_a_record():
    tables = run(
        # still_attacking missing: no unaccounted value, though lost on radar is reported.
        national("2024-12-27 18:00", "2024-12-28 09:00", SHAHED, "50.0", "40.0", not_reach_goal="5.0"),
        # The parts add up to more than launched (as on 2024-12-28 upstream): kept, marked.
        national("2024-12-28 18:00", "2024-12-29 09:00", SHAHED, "50.0", "40.0", not_reach_goal="12.0",
                 still_attacking="0.0"),
    )
    frame = attack_metrics.daily_metrics(tables.events)
    unaccounted = frame[frame["metric"] == "drones_unaccounted"]
    assert [(str(d), v) for d, v in zip(unaccounted["date"], unaccounted["value"])] == [("2024-12-29", -2.0)]
    assert not unaccounted["record_eligible"].iloc[0] and "more than launched" in unaccounted["note"].iloc[0]


def test_more_real_shaheds_than_launched_is_rejected():
    tables = run(national("2025-08-01 18:00", "2025-08-02 09:00", SHAHED, "100.0", "90.0", is_shahed="150.0"),
                 national("2025-08-02 18:00", "2025-08-03 09:00", SHAHED, "100.0", "90.0", is_shahed="abc"))
    reasons = dict(zip(tables.rejected["line"], tables.rejected["reason"]))
    assert "is_shahed (real Shaheds) is greater than launched" in reasons[2]
    assert "is_shahed" in reasons[3] and "whole non-negative number" in reasons[3]
