"""Accepted attack rows reduced to tidy daily metrics and attack waves. Pure; part of
the attacks source (national reports only; a day is the Kyiv date of time_end). The metrics are
declared in etl/metrics.py; shot-down shares are derived from their parts at load."""
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

def daily_metrics(events: pd.DataFrame) -> pd.DataFrame:
    """One value per Kyiv calendar day (date of time_end) and metric, national reports only.

    A day appears when at least one national report ends on it; a class with no row that day is 0
    (the report lists everything launched). A count missing in every row of a class that day gives
    no value rather than a false zero.

    Args:
        events: accepted rows from `transform`.

    Returns:
        DataFrame of date, metric, value (float), note, is_lower_bound.
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
        lower_bound = ((missing > 0) & values.notna()).to_numpy()
        note = np.where(lower_bound,
                        [f"{n} row(s) without a '{column}' count: the value is a lower bound" for n in missing],
                        None)
        frames.append(pd.DataFrame({"date": dates, "metric": metric, "value": values.to_numpy(), "note": note,
                                    "is_lower_bound": lower_bound}))
    tidy = pd.concat(frames, ignore_index=True).dropna(subset=["value"])
    tidy["date"] = tidy["date"].dt.date
    return tidy.sort_values(["metric", "date"]).reset_index(drop=True)


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
    for metric, (classes, column) in {**METRIC_DEFINITIONS, **SHAHED_METRICS}.items():
        mask = national["weapon_class"].isin(classes)
        if metric in SHAHED_METRICS:
            mask &= national["is_shahed_type"]
        sums = national[mask].groupby(keys)[column].sum(min_count=1).rename(metric)
        base = base.merge(sums.reset_index(), on=keys, how="left")
        has_class = national[mask].groupby(keys).size().rename("_n").reset_index()
        base = base.merge(has_class, on=keys, how="left")
        base.loc[base["_n"].isna(), metric] = 0.0
        base = base.drop(columns="_n")
    base["date"] = base["date"].dt.date
    return base.sort_values(keys).reset_index(drop=True)
