"""What every source module hands to the loader, and the error a whole unusable file raises."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


class SourceFileError(ValueError):
    """A whole input file is unusable (missing, empty, not UTF-8, wrong columns). Names the file."""


@dataclass
class SourceResult:
    """A source's tidy output, ready for one load transaction.

    metric_values: date, metric, value, record_eligible (source is added by the loader).
    metrics: metric, label, unit, kind, description (catalogue rows).
    tables: source-specific tables, name -> frame, replaced whole on each load.
    rejected: file, line, reason, raw.
    """

    metric_values: pd.DataFrame
    metrics: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    rejected: pd.DataFrame
    rows_read: int
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return self.rows_read - len(self.rejected)
