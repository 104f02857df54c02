"""Changes in how a source reports, declared once beside the metrics they touch: a change of reporting must never
be read as a change in the war. Each break names the metric whose field stopped being given separately, the
first day of the new way, what changed and the evidence; the metrics whose meaning it changes are listed too.

The refresh also looks for the next one (etl/sources/attack_breaks.py): a field that was positive on most
reported days turns to exactly 0 on almost every day. It warns until the break is declared here.

Imports nothing of the project.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportingBreak:
    """From `first_day` on, the source no longer gives `metric`'s field separately."""

    metric: str  # the metric whose field is no longer given separately (its zeros mean "not reported")
    field: str  # the source's column
    first_day: str  # ISO date: the first Kyiv day reported the new way
    what_changed: str
    evidence: str
    changes_meaning_of: tuple[str, ...] = ()  # metrics that mean something else from first_day on


BREAKS: tuple[ReportingBreak, ...] = (
    ReportingBreak(
        "drones_lost_on_radar", "not_reach_goal", "2025-07-24",
        "From the report ending 2025-07-24 the Air Force gives one figure for drones shot down or suppressed (by "
        "fire or by electronic warfare): the file records it as destroyed and fills not_reach_goal with 0.",
        "National Shahed rows: not_reach_goal positive on 53 of 53 rows up to 2025-07-23; 0 on all but 2 of 326 "
        "rows from 2025-07-24. Destroyed / launched jumps from 0.49 to 0.86, while destroyed + lost on radar stays "
        "at 0.87 / 0.86 of launched (attacks/PROVENANCE.md).",
        changes_meaning_of=("drones_destroyed", "shahed_drones_destroyed", "drones_interception_rate",
                            "drones_unaccounted"),
    ),
)
