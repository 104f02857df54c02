"""The escalation analyses as tables and public views, recomputed in the load transaction.

Reads attack_waves, metric_values and events; writes one table per analysis (typed, even when empty) and
declares the views analysts query. The computations live in the pure modules beside this one.
"""
from __future__ import annotations

import logging

import pandas as pd

from etl.derive.escalation import records, regimes, salvos, windows
from etl.registry.derived_tables import ESCALATION_TABLES

logger = logging.getLogger(__name__)

TABLES = {table.name: table for table in ESCALATION_TABLES}


def view_declarations() -> dict:
    """Public views in the form etl.derive.views.VIEWS uses: name -> (select, description, column descriptions)."""
    return {table.view: table.view_declaration() for table in ESCALATION_TABLES}


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
        "record_progression_rows": records.record_progression(waves, ranked=ranked),
        "event_window_rows": windows.event_windows(values, events),
        "regime_rows": regimes.all_regimes(values),
        "salvo_report_rows": salvos.salvo_reports(waves, values),
    }


def derive(con) -> None:
    """(Re)compute every escalation table from the loaded data, with declared types even when empty."""
    for table, frame in _frames(con).items():
        columns = TABLES[table].columns
        con.register("escalation_frame", frame[[c.name for c in columns]])
        try:
            casts = ", ".join(f'CAST("{c.name}" AS {c.base_type}) AS "{c.name}"' for c in columns)
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {casts} FROM escalation_frame")
        finally:
            con.unregister("escalation_frame")
        logger.debug("%s: %d rows", table, len(frame))
