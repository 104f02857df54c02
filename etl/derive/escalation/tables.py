"""The escalation analyses as tables and public views, recomputed in the load transaction.

Reads attack_waves, metric_values and events; writes one table per analysis (typed, even when empty) and
declares the views analysts query. The computations live in the pure modules beside this one.
"""
from __future__ import annotations

import logging

import pandas as pd

from etl.derive.escalation import records, regimes, salvos, windows

logger = logging.getLogger(__name__)

_METRIC = ("metric", "VARCHAR", "metric name, see table metrics")

# table -> (view, columns (name, type, description), view description)
TABLES = {
    "records_by_definition_rows": ("records_by_definition", (
        _METRIC,
        ("definition", "VARCHAR", "report (one report window), night (one overnight report: "
                                  + records.OVERNIGHT_RULE + "), 24h (reports within 24 hours of the first one's "
                                  "start, none counted in two ranked periods) or calendar_day (Kyiv date)"),
        ("rank", "INTEGER", "1 = the record; ties share a rank"),
        ("value", "DOUBLE", "the period's total"),
        ("period_start", "TIMESTAMP", "start of the first report window, Kyiv time"),
        ("period_end", "TIMESTAMP", "end of the last report window, Kyiv time"),
        ("date", "DATE", "Kyiv day the period counts for (date of its last report's end)"),
    ), f"The top {records.TOP} attacks per metric under each way of counting an attack."),
    "newest_by_definition_rows": ("newest_by_definition", (
        _METRIC,
        ("definition", "VARCHAR", "as in records_by_definition"),
        ("value", "DOUBLE", "the newest period's total"),
        ("period_start", "TIMESTAMP", "its start, Kyiv time"),
        ("period_end", "TIMESTAMP", "its end, Kyiv time"),
        ("date", "DATE", "Kyiv day it counts for"),
        ("rank", "INTEGER", "its rank among every period of the metric under the definition"),
        ("periods", "INTEGER", "how many periods are ranked"),
        ("record_value", "DOUBLE", "the record under the definition"),
        ("record_date", "DATE", "the record's day"),
    ), "Per metric and definition: the newest attack, its rank today, and the record."),
    "event_window_rows": ("event_windows", (
        ("event_date", "DATE", "the event's day: day 0, the first day after"),
        ("event_title", "VARCHAR", "short title, see table events"),
        _METRIC,
        ("days", "INTEGER", "N: the days before are D−N … D−1, the days after D … D+N−1"),
        ("days_before_reported", "INTEGER", "days of the N before with a report (the others are unknown)"),
        ("days_after_reported", "INTEGER", "days of the N after with a report"),
        ("mean_before", "DOUBLE", "daily mean over the reported days before"),
        ("mean_after", "DOUBLE", "daily mean over the reported days after"),
        ("change_pct", "DOUBLE", "(mean_after / mean_before − 1) × 100; NULL when mean_before is 0"),
        ("p_value", "DOUBLE", f"two-sided permutation test of the difference in means ({windows.PERMUTATIONS:,} "
                              f"relabellings); NULL with fewer than {windows.MIN_DAYS_FOR_TEST} reported days a side"),
    ), "The daily mean before and after every curated event, for N = 7, 14 and 30 days."),
    "regime_rows": ("regimes", (
        _METRIC,
        ("segment_start", "DATE", "first day of the regime"),
        ("segment_end", "DATE", "last day (the next regime starts the day after)"),
        ("level", "DOUBLE", "daily mean over the reported days of the regime"),
        ("days", "INTEGER", "days in the regime"),
        ("reported_days", "INTEGER", "days with a report"),
    ), "Regimes of drones and missiles launched: contiguous from the metric's first day to its last. "
       + regimes.METHOD),
    "salvo_report_rows": ("salvo_reports", (
        _METRIC,
        ("date", "DATE", "Kyiv day the report counts for"),
        ("time_start", "TIMESTAMP", "report window start, Kyiv time"),
        ("time_end", "TIMESTAMP", "report window end, Kyiv time"),
        ("value", "DOUBLE", "the report's count"),
        ("trailing_28d_median", "DOUBLE", f"median daily value of the reported days in the {salvos.TRAILING_DAYS} "
                                          "days before the report's day"),
        ("is_salvo", "BOOLEAN", "at least 3 × trailing_28d_median and at least the floor (100 drones, 20 missiles); "
                                "NULL when the 28 days before hold too few reports"),
    ), "Every report with drones or missiles, tagged salvo or routine."),
}


def view_declarations() -> dict:
    """Public views in the form etl.derive.views.VIEWS uses: name -> (select, description, column descriptions)."""
    return {view: (f"SELECT * FROM {table}", description, [(name, text) for name, _, text in columns])
            for table, (view, columns, description) in TABLES.items()}


def _frames(con) -> dict[str, pd.DataFrame]:
    waves = con.execute("SELECT * FROM attack_waves").df()
    wanted = sorted({*records.RECORD_METRICS, *windows.WINDOW_METRICS, *regimes.REGIME_METRICS, *salvos.SALVO_RULES})
    values = con.execute("SELECT date, metric, value FROM metric_values WHERE list_contains(?, metric)",
                         [wanted]).df()
    values["date"] = pd.to_datetime(values["date"]).dt.date
    events = con.execute("SELECT date, title FROM events ORDER BY date, title").df()
    events["date"] = pd.to_datetime(events["date"]).dt.date
    ranked = records.ranked_periods(waves)
    return {
        "records_by_definition_rows": records.records_by_definition(waves, ranked=ranked),
        "newest_by_definition_rows": records.newest_by_definition(waves, ranked=ranked),
        "event_window_rows": windows.event_windows(values, events),
        "regime_rows": regimes.all_regimes(values),
        "salvo_report_rows": salvos.salvo_reports(waves, values),
    }


def derive(con) -> None:
    """(Re)compute every escalation table from the loaded data, with declared types even when empty."""
    for table, frame in _frames(con).items():
        _, columns, _ = TABLES[table]
        con.register("escalation_frame", frame[[name for name, _, _ in columns]])
        try:
            casts = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind, _ in columns)
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {casts} FROM escalation_frame")
        finally:
            con.unregister("escalation_frame")
        logger.debug("%s: %d rows", table, len(frame))
