"""Russian losses as claimed by Ukraine's General Staff (cumulative totals) -> daily claimed losses.

Claims of one side, not independently verified: every metric says so in its label and description.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from etl.sources.common import SourceFileError, SourceResult, check_not_truncated

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- constants
SOURCE = "losses"
FOLDER = "losses"
TITLE = "2022 Ukraine–Russia War Dataset: Russian losses"
URL = "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset"
LICENCE = "MIT"
ATTRIBUTION = "Petro Ivaniuk, from the daily reports of the General Staff of the Armed Forces of Ukraine"
EQUIPMENT_FILE = "russia_losses_equipment.json"
PERSONNEL_FILE = "russia_losses_personnel.json"
CORRECTION_FILE = "russia_losses_equipment_correction.json"
FILES = (EQUIPMENT_FILE, PERSONNEL_FILE, CORRECTION_FILE)
RAW_BASE_URL = "https://raw.githubusercontent.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/main/data/"
DOWNLOAD_URLS = {name: RAW_BASE_URL + name for name in FILES}

# Source field -> metric (declared, with label and unit, in etl/metrics.py). Fields renamed or merged
# upstream are combined in _cumulative.
FIELDS = {
    "personnel": "losses_personnel",
    "tank": "losses_tanks",
    "APC": "losses_apcs",
    "field artillery": "losses_artillery",
    "MRL": "losses_mlrs",
    "anti-aircraft warfare": "losses_air_defence",
    "aircraft": "losses_aircraft",
    "helicopter": "losses_helicopters",
    "drone": "losses_drones",
    "naval ship": "losses_ships",
    "submarines": "losses_submarines",
    "cruise missiles": "losses_cruise_missiles",
    "vehicles and fuel tanks": "losses_vehicles",
    "special equipment": "losses_special_equipment",
    "ground robotic systems": "losses_ground_robots",
}
# Until 2022-04-30 these were reported apart; from 2022-05-01 under one name (PROVENANCE.md).
MERGED_BEFORE = {
    "vehicles and fuel tanks": ("military auto", "fuel tank"),
    "cruise missiles": ("mobile SRBM system",),
}
# The first day of "cruise missiles" folded in every missile shot down since February: not a daily figure.
RESTARTED_SERIES = {"cruise missiles": pd.Timestamp("2022-05-01")}
# Personnel rises every day; an unchanged total means no new figure was published.
GAP_WHEN_UNCHANGED = {"personnel"}


# ---------------------------------------------------------------- load inputs
def read_records(path: Path) -> pd.DataFrame:
    """A JSON array of daily objects as a frame with a `record` column (1-based position in the array)."""
    if not path.is_file():
        raise SourceFileError(f"{path}: file not found")
    check_not_truncated(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise SourceFileError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise SourceFileError(f"{path}: not valid JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(data, list):
        raise SourceFileError(f"{path}: expected a JSON array of daily objects, found {type(data).__name__}")
    if not all(isinstance(item, dict) for item in data):
        raise SourceFileError(f"{path}: expected every array element to be an object")
    frame = pd.DataFrame(data)
    if "date" not in frame.columns:
        raise SourceFileError(f"{path}: missing field 'date'")
    frame.insert(0, "record", np.arange(1, len(frame) + 1))
    return frame


# ---------------------------------------------------------------- process
def transform(equipment: pd.DataFrame, personnel: pd.DataFrame, corrections: pd.DataFrame,
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily claimed losses per class: the day-to-day difference of the totals minus that date's correction.

    A reporting gap (no row, or an unchanged personnel total) gives no value, and the next value is
    marked as covering several days. A negative result is kept, marked as a downward revision of the
    total and kept out of records.

    Args:
        equipment, personnel, corrections: the three JSON files as frames (from read_records).

    Returns:
        (metric_values, rejected): metric_values has date, metric, value, record_eligible, note.
    """
    rejected = []
    equipment, bad = _valid_rows(equipment, EQUIPMENT_FILE)
    rejected.append(bad)
    personnel, bad = _valid_rows(personnel, PERSONNEL_FILE)
    rejected.append(bad)
    corrections, bad = _valid_rows(corrections, CORRECTION_FILE)
    rejected.append(bad)

    totals = equipment.drop(columns=["record"]).merge(
        personnel[["date", "personnel"]], on="date", how="outer").sort_values("date").set_index("date")
    corrections = corrections.drop(columns=["record"]).groupby("date").sum(numeric_only=True)
    frames = [_daily(field, _cumulative(totals, field), corrections) for field in FIELDS]
    out = pd.concat([f for f in frames if len(f)], ignore_index=True)
    out["date"] = out["date"].dt.date
    return out, pd.concat(rejected, ignore_index=True)


def _valid_rows(frame: pd.DataFrame, file_name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows with a parseable date, numeric non-negative totals and an unseen date; the rest rejected."""
    frame = frame.copy()
    dates = pd.to_datetime(frame["date"].astype(str), format="%Y-%m-%d", errors="coerce")
    reasons = pd.Series("", index=frame.index)
    reasons[dates.isna()] = "date: not a date 'YYYY-MM-DD'; "
    reasons[dates.duplicated() & dates.notna()] += "second record for the same date; "
    numeric_fields = [c for c in frame.columns if c in FIELDS or any(c in parts for parts in MERGED_BEFORE.values())]
    for column in numeric_fields:
        raw = frame[column]
        values = pd.to_numeric(raw, errors="coerce")
        not_number = raw.notna() & values.isna()
        reasons[not_number] += f"{column}: not a number; "
        if file_name != CORRECTION_FILE:  # corrections are signed
            reasons[values < 0] += f"{column}: negative total; "
        frame[column] = values
    frame["date"] = dates
    bad = reasons != ""
    rejected = pd.DataFrame({
        "file": file_name,
        "line": frame.loc[bad, "record"].astype("int64"),
        "reason": reasons[bad].str.rstrip("; ").map(lambda r: f"record {{n}}: {r}"),
        "raw": [json.dumps({k: (None if pd.isna(v) else str(v)) for k, v in row.items() if k != "record"},
                           ensure_ascii=False) for row in frame[bad].to_dict("records")],
    })
    rejected["reason"] = [r.format(n=n) for r, n in zip(rejected["reason"], rejected["line"])]
    return frame[~bad], rejected


def _cumulative(totals: pd.DataFrame, field: str) -> pd.Series:
    """The running total of a class, with the columns it replaced filling the days before it existed."""
    series = totals[field] if field in totals.columns else pd.Series(np.nan, index=totals.index)
    parts = [p for p in MERGED_BEFORE.get(field, ()) if p in totals.columns]
    if parts:
        earlier = totals[parts].sum(axis=1, min_count=len(parts))
        series = series.fillna(earlier)
    return series.dropna()


def _daily(field: str, cumulative: pd.Series, corrections: pd.DataFrame) -> pd.DataFrame:
    metric = FIELDS[field]
    if len(cumulative) < 2:
        return pd.DataFrame()
    if field in GAP_WHEN_UNCHANGED:
        cumulative = cumulative[cumulative.diff().ne(0)]  # keep the first day and every change
    delta = cumulative.diff()
    if field in corrections.columns:
        correction = corrections[field].reindex(cumulative.index).fillna(0.0)
    else:
        correction = pd.Series(0.0, index=cumulative.index)
    value = delta - correction
    gap_days = cumulative.index.to_series().diff().dt.days
    restarted = cumulative.index == RESTARTED_SERIES.get(field, pd.Timestamp.min)
    corrected = correction != 0
    negative = value < 0
    note = np.select(
        [restarted, negative, gap_days > 1, corrected],
        [f"series renamed and restarted: '{field}' totals from the start of the war, not one day",
         "revision: the claimed total was revised down; not losses given back",
         [f"covers {int(n) if n == n else 0} days: no new figure on the days before" for n in gap_days],
         [f"difference {d:+,.0f} minus published correction {c:+,.0f}" for d, c in zip(delta, correction)]],
        default=None,
    )
    out = pd.DataFrame({
        "date": cumulative.index, "metric": metric, "value": value.to_numpy(),
        "record_eligible": ~(restarted | negative | (gap_days > 1).to_numpy()), "note": note,
    }).iloc[1:]  # the first report is a total since the start of the war
    return out


def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read, validate and tidy the three JSON files from a folder."""
    equipment = read_records(folder / EQUIPMENT_FILE)
    personnel = read_records(folder / PERSONNEL_FILE)
    corrections = read_records(folder / CORRECTION_FILE)
    metric_values, rejected = transform(equipment, personnel, corrections)
    logger.info("losses: %d records read, %d rejected, %d daily values",
                len(equipment) + len(personnel) + len(corrections), len(rejected), len(metric_values))
    return SourceResult(metric_values=metric_values, tables={},
                        rejected=rejected, rows_read=len(equipment) + len(personnel) + len(corrections))
