"""Russian losses as claimed by Ukraine's General Staff (cumulative totals) -> daily claimed losses.

Claims of one side, not independently verified: every metric says so in its label and description.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from etl.registry import notes
from etl.registry import sources as declared_sources
from etl.sources.common import (
    SourceFileError,
    SourceResult,
    check_not_truncated,
    check_readable,
    check_utf8,
    date_window_failures,
    outside_bounds,
)

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- constants
DECLARED = declared_sources.LOSSES  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
EQUIPMENT_FILE, PERSONNEL_FILE, CORRECTION_FILE = FILES
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
def read_records(path: Path, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """A JSON array of daily objects as a frame with a `record` column (1-based position in the array)."""
    check_readable(path)
    text = check_utf8(path)
    check_not_truncated(path)
    try:
        data = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as err:
        raise SourceFileError(f"{path}: not valid JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(data, list):
        raise SourceFileError(f"{path}: expected a JSON array of daily objects, found {type(data).__name__}")
    if not all(isinstance(item, dict) for item in data):
        raise SourceFileError(f"{path}: expected every array element to be an object")
    frame = pd.DataFrame(data)
    missing = [name for name in ("date", *required) if name not in frame.columns]
    if missing:
        raise SourceFileError(f"{path}: missing field(s) {', '.join(repr(m) for m in missing)} "
                              f"(a renamed field?); found {', '.join(map(str, frame.columns[:12]))}")
    frame.insert(0, "record", np.arange(1, len(frame) + 1))
    return frame


def _json_int(digits: str) -> int | float:
    """A JSON integer; one longer than any total (a typo, 10**400, 5,000 digits) is read as a float, so that it is
    an implausible or infinite value rejected with its record rather than an error that fails the whole source."""
    return int(digits) if len(digits.lstrip("-")) <= 18 else float(digits)


# ---------------------------------------------------------------- process
def transform(equipment: pd.DataFrame, personnel: pd.DataFrame, corrections: pd.DataFrame, *, now: pd.Timestamp,
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily claimed losses per class: the day-to-day difference of the totals minus that day's correction.

    A reporting gap (no row, or an unchanged personnel total) gives no value, and the next value is
    marked as covering several days. A negative result is kept, marked as a downward revision of the
    total and kept out of records. A record whose total gives a daily value outside the metric's
    plausible bounds (a mistyped total) is rejected, and the days around it are computed without it.
    A correction that makes its own day negative while fitting the next day's jump is applied to the
    next day (the 2023-05-27 row, PROVENANCE.md), and the value says so.

    Args:
        equipment, personnel, corrections: the three JSON files as frames (from read_records).
        now: Kyiv wall-clock time of the refresh; no record may be dated after its day (plus one).

    Returns:
        (metric_values, rejected): metric_values has date, metric, value, record_eligible, note.
    """
    rejected = []
    equipment, bad = _valid_rows(equipment, EQUIPMENT_FILE, now)
    rejected.append(bad)
    personnel, bad = _valid_rows(personnel, PERSONNEL_FILE, now)
    rejected.append(bad)
    corrections, bad = _valid_rows(corrections, CORRECTION_FILE, now)
    rejected.append(bad)
    corrections = corrections.drop(columns=["record"]).groupby("date").sum(numeric_only=True)

    for _ in range(MAX_BOUNDS_PASSES):
        out = _daily_values(equipment, personnel, corrections)
        # The earliest implausible day of each class is the bad record: the day after a spike is
        # implausible only because of it, and is computed again without it on the next pass.
        implausible = _out_of_bounds(out).sort_values("date").drop_duplicates("field")
        if implausible.empty:
            break
        for frame_name, file_name in (("equipment", EQUIPMENT_FILE), ("personnel", PERSONNEL_FILE)):
            frame = equipment if frame_name == "equipment" else personnel
            hits = implausible[implausible["file"] == file_name]
            bad = frame["date"].isin(hits["date"])
            if bad.any():
                why = hits.groupby("date")["reason"].agg("; ".join)
                reasons = frame.loc[bad, "date"].map(why)
                rejected.append(_rejected(frame[bad], file_name, reasons))
                if frame_name == "equipment":
                    equipment = equipment[~bad]
                else:
                    personnel = personnel[~bad]
    out["date"] = out["date"].dt.date
    return out, pd.concat(rejected, ignore_index=True)


MAX_BOUNDS_PASSES = 20  # each pass drops the records with implausible totals and recomputes their neighbours


def _daily_values(equipment: pd.DataFrame, personnel: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    totals = equipment.drop(columns=["record"]).merge(
        personnel[["date", "personnel"]], on="date", how="outer").sort_values("date").set_index("date")
    placed, moved = _place_corrections(totals, corrections)
    frames = [_daily(field, _cumulative(totals, field), placed, moved) for field in FIELDS]
    return pd.concat([f for f in frames if len(f)], ignore_index=True)


def _out_of_bounds(values: pd.DataFrame) -> pd.DataFrame:
    """date, file and reason of every daily value outside its metric's declared plausible bounds (the one bounds
    rule, common.outside_bounds), traced to the file whose total gives it."""
    found = []
    for row in outside_bounds(values).itertuples():
        field = next(f for f, m in FIELDS.items() if m == row.metric)
        found.append((values.loc[row.index, "date"], field, PERSONNEL_FILE if field == "personnel" else EQUIPMENT_FILE,
                      f"'{field}' total gives {row.value:+,.0f} for this day, outside the plausible range "
                      f"{row.low:,.0f} to {row.high:,.0f}"))
    return pd.DataFrame(found, columns=["date", "field", "file", "reason"])


def _place_corrections(totals: pd.DataFrame, corrections: pd.DataFrame
                       ) -> tuple[pd.DataFrame, dict[pd.Timestamp, pd.Timestamp]]:
    """Corrections indexed by the day they belong to, and {day moved to: day as dated}.

    A correction belongs to the next day when, applied as dated, it makes a class of its own day
    negative, while applied to the next day (which has no correction of its own) every class stays
    at zero or above. The rule found the 2023-05-27 row, which fits the jumps of 2023-05-28.
    """
    moved = {}
    for day in corrections.index:
        parts = corrections.loc[day]
        parts = parts[parts.notna() & (parts != 0) & parts.index.isin(list(FIELDS))]
        after = day + pd.Timedelta(days=1)
        if parts.empty or after in corrections.index or after not in totals.index:
            continue
        jumps = {field: _cumulative(totals, field).diff() for field in parts.index}
        as_dated = [jumps[f].get(day, np.nan) - c for f, c in parts.items()]
        next_day = [jumps[f].get(after, np.nan) - c for f, c in parts.items()]
        if any(v < 0 for v in as_dated) and all(v >= 0 for v in next_day):
            moved[after] = day
    return corrections.rename(index={day: after for after, day in moved.items()}), moved


def _valid_rows(frame: pd.DataFrame, file_name: str, now: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows with a date in the source's days, finite non-negative totals and an unseen date; the rest rejected."""
    frame = frame.copy()
    dates = pd.to_datetime(frame["date"].astype(str), format="%Y-%m-%d", errors="coerce")
    reasons = pd.Series("", index=frame.index)
    reasons[dates.isna()] = "date: not a date 'YYYY-MM-DD'; "
    reasons[dates.duplicated() & dates.notna()] += "second record for the same date; "
    window = date_window_failures(dates.dropna(), DECLARED.first_day, now)
    for index, reason in zip(window["index"], window["reason"]):
        reasons[index] += reason + "; "
    numeric_fields = [c for c in frame.columns if c in FIELDS or any(c in parts for parts in MERGED_BEFORE.values())]
    for column in numeric_fields:
        raw = frame[column]
        values = pd.to_numeric(raw, errors="coerce")
        not_number = raw.notna() & values.isna()
        reasons[not_number] += f"{column}: not a number; "
        reasons[values.notna() & ~np.isfinite(values.astype(float))] += f"{column}: not a finite number; "
        if file_name != CORRECTION_FILE:  # corrections are signed
            reasons[values < 0] += f"{column}: negative total; "
        frame[column] = values
    frame["date"] = dates
    bad = reasons != ""
    return frame[~bad], _rejected(frame[bad], file_name, reasons[bad].str.rstrip("; "))


def _rejected(records: pd.DataFrame, file_name: str, reasons: pd.Series) -> pd.DataFrame:
    """Rejected records as stored: `line` is the record's position in the JSON array."""
    return pd.DataFrame({
        "file": file_name,
        "line": records["record"].astype("int64").to_numpy(),
        "reason": [f"record {n}: {r}" for n, r in zip(records["record"], reasons)],
        "raw": [json.dumps({k: (None if pd.isna(v) else f"{v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) else str(v))
                            for k, v in row.items() if k != "record"}, ensure_ascii=False)
                for row in records.to_dict("records")],
    })


def _cumulative(totals: pd.DataFrame, field: str) -> pd.Series:
    """The running total of a class, with the columns it replaced filling the days before it existed."""
    series = totals[field] if field in totals.columns else pd.Series(np.nan, index=totals.index)
    parts = [p for p in MERGED_BEFORE.get(field, ()) if p in totals.columns]
    if parts:
        earlier = totals[parts].sum(axis=1, min_count=len(parts))
        series = series.fillna(earlier)
    return series.dropna()


def _daily(field: str, cumulative: pd.Series, corrections: pd.DataFrame,
           moved: dict[pd.Timestamp, pd.Timestamp]) -> pd.DataFrame:
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
        [notes.SERIES_RESTARTED.format(field=field), notes.REVISED_DOWN,
         [notes.LOSSES_GAP.format(days=int(n) if n == n else 0) for n in gap_days],
         [notes.CORRECTION_MOVED.format(difference=f"{d:+,.0f}", correction=f"{c:+,.0f}",
                                        dated=f"{moved[day]:%Y-%m-%d}")
          if day in moved else notes.CORRECTION.format(difference=f"{d:+,.0f}", correction=f"{c:+,.0f}")
          for d, c, day in zip(delta, correction, cumulative.index)]],
        default=None,
    )
    out = pd.DataFrame({
        "date": cumulative.index, "metric": metric, "value": value.to_numpy(),
        "record_eligible": ~(restarted | negative | (gap_days > 1).to_numpy()), "note": note,
    }).iloc[1:]  # the first report is a total since the start of the war
    return out


def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read, validate and tidy the three JSON files from a folder."""
    equipment = read_records(folder / EQUIPMENT_FILE, ("tank", "APC"))
    personnel = read_records(folder / PERSONNEL_FILE, ("personnel",))
    corrections = read_records(folder / CORRECTION_FILE)
    metric_values, rejected = transform(equipment, personnel, corrections, now=now)
    logger.info("losses: %d records read, %d rejected, %d daily values",
                len(equipment) + len(personnel) + len(corrections), len(rejected), len(metric_values))
    return SourceResult(metric_values=metric_values, tables={},
                        rejected=rejected, rows_read=len(equipment) + len(personnel) + len(corrections))
