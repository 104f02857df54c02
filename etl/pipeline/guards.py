"""Refusals that protect the last good data: a source whose new input is much smaller than what the
database says it last loaded, or whose load would revise or withdraw a large share of its values,
is refused (each with a flag that accepts it), as a shrinking download is."""
from __future__ import annotations

import pandas as pd

# A load under this share of the last good load's bytes or rows is refused (--allow-shrink accepts it).
SHRINK_LIMIT = 0.5
# A load that would change or withdraw more than this share of a source's values is refused
# (--allow-revisions accepts it): real revisions touch a handful of days, a broken input thousands.
REVISION_LIMIT = 0.05


class Refused(ValueError):
    """A guard refused a source's load; the message says why and which flag accepts it."""


def check_not_shrunk(source: str, files_bytes: int, rows_read: int, last_load: tuple[int, int] | None) -> None:
    """Compare with the sizes and row counts that source_loads records for the source's last load."""
    if not last_load:
        return
    last_bytes, last_rows = last_load
    if last_bytes and files_bytes < last_bytes * SHRINK_LIMIT:
        raise Refused(f"{source}: refused: its files total {files_bytes:,} bytes against {last_bytes:,} in the last "
                      "good load, a likely truncation (--allow-shrink accepts it). The previous data is kept.")
    if last_rows and rows_read < last_rows * SHRINK_LIMIT:
        raise Refused(f"{source}: refused: {rows_read:,} rows read against {last_rows:,} in the last good load, "
                      "a likely truncation (--allow-shrink accepts it). The previous data is kept.")


def check_revisions(source: str, incoming: pd.DataFrame, existing: pd.DataFrame) -> None:
    """Refuse a load that would revise or withdraw more than REVISION_LIMIT of the source's values.

    Args:
        incoming, existing: date, metric, value of the new load and of the database.
    """
    if existing.empty:
        return
    keys = ["metric", "date"]
    old, new = (frame[keys + ["value"]].assign(date=pd.to_datetime(frame["date"])) for frame in (existing, incoming))
    merged = old.merge(new, on=keys, how="left", suffixes=("_old", "_new"))
    changed = merged["value_new"].isna() | (merged["value_new"] != merged["value_old"])
    share = changed.mean()
    if share > REVISION_LIMIT:
        withdrawn = int(merged["value_new"].isna().sum())
        raise Refused(
            f"{source}: refused: this load would change or withdraw {int(changed.sum()):,} of its {len(merged):,} "
            f"values ({share:.1%}; {withdrawn:,} withdrawn), more than {REVISION_LIMIT:.0%}: a likely broken "
            "input (e.g. a reference table that lost its rows). The previous data is kept; --allow-revisions "
            "accepts it.")
