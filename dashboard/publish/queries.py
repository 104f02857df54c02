"""The static edition's own SQL (parameterised): the public view daily_metrics whole, for its data files."""
from __future__ import annotations

import pandas as pd

from dashboard.shared.queries import _df


def daily_metrics(con) -> pd.DataFrame:
    """Every row of the public view daily_metrics, in a fixed order (the same database, the same file)."""
    return _df(con, "SELECT date, metric, value, is_record, source FROM daily_metrics ORDER BY date, metric")


def metrics_table(con) -> pd.DataFrame:
    """The metrics table (label, unit, kind, source, licence, description, formula), for the data package."""
    return _df(con, "SELECT metric, label, unit, kind, source, licence, description, formula FROM metrics "
                    "ORDER BY metric")
