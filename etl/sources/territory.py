"""Area of Ukraine held by Russia, by the DeepStateMap measure (daily table, or computed from a map).

Constants, then the pure transforms (raw table -> daily metrics; GeoJSON map -> km²), then helpers.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from etl import geometry
from etl.registry import geography, metrics, notes
from etl.registry import sources as declared_sources
from etl.sources.common import (
    SourceFileError,
    combine_reasons,
    date_window_failures,
    implausible_jumps,
    read_csv_text,
    rejected_frame,
    schema_failures,
)
from etl.sources.territory_maps import MapRules, ResultWithMaps, kept_maps, map_files

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- constants
DECLARED = declared_sources.TERRITORY  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
(DAILY_FILE,) = FILES
# Daily maps as archived by cyterat (one file a day, downloaded at 03:00 UTC): an online refresh
# turns each map newer than the cached table into a row (etl/fetch_territory.py). With a mirror,
# maps are looked up under <mirror>/territory/samples/ and the starting table under <mirror>/territory/.
MAP_URL_TEMPLATE = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data/deepstatemap_data_{date:%Y%m%d}.geojson"
MIRROR_MAP_PATH = "territory/samples/deepstatemap_data_{date:%Y%m%d}.geojson"
TABLE_COLUMNS = ["date", "occupied_km2", "gained_km2", "source", "source_file", "map_published_utc",
                 "carried_forward", "flag"]

# Maps before this day have Ukrainian-only layer names and incomplete layers (PROVENANCE.md).
# The largest real one-day move is 3,539 km² (the Kharkiv counteroffensive, 2022-09-10).
MAX_MOVE_KM2_PER_DAY = metrics.get("territory_gained_km2").bounds[1]

# ---------------------------------------------------------------- process
def map_file_area_km2(path: Path) -> float:
    """occupied_area_km2 of a GeoJSON file, with errors that name the file."""
    try:
        geojson = json.loads(path.read_text(encoding="utf-8"))
        return geometry.occupied_area_km2(geojson)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
        raise SourceFileError(f"{path}: not a usable DeepState map ({err})") from None


def _schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "date": pa.Column(str, pa.Check.str_matches(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", error="not a date 'YYYY-MM-DD'")),
            "occupied_km2": pa.Column(str, pa.Check.str_matches(r"^[0-9]+(\.[0-9]+)?$",
                                                                error="not a non-negative number")),
        },
        strict=False,
    )


def transform(raw: pd.DataFrame, *, now: pd.Timestamp, file_name: str = DAILY_FILE
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily occupied area and its day-to-day change, with carried-forward days and artefacts marked.

    Rows dated outside the source's days, larger than Ukraine, or moving more than is plausible in a
    day from the previous map (an empty map measured as 0 km²) are rejected with the reason.

    Args:
        raw: the daily table as text, with a `line` column.
        now: Kyiv wall-clock time of the refresh; no row may be dated after its day (plus one).

    Returns:
        (metric_values, rejected): metric_values has date, metric, value, record_eligible, note.
    """
    text = raw.reset_index(drop=True)
    area = pd.to_numeric(text["occupied_km2"], errors="coerce")
    dates = pd.to_datetime(text["date"], format="%Y-%m-%d", errors="coerce")
    duplicated = dates.duplicated(keep="first") & dates.notna()
    checks = [
        schema_failures(_schema(), text),
        pd.DataFrame({"index": text.index[area > geography.UKRAINE_KM2],
                      "reason": notes.OCCUPIED_LARGER_THAN_UKRAINE.format(km2=f"{geography.UKRAINE_KM2:,}")}),
        pd.DataFrame({"index": text.index[duplicated], "reason": notes.SECOND_ROW_SAME_DATE}),
        date_window_failures(dates.dropna(), DECLARED.first_day, now),
    ]
    unchecked = ~text.index.isin(combine_reasons(*checks).index)
    checks.append(implausible_jumps(dates[unchecked], area[unchecked], MAX_MOVE_KM2_PER_DAY, "occupied_km2"))
    reasons = combine_reasons(*checks)
    bad = text.index.isin(reasons.index)
    rejected = rejected_frame(text[bad], reasons, file_name)

    good = pd.DataFrame({
        "date": dates[~bad],
        "occupied_km2": area[~bad],
        "carried_forward": text.loc[~bad, "carried_forward"].fillna("").str.strip().str.lower().eq("true")
        if "carried_forward" in text else False,
        "flag": text.loc[~bad, "flag"].fillna("").str.strip() if "flag" in text else "",
    }).sort_values("date").reset_index(drop=True)
    return _metrics(good), rejected


def _metrics(days: pd.DataFrame) -> pd.DataFrame:
    """occupied_km2 per map date, and territory_gained_km2 per day on which the change happened.

    DeepState's value for D is the map at 03:00 UTC on D, i.e. as drawn on the evening of D-1. So
    the change between the maps of D-1 and D happened on D-1, and is dated D-1: a month's gains then
    sum to the first map of the next month minus the first map of the month (May 2025: +440 km²).
    """
    flag = days["flag"].str.lower()
    artefact = flag.str.startswith("artifact") | flag.str.startswith("artefact")
    unchanged = days["occupied_km2"].diff().eq(0)
    level_note = np.select(
        [artefact, days["carried_forward"], unchanged, days["flag"] != ""],
        [days["flag"], notes.CARRIED_FORWARD, notes.MAP_UNCHANGED, days["flag"]],
        default=None,
    )
    level = pd.DataFrame({
        "date": days["date"], "metric": "occupied_km2", "value": days["occupied_km2"],
        "record_eligible": ~(artefact | days["carried_forward"]), "note": level_note,
    })
    # One change per pair of consecutive maps, dated the day before the later map.
    later = days.iloc[1:].reset_index(drop=True)
    span_days = (later["date"] - days["date"].iloc[:-1].reset_index(drop=True)).dt.days
    change = later["occupied_km2"].to_numpy() - days["occupied_km2"].iloc[:-1].to_numpy()
    later_artefact = artefact.iloc[1:].reset_index(drop=True)
    later_unchanged = unchanged.iloc[1:].reset_index(drop=True)
    gained_note = np.select(
        [later_artefact, span_days > 1, later["carried_forward"], later_unchanged],
        [later["flag"], [notes.MAP_MISSING.format(days=n) for n in span_days], notes.CARRIED_FORWARD,
         notes.MAP_UNCHANGED],
        default=None,
    )
    gained = pd.DataFrame({
        "date": later["date"] - pd.Timedelta(days=1), "metric": "territory_gained_km2", "value": change,
        "record_eligible": ~(later_artefact | (span_days > 1) | later["carried_forward"] | later_unchanged),
        "note": gained_note,
    })
    out = pd.concat([level, gained], ignore_index=True)
    out["date"] = out["date"].dt.date
    return out


def checksum_files(folder: Path) -> tuple[str, ...]:
    """The daily table and the map files kept as shapes: a new map reloads the source even on a day the
    table did not change."""
    return (*FILES, *map_files(folder))


def build(folder: Path, *, now: pd.Timestamp) -> ResultWithMaps:
    """Read, validate and tidy the daily table from a folder, and the maps kept as shapes under the table's rules.

    The maps are counted apart from the table's rows; when none can be read (samples/ missing, or no usable map) the
    result carries no territory_maps table, so the maps loaded before are kept, and a warning says why.
    """
    raw = read_csv_text(folder / DAILY_FILE, ("date", "occupied_km2"))
    metric_values, rejected = transform(raw, now=now)
    level = metric_values[metric_values["metric"] == "occupied_km2"]
    kept = kept_maps(folder, MapRules(
        first_day=DECLARED.first_day, now=now, max_move_km2_per_day=MAX_MOVE_KM2_PER_DAY,
        daily_km2=pd.Series(level["value"].to_numpy(), index=pd.to_datetime(level["date"]))))
    logger.info("%s: %d rows read, %d rejected, %d daily values; %d kept maps read, %d rejected", DAILY_FILE,
                len(raw), len(rejected), len(metric_values), kept.read, len(kept.rejected))
    return ResultWithMaps(
        metric_values=metric_values,
        tables={} if kept.maps is None else {"territory_maps": kept.maps},
        rejected=rejected,
        rows_read=len(raw),
        warnings=kept.warnings,
        maps_read=kept.read,
        maps_rejected=kept.rejected,
    )
