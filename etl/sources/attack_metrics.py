"""Accepted attack rows reduced to tidy daily metrics, shot-down shares and attack waves. Pure; part of
the attacks source (national reports only; a day is the Kyiv date of time_end)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from etl.sources.attack_weapons import BALLISTIC, CRUISE, DRONE, MISSILE_CLASSES

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
