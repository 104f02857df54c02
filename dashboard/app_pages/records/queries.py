"""The SQL of /records' own sections: the sequence of records under each way of counting an attack (the view
record_progression). Parameterised with `?`; the page calls these through its data.py and never builds SQL."""
from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.shared.queries import _df


def record_progression(con: duckdb.DuckDBPyConnection, metric: str) -> pd.DataFrame:
    """Every record of one metric under each definition, in time order (view record_progression)."""
    return _df(con, "SELECT * FROM record_progression WHERE metric = ? "
                    "ORDER BY definition, date, period_end, period_start", [metric])
