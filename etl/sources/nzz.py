"""Area of Ukraine held by Russia by the NZZ/Liveuamap measure: a second, independent series from 24 Feb 2022.

Kept apart from DeepState's `occupied_km2` (different map, different method); see etl/metrics.py.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from etl.registry import geography, metrics, notes
from etl.registry import sources as declared_sources
from etl.sources.common import (
    SourceResult,
    combine_reasons,
    date_window_failures,
    implausible_jumps,
    parse_numbers,
    read_csv_text,
    rejected_frame,
    schema_failures,
)

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- constants
DECLARED = declared_sources.TERRITORY_NZZ  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
(AREA_FILE,) = FILES
DOWNLOAD_URLS = {AREA_FILE: "https://raw.githubusercontent.com/conflict-investigations/nzz-maps/master/territory.csv"}
# The first weeks of the invasion moved tens of thousands of km² a day (2022-03-23: +30,583).
MAX_MOVE_KM2_PER_DAY = metrics.get("territory_gained_km2_nzz").bounds[1]

# From this day NZZ stopped drawing the areas held before 2022 (ORDLO); the series drops by their
# size. We add that size back to later days so the series keeps one definition (all Russian-held
# area, like DeepState's), measuring the offset from the data rather than assuming it.
DEFINITION_CHANGE = pd.Timestamp("2024-03-14")
ORDLO_OFFSET_RANGE_KM2 = (15_000, 18_000)

def _schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "date": pa.Column(str, pa.Check.str_matches(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00)?$",
                                                        error="not a date 'YYYY-MM-DD 00:00:00'")),
            "area": pa.Column(str, pa.Check.str_matches(r"^[0-9]+(\.[0-9]+)?$", error="not a non-negative number")),
        },
        strict=False,
    )


# ---------------------------------------------------------------- process
def transform(raw: pd.DataFrame, *, now: pd.Timestamp, file_name: str = AREA_FILE
              ) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Daily NZZ area and its change, bogus rows rejected, the 2024 definition change bridged.

    Returns:
        (metric_values, rejected, warnings).
    """
    text = raw.reset_index(drop=True)
    area = parse_numbers(text["area"])
    dates = pd.to_datetime(text["date"].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    checks = [
        schema_failures(_schema(), text),
        # 2023-10-24..30 hold about 750,858 km²: more than Ukraine's whole area.
        pd.DataFrame({"index": text.index[area > geography.UKRAINE_KM2],
                      "reason": notes.LARGER_THAN_UKRAINE.format(km2=f"{geography.UKRAINE_KM2:,}")}),
        pd.DataFrame({"index": text.index[dates.duplicated() & dates.notna()],
                      "reason": notes.SECOND_ROW_SAME_DATE}),
        date_window_failures(dates.dropna(), DECLARED.first_day, now),
    ]
    unchecked = ~text.index.isin(combine_reasons(*checks).index)
    checks.append(implausible_jumps(dates[unchecked], area[unchecked], MAX_MOVE_KM2_PER_DAY, "area"))
    reasons = combine_reasons(*checks)
    bad = text.index.isin(reasons.index)
    rejected = rejected_frame(text[bad], reasons, file_name)
    days = pd.DataFrame({"date": dates[~bad], "area": area[~bad]}).sort_values("date").reset_index(drop=True)

    warnings = []
    offset = _ordlo_offset(days)
    if offset is None:
        warnings.append(f"{file_name}: no drop of {ORDLO_OFFSET_RANGE_KM2} km² on {DEFINITION_CHANGE:%Y-%m-%d}; "
                        "the series is loaded without bridging the definition change")
        offset = 0.0
    after_change = days["date"] >= DEFINITION_CHANGE
    level = days["area"] + np.where(after_change, offset, 0.0)
    level_note = np.where(after_change & (offset > 0),
                          notes.NZZ_ORDLO_ADDED.format(km2=f"{offset:,.0f}"), None)
    levels = pd.DataFrame({"date": days["date"], "metric": "occupied_km2_nzz", "value": level,
                           "record_eligible": True, "note": level_note})

    change = level.diff()
    gap = days["date"].diff().dt.days
    is_change_day = days["date"] == DEFINITION_CHANGE
    # NZZ updates in multi-day blocks: a flat day is no new map, not "nothing moved", and the change that ends a
    # flat run is that many days' movement at once. Neither may set a record.
    flat = change.eq(0) & ~is_change_day  # the bridged definition change is 0 by construction, not a flat day
    last_update = days["date"].where(~flat).ffill().shift(1)
    block_days = (days["date"] - last_update).dt.days
    ends_block = ~flat & flat.shift(1, fill_value=False)
    gained_note = np.select(
        [is_change_day, ends_block, gap > 1, flat],
        [notes.NZZ_DEFINITION_CHANGE,
         [notes.NZZ_BLOCK.format(days=int(n) if n == n else 0) for n in block_days],
         [notes.NZZ_GAP.format(days=int(n) if n == n else 0) for n in gap],
         notes.NZZ_UNCHANGED],
        default=None,
    )
    gained = pd.DataFrame({"date": days["date"], "metric": "territory_gained_km2_nzz", "value": change,
                           "record_eligible": ~(is_change_day | ends_block | (gap > 1) | flat),
                           "note": gained_note}).iloc[1:]
    out = pd.concat([levels, gained], ignore_index=True)
    out["date"] = out["date"].dt.date
    return out, rejected, warnings


def _ordlo_offset(days: pd.DataFrame) -> float | None:
    """Size of the drop on the definition-change day, if it looks like ORDLO."""
    at = days.index[days["date"] == DEFINITION_CHANGE]
    if len(at) == 0 or at[0] == 0:
        return None
    drop = days.loc[at[0] - 1, "area"] - days.loc[at[0], "area"]
    low, high = ORDLO_OFFSET_RANGE_KM2
    return float(drop) if low <= drop <= high else None


def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read, validate and tidy the NZZ series from a folder."""
    raw = read_csv_text(folder / AREA_FILE, ("date", "area"))
    metric_values, rejected, warnings = transform(raw, now=now)
    logger.info("%s: %d rows read, %d rejected, %d daily values", AREA_FILE, len(raw), len(rejected),
                len(metric_values))
    return SourceResult(metric_values=metric_values, tables={},
                        rejected=rejected, rows_read=len(raw), warnings=warnings)
