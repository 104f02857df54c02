"""Missile and drone attacks on Ukraine, digitised by Petro Ivaniuk from Ukrainian Air Force reports.

Three parts, as in every source module: constants (where the data lives, its licence), the pure
transforms (raw frames in, tidy frames out), then small helpers. Nothing here touches the database.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from etl.sources.common import SourceResult, catalogue, combine_reasons, read_csv_text, rejected_frame, schema_failures

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- constants
SOURCE = "attacks"
TITLE = "Massive Missile Attacks on Ukraine"
KAGGLE_HANDLE = "piterfm/massive-missile-attacks-on-ukraine"
URL = "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine"
LICENCE = "CC BY-NC-SA 4.0"
ATTRIBUTION = "Petro Ivaniuk (Kaggle: piterfm), digitised from Ukrainian Air Force Command reports"
ATTACKS_FILE = "missile_attacks_daily.csv"
WEAPONS_FILE = "missiles_and_uavs.csv"
FILES = (ATTACKS_FILE, WEAPONS_FILE)
FOLDER = "attacks"

# Regional air commands post daytime tallies that overlap the national night report
# (PROVENANCE.md: they add 50-130 "Unknown UAV" a day in 2026), so daily totals skip them.
REGIONAL_COMMAND_PREFIXES = ("PvKPivden", "pvkshid", "PvkZahid", "PvkCenter")

# Weapon classes. "other_missile" holds S-300/S-400 fired at ground targets and combined rows
# whose parts are of different missile classes (one count, so it cannot be split).
DRONE = "drone"
CRUISE = "cruise_missile"
BALLISTIC = "ballistic_missile"
OTHER_MISSILE = "other_missile"
GUIDED_BOMB = "guided_bomb"
UNCLASSIFIED = "unclassified"
MISSILE_CLASSES = (CRUISE, BALLISTIC, OTHER_MISSILE)

CATEGORY_TO_CLASS = {
    "uav": DRONE,
    "cruise missile": CRUISE,
    "ballistic missile": BALLISTIC,
    "surface-to-air missile": OTHER_MISSILE,
    "surface-to-air and ballistic": OTHER_MISSILE,
    "guided bomb": GUIDED_BOMB,
}

# Model strings the weapon table lacks (PROVENANCE.md, Quirks). Combinations of known models
# ("Iskander-M and Iskander-K") and case variants are resolved without being listed here.
EXPLICIT_MODEL_CLASSES = {
    "Картограф": DRONE,  # Kartograf reconnaissance UAV
    "Привет-82": DRONE,  # Privet-82 strike UAV
    "Фенікс": DRONE,  # Feniks UAV
    "Aerial Bomb": GUIDED_BOMB,
}

# Daily metrics this source produces: name -> (weapon classes, count column).
_DRONES = (DRONE,)
METRIC_DEFINITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "drones_launched": (_DRONES, "launched"),
    "drones_destroyed": (_DRONES, "destroyed"),
    "missiles_launched": (MISSILE_CLASSES, "launched"),
    "missiles_destroyed": (MISSILE_CLASSES, "destroyed"),
    "cruise_missiles_launched": ((CRUISE,), "launched"),
    "cruise_missiles_destroyed": ((CRUISE,), "destroyed"),
    "ballistic_missiles_launched": ((BALLISTIC,), "launched"),
    "ballistic_missiles_destroyed": ((BALLISTIC,), "destroyed"),
}

# The rows whose model names a Shahed: the figure the press quotes (PROVENANCE.md), kept apart from
# all drones (which add reconnaissance and loitering drones in 2022 to early 2025).
SHAHED_METRICS = {
    "shahed_drones_launched": (_DRONES, "launched"),
    "shahed_drones_destroyed": (_DRONES, "destroyed"),
}

# label, unit, description: the metric catalogue analysts read in the database.
METRIC_DESCRIPTIONS: dict[str, tuple[str, str, str]] = {
    "drones_launched": ("Drones launched", "drones",
                        "Drones of every type launched at Ukraine (Shahed/Geran with decoys, "
                        "reconnaissance and loitering drones), national Air Force reports ending that day."),
    "drones_destroyed": ("Drones destroyed", "drones",
                         "Drones reported shot down (the report's 'destroyed' figure; excludes drones "
                         "lost on radar)."),
    "missiles_launched": ("Missiles launched", "missiles",
                          "Cruise, ballistic and other missiles (S-300/S-400 against ground targets, "
                          "mixed-class combined rows); guided bombs excluded."),
    "missiles_destroyed": ("Missiles destroyed", "missiles", "Missiles reported shot down."),
    "cruise_missiles_launched": ("Cruise missiles launched", "missiles",
                                 "Kh-101/Kh-555, Kalibr, Iskander-K, Kh-59/69 and other cruise missiles."),
    "cruise_missiles_destroyed": ("Cruise missiles destroyed", "missiles", "Cruise missiles shot down."),
    "ballistic_missiles_launched": ("Ballistic missiles launched", "missiles",
                                    "Iskander-M/KN-23, Kinzhal and other ballistic missiles."),
    "ballistic_missiles_destroyed": ("Ballistic missiles destroyed", "missiles",
                                     "Ballistic missiles shot down."),
    "shahed_drones_launched": ("Shahed-type drones launched", "drones",
                               "Rows whose model names a Shahed (Shahed/Geran, with decoys since 2024): the "
                               "figure the press usually quotes; excludes reconnaissance and loitering drones."),
    "shahed_drones_destroyed": ("Shahed-type drones destroyed", "drones", "Shahed-type drones shot down."),
}

_DATE_RE = r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2}(:\d{2})?)?$"
_COUNT_RE = r"^\d+(\.0*)?$"
REQUIRED_COLUMNS = ("time_start", "time_end", "model", "launched", "destroyed", "source")
COUNT_COLUMNS = ("launched", "destroyed", "not_reach_goal", "still_attacking")


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
    weapons = read_csv_text(folder / WEAPONS_FILE, ("model", "category"))
    return attacks, weapons


# ---------------------------------------------------------------- process
def classify_models(models: pd.Series, weapons: pd.DataFrame) -> pd.DataFrame:
    """Give every distinct model string a weapon class.

    Order of rules: the explicit mapping; a combined "A and B" string whose parts are all known
    takes their common class (or other_missile when missile classes differ, since one count
    cannot be split); a single model takes its weapon-table category (case-insensitive);
    anything else is `unclassified` and reported, never guessed.

    Args:
        models: model strings, repeats allowed.
        weapons: the weapon table (needs `model`, `category`).

    Returns:
        DataFrame of model, weapon_class, basis, rows (how many rows carry the string).
    """
    table = {
        str(model).strip().casefold(): CATEGORY_TO_CLASS.get(str(category).strip().casefold(), UNCLASSIFIED)
        for model, category in zip(weapons["model"], weapons["category"])
        if isinstance(model, str)
    }
    counts = models.value_counts(dropna=True)
    rows = []
    for model, n_rows in counts.items():
        weapon_class, basis = _classify_one(str(model), table)
        rows.append((model, weapon_class, basis, int(n_rows)))
    return pd.DataFrame(rows, columns=["model", "weapon_class", "basis", "rows"])


def _classify_one(model: str, table: dict[str, str]) -> tuple[str, str]:
    if model in EXPLICIT_MODEL_CLASSES:
        return EXPLICIT_MODEL_CLASSES[model], "explicit mapping"
    parts = [part.strip() for part in re.split(r"\s+and\s+", model) if part.strip()]
    if len(parts) > 1:
        part_classes = [EXPLICIT_MODEL_CLASSES.get(p) or table.get(p.casefold()) for p in parts]
        if all(part_classes) and UNCLASSIFIED not in part_classes:
            distinct = set(part_classes)
            if len(distinct) == 1:
                return distinct.pop(), "weapon table (parts)"
            if distinct <= set(MISSILE_CLASSES):
                return OTHER_MISSILE, "weapon table (parts of mixed class)"
    key = model.casefold()
    if key in table:
        return table[key], "weapon table"
    return UNCLASSIFIED, "unknown model"


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


def _parsed_schema(latest_allowed: pd.Timestamp) -> pa.DataFrameSchema:
    """Checks across columns once values are parsed."""
    return pa.DataFrameSchema(
        checks=[
            pa.Check(lambda d: d["time_end"] >= d["time_start"], error="time_end is before time_start"),
            pa.Check(
                lambda d: d["destroyed"].isna() | d["launched"].isna() | (d["destroyed"] <= d["launched"]),
                error="destroyed is greater than launched",
            ),
            pa.Check(lambda d: d["time_end"] <= latest_allowed, error="time_end is in the future"),
        ],
    )


def transform(
    attacks: pd.DataFrame,
    weapons: pd.DataFrame,
    *,
    file_name: str = ATTACKS_FILE,
    now: pd.Timestamp | None = None,
) -> AttackTables:
    """Validate and tidy the raw attack rows. Pure: no I/O.

    Args:
        attacks: raw rows as text (from read_raw), with a `line` column.
        weapons: the weapon table as text.
        file_name: named in each rejected row.
        now: the Kyiv wall-clock time a row may not end after (default: now, plus one day of slack).

    Returns:
        AttackTables: accepted rows with parsed times, counts and weapon class; rejected rows with
        line and reason; the model classification; the models that could not be classified.
    """
    if now is None:
        now = pd.Timestamp.now(tz="Europe/Kyiv").tz_localize(None)
    text = attacks.copy()
    for column in ("time_start", "time_end", "model", *COUNT_COLUMNS):
        if column in text.columns:
            text[column] = text[column].str.strip()  # "2023-05-16 3:30 " style values
    text = text.reset_index(drop=True)

    parsed = _parse(text)
    reasons = combine_reasons(
        schema_failures(_raw_schema(), text),
        schema_failures(_parsed_schema(now + pd.Timedelta(days=1)), parsed),
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


def _duplicates(text: pd.DataFrame) -> pd.DataFrame:
    """Rows repeating an earlier row field for field (the real file has none): the repeat is rejected."""
    fields = [c for c in text.columns if c != "line"]
    repeated = text.duplicated(subset=fields, keep="first")
    if not repeated.any():
        return pd.DataFrame({"index": pd.Series(dtype=int), "reason": pd.Series(dtype=str)})
    first_line = text.groupby(fields, dropna=False)["line"].transform("first")
    return pd.DataFrame({"index": text.index[repeated],
                         "reason": [f"duplicate of line {n}" for n in first_line[repeated]]})


def _parse(text: pd.DataFrame) -> pd.DataFrame:
    """Typed columns from the text; unparseable values become NaT/NaN (the checks name them)."""
    time_start = pd.to_datetime(text["time_start"], format="mixed", errors="coerce")
    time_end = pd.to_datetime(text["time_end"], format="mixed", errors="coerce")
    start_has_time = text["time_start"].str.contains(":", na=False)
    source_post = text["source"].fillna("").str.strip()
    parsed = pd.DataFrame(
        {
            "line": text["line"].astype("int64"),
            "time_start": time_start,
            "time_end": time_end,
            "date": time_end.dt.normalize(),
            "model": text["model"],
            **{
                column: pd.to_numeric(text[column], errors="coerce") if column in text.columns else np.nan
                for column in COUNT_COLUMNS
            },
            "target": text.get("target"),
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


def daily_metrics(events: pd.DataFrame) -> pd.DataFrame:
    """One value per Kyiv calendar day (date of time_end) and metric, national reports only.

    A day appears when at least one national report ends on it; a class with no row that day is 0
    (the report lists everything launched). A count missing in every row of a class that day gives
    no value rather than a false zero.

    Args:
        events: accepted rows from `transform`.

    Returns:
        DataFrame of date, metric, value (float).
    """
    national = events[events["is_national"]]
    dates = pd.Index(national["date"].dropna().unique(), name="date").sort_values()
    frames = []
    for metric, (classes, column) in {**METRIC_DEFINITIONS, **SHAHED_METRICS}.items():
        rows = national[national["weapon_class"].isin(classes)]
        if metric in SHAHED_METRICS:
            rows = rows[rows["is_shahed_type"]]
        by_day = rows.groupby("date")[column]
        values = by_day.sum(min_count=1).reindex(dates)
        has_rows = rows.groupby("date").size().reindex(dates).fillna(0) > 0
        values[~has_rows.to_numpy()] = 0.0  # no row of this class: none launched
        missing = (rows[column].isna().groupby(rows["date"]).sum()).reindex(dates).fillna(0).astype(int)
        note = np.where((missing > 0) & values.notna(),
                        [f"{n} row(s) without a '{column}' count: the value is a lower bound" for n in missing],
                        None)
        frames.append(pd.DataFrame({"date": dates, "metric": metric, "value": values.to_numpy(), "note": note}))
    tidy = pd.concat(frames, ignore_index=True).dropna(subset=["value"])
    tidy["date"] = tidy["date"].dt.date
    return tidy.sort_values(["metric", "date"]).reset_index(drop=True)


RATE_METRICS = [
    {"metric": f"{family}_interception_rate", "label": f"Share of {family} shot down", "unit": "share",
     "kind": "rate", "numerator": f"{family}_destroyed", "denominator": f"{family}_launched",
     "description": f"{family.capitalize()} destroyed / {family} launched. Over a week, month or range it is "
                    f"Σ destroyed / Σ launched, never a mean of daily shares. Not a record metric."}
    for family in ("drones", "missiles")
]


def interception_rates(metric_values: pd.DataFrame) -> pd.DataFrame:
    """Daily shot-down share per family, on days with at least one launch; never a record."""
    wide = metric_values.pivot(index="date", columns="metric", values="value")
    frames = []
    for rate in RATE_METRICS:
        pair = wide[[rate["numerator"], rate["denominator"]]].dropna()
        pair = pair[pair[rate["denominator"]] > 0]
        frames.append(pd.DataFrame({
            "date": pair.index, "metric": rate["metric"],
            "value": (pair[rate["numerator"]] / pair[rate["denominator"]]).to_numpy(),
            "note": None, "record_eligible": False,
        }))
    return pd.concat(frames, ignore_index=True)


def attack_waves(events: pd.DataFrame) -> pd.DataFrame:
    """One row per national report window (an attack wave), with per-class totals and its posts.

    Answers "largest single wave" and "overnight only" (is_daytime_report = false).
    """
    national = events[events["is_national"]].copy()
    keys = ["time_start", "time_end"]
    base = national.groupby(keys, as_index=False).agg(
        date=("date", "first"),
        is_daytime_report=("is_daytime_report", "first"),
        rows=("line", "size"),
        source_posts=("source_post", lambda posts: " ".join(sorted(set(posts)))),
    )
    for metric, (classes, column) in METRIC_DEFINITIONS.items():
        mask = national["weapon_class"].isin(classes)
        sums = national[mask].groupby(keys)[column].sum(min_count=1).rename(metric)
        base = base.merge(sums.reset_index(), on=keys, how="left")
        has_class = national[mask].groupby(keys).size().rename("_n").reset_index()
        base = base.merge(has_class, on=keys, how="left")
        base.loc[base["_n"].isna(), metric] = 0.0
        base = base.drop(columns="_n")
    base["date"] = base["date"].dt.date
    return base.sort_values(keys).reset_index(drop=True)


def possible_double_counts(events: pd.DataFrame) -> pd.DataFrame:
    """National rows sharing window and model but coming from different posts (kept, reported)."""
    national = events[events["is_national"]]
    keys = ["time_start", "time_end", "model"]
    posts = national.groupby(keys)["source_post"].nunique()
    suspects = posts[posts > 1].reset_index()[keys]
    return national.merge(suspects, on=keys)[["line", *keys, "launched", "source_post"]]


def build(folder: Path, *, now: pd.Timestamp | None = None) -> SourceResult:
    """Read, validate and tidy this source's files from a folder: everything the loader needs."""
    raw_attacks, weapons = read_raw(folder)
    tables = transform(raw_attacks, weapons, now=now)
    metric_values = daily_metrics(tables.events)
    metric_values["record_eligible"] = True
    warnings = []
    if tables.unknown_models:
        warnings.append(f"{ATTACKS_FILE}: model(s) not in the weapon table, kept as unclassified: "
                        + ", ".join(tables.unknown_models))
    doubles = possible_double_counts(tables.events)
    if len(doubles):
        lines = ", ".join(str(line) for line in doubles["line"])
        warnings.append(f"{ATTACKS_FILE}: national rows sharing window and model from different posts "
                        f"(possible double counts, kept as published): lines {lines}")
    metrics = catalogue({name: (label, unit, "flow", text) for name, (label, unit, text) in METRIC_DESCRIPTIONS.items()})
    rates = interception_rates(metric_values)
    metric_values = pd.concat([metric_values, rates], ignore_index=True)
    metrics = pd.concat([metrics, pd.DataFrame(RATE_METRICS)], ignore_index=True)
    events = tables.events.drop(columns=["date"]).assign(date=tables.events["date"].dt.date)
    return SourceResult(
        metric_values=metric_values,
        metrics=metrics,
        tables={
            "attack_events": events,
            "attack_waves": attack_waves(tables.events),
            "weapon_models": tables.model_classes,
        },
        rejected=tables.rejected,
        rows_read=len(raw_attacks),
        warnings=warnings,
    )
