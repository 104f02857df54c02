"""Missile and drone attacks on Ukraine, digitised by Petro Ivaniuk from Ukrainian Air Force reports.

Three parts, as in every source module: constants (where the data lives, its licence), the pure
transforms (raw frames in, tidy frames out), then small helpers. Nothing here touches the database.
This module reads and validates the rows; attack_weapons.py classifies the weapon models and
attack_metrics.py reduces the accepted rows to daily metrics and attack waves.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from etl.registry import metrics, notes
from etl.registry import sources as declared_sources
from etl.sources.attack_breaks import suspected_breaks, undeclared, warning_text
from etl.sources.attack_metrics import OUTCOME_METRICS, attack_waves, daily_metrics, field_values, summed_columns
from etl.sources.attack_regions import oblasts_named, region_cell_warnings, region_reports
from etl.sources.attack_weapons import UNCLASSIFIED, classify_models
from etl.sources.common import (
    SourceResult,
    bounds_reason,
    combine_reasons,
    date_window_failures,
    outside_bounds,
    parse_numbers,
    read_csv_text,
    rejected_frame,
    schema_failures,
)

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- constants
DECLARED = declared_sources.ATTACKS  # key, title, home, licence, credit, folder, files, first day
SOURCE, FILES = DECLARED.key, DECLARED.files
ATTACKS_FILE, WEAPONS_FILE = FILES
KAGGLE_HANDLE = "piterfm/massive-missile-attacks-on-ukraine"

# Regional air commands post daytime tallies that overlap the national night report
# (PROVENANCE.md: they add 50-130 "Unknown UAV" a day in 2026), so daily totals skip them.
REGIONAL_COMMAND_PREFIXES = ("PvKPivden", "pvkshid", "PvkZahid", "PvkCenter")
SOURCE_URL_HOSTS = r"^https?://(www\.)?(t\.me|facebook\.com)/"

_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$"
_COUNT_RE = r"^[0-9]+(\.0*)?$"
REQUIRED_COLUMNS = ("time_start", "time_end", "model", "launched", "destroyed", "source")
COUNT_COLUMNS = ("launched", "destroyed", "not_reach_goal", "still_attacking", "is_shahed", "num_hit_location",
                 "num_fall_fragment_location")


@dataclass(frozen=True)
class AttackTables:
    """What the transform hands to the loader."""

    events: pd.DataFrame  # one row per accepted raw row, classified
    rejected: pd.DataFrame  # file, line, reason, raw
    model_classes: pd.DataFrame  # model, weapon_class, basis, rows
    unknown_models: list[str]


# ---------------------------------------------------------------- load inputs
def read_raw(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read both CSV files as text, so that nothing is coerced before validation.

    Args:
        folder: a folder holding missile_attacks_daily.csv and missiles_and_uavs.csv.

    Returns:
        (attacks, weapons). attacks has a `line` column: the row's line number in the file.
    """
    attacks = read_csv_text(folder / ATTACKS_FILE, REQUIRED_COLUMNS)
    # A weapon table without rows would classify every model as unknown and zero every figure: it is
    # refused whole (read_csv_text refuses a header-only file) rather than revising thousands of values.
    weapons = read_csv_text(folder / WEAPONS_FILE, ("model", "category"))
    return attacks, weapons


# ---------------------------------------------------------------- process
def _raw_schema() -> pa.DataFrameSchema:
    """Row checks on the text as read: one lazy pass reports every bad row."""
    date = pa.Check.str_matches(_DATE_RE, error="not a date 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM'")
    count = pa.Check.str_matches(_COUNT_RE, error="not a whole non-negative number")
    return pa.DataFrameSchema(
        {
            "time_start": pa.Column(str, date, nullable=False),
            "time_end": pa.Column(str, date, nullable=False),
            "model": pa.Column(str, pa.Check.str_length(min_value=1), nullable=False),
            **{column: pa.Column(str, count, nullable=True, required=False) for column in COUNT_COLUMNS},
        },
        strict=False,
        coerce=False,
    )


def _parsed_schema() -> pa.DataFrameSchema:
    """Checks across columns once values are parsed."""
    return pa.DataFrameSchema(
        checks=[
            pa.Check(lambda d: d["time_end"] >= d["time_start"], error="time_end is before time_start"),
            pa.Check(
                lambda d: d["destroyed"].isna() | d["launched"].isna() | (d["destroyed"] <= d["launched"]),
                error="destroyed is greater than launched",
            ),
            pa.Check(
                lambda d: d["is_shahed"].isna() | d["launched"].isna() | (d["is_shahed"] <= d["launched"]),
                error="is_shahed (real Shaheds) is greater than launched",
            ),
        ],
    )


def transform(
    attacks: pd.DataFrame,
    weapons: pd.DataFrame,
    *,
    now: pd.Timestamp,
    file_name: str = ATTACKS_FILE,
) -> AttackTables:
    """Validate and tidy the raw attack rows. Pure: no I/O.

    Args:
        attacks: raw rows as text (from read_raw), with a `line` column.
        weapons: the weapon table as text.
        now: the Kyiv wall-clock time of the refresh; a row may not end more than a day after it.
        file_name: named in each rejected row.

    Returns:
        AttackTables: accepted rows with parsed times, counts and weapon class; rejected rows with
        line and reason; the model classification; the models that could not be classified.
    """
    text = attacks.copy()
    for column in ("time_start", "time_end", "model", *COUNT_COLUMNS):
        if column in text.columns:
            text[column] = text[column].str.strip()  # "2023-05-16 3:30 " style values
    text = text.reset_index(drop=True)

    parsed = _parse(text)
    classes = classify_models(parsed["model"].dropna(), weapons).set_index("model")["weapon_class"]
    reasons = combine_reasons(
        schema_failures(_raw_schema(), text),
        schema_failures(_parsed_schema(), parsed),
        date_window_failures(parsed["time_end"].dropna(), DECLARED.first_day, now),
        _implausible_counts(parsed, parsed["model"].map(classes)),
        _duplicates(text),
    )

    rejected_mask = text.index.isin(reasons.index)
    rejected = rejected_frame(text[rejected_mask], reasons, file_name)
    events = parsed[~rejected_mask].copy()

    model_classes = classify_models(events["model"], weapons)
    events = events.merge(model_classes[["model", "weapon_class"]], on="model", how="left")
    unknown = sorted(model_classes.loc[model_classes["weapon_class"] == UNCLASSIFIED, "model"])
    if unknown:
        logger.warning("%s: %d model name(s) not in the weapon table: %s", file_name, len(unknown), unknown)
    logger.info("%s: %d rows read, %d accepted, %d rejected", file_name, len(text), len(events), len(rejected))
    return AttackTables(events=events, rejected=rejected, model_classes=model_classes, unknown_models=unknown)


def _implausible_counts(parsed: pd.DataFrame, weapon_class: pd.Series) -> pd.DataFrame:
    """Rows whose count alone breaks the bounds of a metric it is summed into (a typo, 1e18, a 500-digit number):
    the day's value is at least that count, so the row is the cause. The one bounds rule (common.outside_bounds)
    decides, against the tightest metric the row feeds; a count summed into no metric (a missile row's
    not_reach_goal, a guided bomb's launched) meets the tightest bound its column has."""
    found = []
    sums = summed_columns()
    for column in COUNT_COLUMNS:
        feeds = sorted(((name, classes, shahed) for name, (classes, col, shahed) in sums.items() if col == column),
                       key=lambda feed: metrics.get(feed[0]).bounds[1])
        if not feeds:
            continue
        binding = pd.Series(feeds[0][0], index=parsed.index, dtype=object)
        for name, classes, shahed_only in reversed(feeds):  # loosest first, so the tightest a row feeds is kept
            fed = weapon_class.isin(classes) if classes is not None else pd.Series(True, index=parsed.index)
            binding[fed & (parsed["is_shahed_type"] if shahed_only else True)] = name
        counts = parsed[column]
        # Negative counts already fail the text check; this one catches the absurdly large and the unreadably long.
        bad = outside_bounds(pd.DataFrame({"metric": binding, "value": counts.where(counts >= 0)}))
        found.append(pd.DataFrame({"index": bad["index"].to_numpy(dtype=int),
                                   "reason": [bounds_reason(f"{column} (as {row.metric})", row.value, row.low, row.high)
                                              for row in bad.itertuples()]}))
    return pd.concat(found, ignore_index=True)


def _duplicates(text: pd.DataFrame) -> pd.DataFrame:
    """Rows repeating an earlier row field for field (the real file has none): the repeat is rejected."""
    fields = [c for c in text.columns if c != "line"]
    repeated = text.duplicated(subset=fields, keep="first")
    if not repeated.any():
        return pd.DataFrame({"index": pd.Series(dtype=int), "reason": pd.Series(dtype=str)})
    first_line = text.groupby(fields, dropna=False)["line"].transform("first")
    return pd.DataFrame({"index": text.index[repeated],
                         "reason": [notes.DUPLICATE_OF_LINE.format(line=n) for n in first_line[repeated]]})


def _parse(text: pd.DataFrame) -> pd.DataFrame:
    """Typed columns from the text; unparseable values become NaT/NaN (the checks name them)."""
    time_start = pd.to_datetime(text["time_start"], format="mixed", errors="coerce")
    time_end = pd.to_datetime(text["time_end"], format="mixed", errors="coerce")
    start_has_time = text["time_start"].str.contains(":", na=False)
    # Usually "kpszsu/posts/…"; a few rows give the full URL ("https://t.me/kpszsu"): the same post path, so a
    # regional command's URL is still known by its prefix.
    source_post = text["source"].fillna("").str.strip().str.replace(SOURCE_URL_HOSTS, "", regex=True)
    parsed = pd.DataFrame(
        {
            "line": text["line"].astype("int64"),
            "time_start": time_start,
            "time_end": time_end,
            "date": time_end.dt.normalize(),
            "model": text["model"],
            **{
                column: parse_numbers(text[column]) if column in text.columns else np.nan
                for column in COUNT_COLUMNS
            },
            "target": text.get("target"),
            "affected_region": text.get("affected region"),
            "launch_place": text.get("launch_place"),
            "source_post": source_post,
            "is_national": ~source_post.str.startswith(REGIONAL_COMMAND_PREFIXES),
            # A separate daytime report (from 2026): starts 07:00 or later, ends the same day.
            "is_daytime_report": start_has_time
            & (time_start.dt.hour >= 7)
            & (time_start.dt.normalize() == time_end.dt.normalize()),
            "is_shahed_type": text["model"].str.contains("Shahed", na=False),
        }
    )
    return parsed


def possible_double_counts(events: pd.DataFrame) -> pd.DataFrame:
    """National rows sharing window and model but coming from different posts (kept, reported)."""
    national = events[events["is_national"]]
    keys = ["time_start", "time_end", "model"]
    posts = national.groupby(keys)["source_post"].nunique()
    suspects = posts[posts > 1].reset_index()[keys]
    return national.merge(suspects, on=keys)[["line", *keys, "launched", "source_post"]]


def build(folder: Path, *, now: pd.Timestamp) -> SourceResult:
    """Read, validate and tidy this source's files from a folder: everything the loader needs.

    Args:
        folder: holds the source's FILES.
        now: Kyiv wall-clock time of the refresh (passed in, so the transform depends only on its inputs).
    """
    raw_attacks, weapons = read_raw(folder)
    tables = transform(raw_attacks, weapons, now=now)
    metric_values = daily_metrics(tables.events)
    warnings = []
    if tables.unknown_models:
        warnings.append(f"{ATTACKS_FILE}: model(s) not in the weapon table, kept as unclassified: "
                        + ", ".join(tables.unknown_models))
    doubles = possible_double_counts(tables.events)
    if len(doubles):
        lines = ", ".join(str(line) for line in doubles["line"])
        warnings.append(f"{ATTACKS_FILE}: national rows sharing window and model from different posts "
                        f"(possible double counts, kept as published): lines {lines}")
    regions, _ = region_reports(tables.events)
    warnings += [f"{ATTACKS_FILE}: {text}" for text in region_cell_warnings(tables.events)]
    fields = {metric: spec[1] for metric, spec in OUTCOME_METRICS.items()}
    national = tables.events[tables.events["is_national"]]
    for item in undeclared(suspected_breaks(field_values(national), fields)):
        warnings.append(warning_text(item, ATTACKS_FILE))
    events = tables.events.drop(columns=["date"]).assign(date=tables.events["date"].dt.date,
                                                          oblasts_named=oblasts_named(tables.events))
    return SourceResult(
        metric_values=metric_values,
        tables={
            "attack_events": events,
            "attack_waves": attack_waves(tables.events),
            "weapon_models": tables.model_classes,
            "region_report_rows": regions,
        },
        rejected=tables.rejected,
        rows_read=len(raw_attacks),
        warnings=warnings,
    )
