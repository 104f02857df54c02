"""Refusals that protect the last good data: a source whose new input is much smaller than what the
database says it last loaded, or whose load would revise or withdraw a large share of its values,
is refused (each with a flag that accepts it), as a shrinking download is; so are oblast outlines that
lose an oblast or move from the loaded ones."""
from __future__ import annotations

import json

import pandas as pd
import shapely
import shapely.geometry

from etl import geometry

# A load under this share of the last good load's bytes or rows is refused (--allow-shrink accepts it).
SHRINK_LIMIT = 0.5
# A load that would change or withdraw more than this share of a source's values is refused
# (--allow-revisions accepts it): real revisions touch a handful of days, a broken input thousands.
REVISION_LIMIT = 0.05
# An oblast outline that overlaps the one loaded before by less than this share has moved (a shifted or swapped
# file; --allow-revisions accepts it): a real boundary revision changes an oblast by well under 1 %.
MIN_OUTLINE_OVERLAP = 0.9


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


def check_outlines_kept(source: str, key: str, incoming: pd.DataFrame, existing: pd.DataFrame,
                        rejected: pd.DataFrame, *, allow_shrink: bool, allow_revisions: bool) -> None:
    """Refuse outlines (oblast_shapes) that lose an oblast loaded before, or that moved from the loaded ones.

    Args:
        key: the column naming an outline (region_iso).
        incoming, existing: key and geometry (GeoJSON text) of the new load and of the database.
        rejected: the new load's rejected rows, whose reasons say why an outline is missing.
        allow_shrink: accept a load with fewer outlines; allow_revisions: accept outlines that moved.
    """
    if existing.empty:
        return
    old, new = dict(zip(existing[key], existing["geometry"])), dict(zip(incoming[key], incoming["geometry"]))
    missing = sorted(set(old) - set(new))
    if missing and not allow_shrink:
        raise Refused(f"{source}: refused: {len(missing)} oblast outline(s) loaded before are missing: "
                      f"{', '.join(_why_missing(code, rejected) for code in missing)}. The previous outlines are "
                      "kept (--allow-shrink accepts it).")
    moved = []
    for code in sorted(set(old) & set(new)):
        try:
            share = geometry.overlap_share(*(shapely.geometry.shape(json.loads(old_or_new))
                                             for old_or_new in (old[code], new[code])))
        except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.GEOSException):
            continue  # an outline stored by an older loader that cannot be read back: nothing to compare with
        if share < MIN_OUTLINE_OVERLAP:
            moved.append(f"{code} (overlaps it by {share:.0%})")
    if moved and not allow_revisions:
        raise Refused(f"{source}: refused: {len(moved)} oblast outline(s) moved from the loaded ones: "
                      f"{', '.join(moved)}; at least {MIN_OUTLINE_OVERLAP:.0%} overlap is expected, so the file is "
                      "likely shifted or broken. The previous outlines are kept (--allow-revisions accepts it).")


def _why_missing(code: str, rejected: pd.DataFrame) -> str:
    """`UA-71 (UA_FULL_Ukraine.geojson feature 3: <reason>)`, or `UA-71 (not in the file)`; features rejected for
    one reason (the two outlines of a duplicate) are named together."""
    mine = rejected[rejected["raw"].astype(str).str.contains(f"'{code}'", regex=False)]
    if mine.empty:
        return f"{code} (not in the file)"
    return "; ".join(f"{code} ({group['file'].iloc[0]} feature {' and '.join(map(str, group['line']))}: {reason})"
                     for reason, group in mine.groupby("reason", sort=False))
