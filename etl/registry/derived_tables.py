"""The tables the escalation analyses write (etl/derive/escalation), declared like every other table
(etl/registry/table_types.py), each with the public view analysts query over it.

Imports nothing of the project outside the registry.
"""
from __future__ import annotations

from etl.registry import rules
from etl.registry.table_types import Column as C
from etl.registry.table_types import Table

TOP_RECORDS = 20  # the attacks ranked per metric and definition
_METRIC = C("metric", "VARCHAR", "metric name, see table metrics")

RECORDS_BY_DEFINITION = Table(
    "records_by_definition_rows",
    f"The top {TOP_RECORDS} attacks per metric under each way of counting an attack.",
    (
        _METRIC,
        C("definition", "VARCHAR", "report (one report window), night (one overnight report: "
                                   + rules.OVERNIGHT_RULE + "), 24h (reports within 24 hours of the first one's "
                                   "start, none counted in two ranked periods) or calendar_day (Kyiv date)"),
        C("rank", "INTEGER", "1 = the record; ties share a rank"),
        C("value", "DOUBLE", "the period's total"),
        C("period_start", "TIMESTAMP", "start of the first report window, Kyiv time"),
        C("period_end", "TIMESTAMP", "end of the last report window, Kyiv time"),
        C("date", "DATE", "Kyiv day the period counts for (date of its last report's end)"),
    ),
    view="records_by_definition",
)
NEWEST_BY_DEFINITION = Table(
    "newest_by_definition_rows",
    "Per metric and definition: the newest attack, its rank today, and the record.",
    (
        _METRIC,
        C("definition", "VARCHAR", "as in records_by_definition"),
        C("value", "DOUBLE", "the newest period's total"),
        C("period_start", "TIMESTAMP", "its start, Kyiv time"),
        C("period_end", "TIMESTAMP", "its end, Kyiv time"),
        C("date", "DATE", "Kyiv day it counts for"),
        C("rank", "INTEGER", "its rank among every period of the metric under the definition"),
        C("periods", "INTEGER", "how many periods are ranked"),
        C("record_value", "DOUBLE", "the record under the definition"),
        C("record_date", "DATE", "the record's day"),
    ),
    view="newest_by_definition",
)
RECORD_PROGRESSION = Table(
    "record_progression_rows",
    "The sequence of records per metric under each way of counting an attack, in time order: every period whose "
    "total is strictly above every earlier period's under the same definition (a tie is not a record).",
    (
        _METRIC,
        C("definition", "VARCHAR", "as in records_by_definition"),
        C("date", "DATE", "Kyiv day the record counts for (date of its last report's end); periods are taken in "
                          "the order of this day, then their end and start"),
        C("value", "DOUBLE", "the record: the period's total"),
        C("previous_value", "DOUBLE", "the record it beat; NULL for the first period of the metric under the "
                                      "definition"),
        C("previous_date", "DATE", "the day of the record it beat; NULL for the first"),
        C("period_start", "TIMESTAMP", "start of the first report window, Kyiv time"),
        C("period_end", "TIMESTAMP", "end of the last report window, Kyiv time"),
        C("in_burn_in", "BOOLEAN", f"set in the first {rules.RECORD_BURN_IN_DAYS} days of the attack reports, a "
                                   "record only because the file starts then: the record stars of the daily charts "
                                   "(daily_metrics.is_record) leave the same days out"),
    ),
    view="record_progression",
)
EVENT_WINDOWS = Table(
    "event_window_rows",
    "The daily mean before and after every curated event, for N = 7, 14 and 30 days.",
    (
        C("event_date", "DATE", "the event's day: day 0, the first day after"),
        C("event_title", "VARCHAR", "short title, see table events"),
        _METRIC,
        C("days", "INTEGER", "N: the days before are D−N … D−1, the days after D … D+N−1"),
        C("days_before_reported", "INTEGER", "days of the N before with a report (the others are unknown)"),
        C("days_after_reported", "INTEGER", "days of the N after with a report"),
        C("mean_before", "DOUBLE", "daily mean over the reported days before"),
        C("mean_after", "DOUBLE", "daily mean over the reported days after"),
        C("change_pct", "DOUBLE", "(mean_after / mean_before − 1) × 100; NULL when mean_before is 0"),
        C("p_value", "DOUBLE", f"two-sided permutation test of the difference in means ({rules.PERMUTATIONS:,} "
                               f"relabellings); NULL with fewer than {rules.MIN_DAYS_FOR_TEST} reported days a side"),
    ),
    view="event_windows",
)
REGIMES = Table(
    "regime_rows",
    "Regimes of drones and missiles launched: contiguous from the metric's first day to its last. "
    + rules.REGIME_METHOD.format(factor=f"{rules.REGIME_PENALTY_FACTOR:g}", weeks=rules.REGIME_MIN_WEEKS),
    (
        _METRIC,
        C("segment_start", "DATE", "first day of the regime"),
        C("segment_end", "DATE", "last day (the next regime starts the day after)"),
        C("level", "DOUBLE", "daily mean over the reported days of the regime"),
        C("days", "INTEGER", "days in the regime"),
        C("reported_days", "INTEGER", "days with a report"),
    ),
    view="regimes",
)
SALVO_REPORTS = Table(
    "salvo_report_rows",
    "Every report with drones or missiles, tagged salvo or routine.",
    (
        _METRIC,
        C("date", "DATE", "Kyiv day the report counts for"),
        C("time_start", "TIMESTAMP", "report window start, Kyiv time"),
        C("time_end", "TIMESTAMP", "report window end, Kyiv time"),
        C("value", "DOUBLE", "the report's count"),
        C("trailing_28d_median", "DOUBLE", f"median daily value of the reported days in the "
                                           f"{rules.SALVO_TRAILING_DAYS} days before the report's day"),
        C("is_salvo", "BOOLEAN", "at least 3 × trailing_28d_median and at least the floor (100 drones, 20 missiles); "
                                 "NULL when the 28 days before hold too few reports"),
    ),
    view="salvo_reports",
)

ESCALATION_TABLES = (RECORDS_BY_DEFINITION, NEWEST_BY_DEFINITION, RECORD_PROGRESSION, EVENT_WINDOWS, REGIMES, SALVO_REPORTS)
