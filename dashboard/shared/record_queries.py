"""The SQL of records under each way of counting an attack (the views records_by_definition and
newest_by_definition), which the overview, /records and /escalation all show. Parameterised with `?`."""
from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.shared.queries import _df


def records_by_definition(con: duckdb.DuckDBPyConnection, metrics: list[str]) -> pd.DataFrame:
    """The ranked attacks per metric and definition (view records_by_definition)."""
    return _df(con, "SELECT * FROM records_by_definition WHERE list_contains(?, metric) "
                    "ORDER BY metric, definition, rank, period_start", [list(metrics)])


def newest_by_definition(con: duckdb.DuckDBPyConnection, metrics: list[str]) -> pd.DataFrame:
    """Per metric and definition: the newest attack's rank, and the record (view newest_by_definition)."""
    return _df(con, "SELECT * FROM newest_by_definition WHERE list_contains(?, metric) ORDER BY metric, definition",
               [list(metrics)])
