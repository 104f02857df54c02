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
    # (metric whose meaning changed, the metric with one meaning across the change): the default wherever a
    # chart or a headline number spans first_day.
    same_meaning: tuple[tuple[str, str], ...] = ()


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
        same_meaning=(("drones_interception_rate", "drones_neutralised_rate"), ("drones_destroyed", "drones_neutralised")),
    ),
)


def touched_metrics(change: ReportingBreak) -> tuple[str, ...]:
    """The metric whose field stopped being given separately, and every metric whose meaning the change changes."""
    return (change.metric, *change.changes_meaning_of)


def within(change: ReportingBreak, start, end) -> bool:
    """Whether a range spans the change: it has days reported both ways (ISO strings or dates)."""
    first = change.first_day
    return str(start) < first <= str(end)


def spanned(metric: str, start, end, declared=BREAKS) -> tuple[ReportingBreak, ...]:
    """The declared breaks touching a metric that a range spans."""
    return tuple(c for c in touching(metric, declared) if within(c, start, end))


def same_meaning(metric: str, start, end, declared=BREAKS) -> str:
    """The metric to show for `metric` over a range: the one with one meaning across any break the range spans,
    else `metric` itself. From the change on both mean the same, so a range after it keeps its meaning too."""
    for change in touching(metric, declared):
        if str(end) >= change.first_day:
            return dict(change.same_meaning).get(metric, metric)
    return metric


def touching(metric: str, declared=BREAKS) -> tuple[ReportingBreak, ...]:
    """The declared breaks that touch a metric, oldest first."""
    return tuple(sorted((c for c in declared if metric in touched_metrics(c)), key=lambda c: c.first_day))


def rows(declared=BREAKS) -> list[tuple[str, str, str, str, str, str]]:
    """The reporting_breaks table's rows: (metric, first_day, break_metric, field, what_changed, evidence)."""
    return [(metric, c.first_day, c.metric, c.field, c.what_changed, c.evidence)
            for c in declared for metric in touched_metrics(c)]
