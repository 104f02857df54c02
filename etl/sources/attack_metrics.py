"""Accepted attack rows reduced to tidy daily metrics and attack waves. Pure; part of
the attacks source (national reports only; a day is the Kyiv date of time_end). The metrics are
declared in etl/metrics.py; shot-down shares are derived from their parts at load."""
from __future__ import annotations

import numpy as np
import pandas as pd

from etl.registry import breaks, notes
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

# What became of what was launched: name -> (weapon classes or None for every row, column, Shahed rows only).
# Each field is filled for part of the history only: a day whose rows all leave it blank has no value.
OUTCOME_METRICS = {
    "drones_lost_on_radar": (_DRONES, "not_reach_goal", False),
    "drones_still_in_air": (_DRONES, "still_attacking", False),
    "hit_locations": (None, "num_hit_location", False),
    "debris_locations": (None, "num_fall_fragment_location", False),
    "real_shaheds_launched": (_DRONES, "is_shahed", True),
}
UNACCOUNTED_PARTS = ("drones_launched", "drones_destroyed", "drones_lost_on_radar", "drones_still_in_air")
NEGATIVE_UNACCOUNTED_NOTE = notes.NEGATIVE_UNACCOUNTED


def summed_columns() -> dict[str, tuple[tuple[str, ...] | None, str, bool]]:
    """Every metric that is a plain sum of one count column over a day's national rows: name -> (weapon classes, or
    None for every row; column; Shahed-type rows only). A day's value is at least any one of its rows' counts, so a
    row whose count alone breaks such a metric's bounds is the cause (attacks.py rejects it). Read when called, so a
    metric added to these tables is covered."""
    return {**{name: (classes, column, False) for name, (classes, column) in METRIC_DEFINITIONS.items()},
            **{name: (classes, column, True) for name, (classes, column) in SHAHED_METRICS.items()},
            **OUTCOME_METRICS}


def outcome_metrics(national: pd.DataFrame, launched_and_destroyed: pd.DataFrame) -> pd.DataFrame:
    """The outcome fields per day, only where reported (never a false zero), and what they leave unaccounted.

    Args:
        national: accepted national rows.
        launched_and_destroyed: the day's drones_launched and drones_destroyed (tidy, from daily_metrics).

    Returns:
        date, metric, value, note, is_lower_bound, record_eligible.
    """
    frames = [field_values(national)]
    # Decoys: launched minus real Shaheds on the Shahed rows that give the real count (row by row, so a
    # Shahed row without it adds nothing).
    typed = national[national["is_shahed_type"] & national["weapon_class"].isin(_DRONES)].dropna(
        subset=["is_shahed", "launched"])
    decoys = (typed["launched"] - typed["is_shahed"]).groupby(typed["date"]).sum()
    frames.append(pd.DataFrame({"date": decoys.index, "metric": "decoy_drones_launched", "value": decoys.to_numpy()}))
    # decoy_share's denominator over the same rows: a day's separate report without the real count (24 Mar
    # 2026: 556 of 948) would otherwise dilute the share (15 % instead of 36 %).
    split = typed["launched"].groupby(typed["date"]).sum()
    frames.append(pd.DataFrame({"date": split.index, "metric": "shahed_drones_launched_with_real_count",
                                "value": split.to_numpy()}))
    tidy = pd.concat(frames, ignore_index=True)
    tidy["date"] = pd.to_datetime(tidy["date"]).dt.date
    tidy = not_reported_after_breaks(tidy)
    tidy = pd.concat([tidy, neutralised(tidy, launched_and_destroyed)], ignore_index=True)
    parts = pd.concat([tidy, launched_and_destroyed[["date", "metric", "value"]]]).pivot_table(
        index="date", columns="metric", values="value", aggfunc="sum")
    complete = parts.reindex(columns=list(UNACCOUNTED_PARTS)).dropna()
    unaccounted = complete["drones_launched"] - complete[list(UNACCOUNTED_PARTS[1:])].sum(axis=1)
    tidy = pd.concat([tidy, pd.DataFrame({"date": unaccounted.index, "metric": "drones_unaccounted",
                                          "value": unaccounted.to_numpy()})], ignore_index=True)
    negative = (tidy["metric"] == "drones_unaccounted") & (tidy["value"] < 0)
    tidy["note"] = np.where(negative, NEGATIVE_UNACCOUNTED_NOTE, tidy["note"].where(tidy["note"].notna(), None))
    tidy["is_lower_bound"] = False
    tidy["record_eligible"] = ~negative
    return tidy


def field_values(national: pd.DataFrame) -> pd.DataFrame:
    """Each outcome field's daily sum as the file gives it (date, metric, value), on the days some row fills it:
    before any change of reporting is applied, so the search for the next one sees the zeros."""
    frames = []
    for metric, (classes, column, shahed_only) in OUTCOME_METRICS.items():
        rows = national if classes is None else national[national["weapon_class"].isin(classes)]
        if shahed_only:
            rows = rows[rows["is_shahed_type"]]
        values = rows.dropna(subset=[column]).groupby("date")[column].sum()
        frames.append(pd.DataFrame({"date": values.index, "metric": metric, "value": values.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def not_reported_after_breaks(tidy: pd.DataFrame, declared=breaks.BREAKS) -> pd.DataFrame:
    """From a declared change of reporting on, a field the reports no longer give separately is not reported: its
    zeros are dropped (a blank, never 0), and the rare positive value (a report that still gave it) is kept with a
    note. So drones_unaccounted, which needs every part, is not computed from a false zero either."""
    tidy = tidy.assign(note=tidy["note"] if "note" in tidy else None)
    for change in declared:
        after = (tidy["metric"] == change.metric) & (pd.to_datetime(tidy["date"]) >= pd.Timestamp(change.first_day))
        tidy.loc[after & (tidy["value"] > 0), "note"] = notes.GIVEN_AFTER_BREAK.format(first_day=change.first_day)
        tidy = tidy[~(after & (tidy["value"] == 0))]
    return tidy.reset_index(drop=True)


def neutralised(tidy: pd.DataFrame, launched_and_destroyed: pd.DataFrame, declared=breaks.BREAKS) -> pd.DataFrame:
    """drones_neutralised: shot down plus lost on radar, the one count with the same meaning across the change of
    24 July 2025. Before it, destroyed + lost on radar on the days that give both; from it, destroyed alone,
    which then counts the drones "shot down or suppressed"."""
    change = next(pd.Timestamp(b.first_day) for b in declared if b.metric == "drones_lost_on_radar")
    destroyed = launched_and_destroyed[launched_and_destroyed["metric"] == "drones_destroyed"].set_index("date")["value"]
    lost = tidy[tidy["metric"] == "drones_lost_on_radar"].set_index("date")["value"]
    before = pd.to_datetime(pd.Index(destroyed.index)) < change
    both = (destroyed[before] + lost.reindex(destroyed.index[before])).dropna()
    value = pd.concat([both, destroyed[~before]]).sort_index()
    # Parts that add up to more than launched (28 Dec 2024) contradict the report: no value, as a destroyed count
    # above launched is a rejected row (drones_unaccounted keeps the day, negative, with its note).
    launched = launched_and_destroyed[launched_and_destroyed["metric"] == "drones_launched"].set_index("date")["value"]
    value = value[~(value > launched.reindex(value.index))]
    return pd.DataFrame({"date": value.index, "metric": "drones_neutralised", "value": value.to_numpy(),
                         "note": None})


def daily_metrics(events: pd.DataFrame) -> pd.DataFrame:
    """One value per Kyiv calendar day (date of time_end) and metric, national reports only.

    A day appears when at least one national report ends on it; a class with no row that day is 0
    (the report lists everything launched). A count missing in every row of a class that day gives
    no value rather than a false zero.

    Args:
        events: accepted rows from `transform`.

    Returns:
        DataFrame of date, metric, value (float), note, is_lower_bound, record_eligible; with the outcome
        metrics (outcome_metrics) on the days that report them.
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
                        [notes.LOWER_BOUND.format(rows=n, column=column) for n in missing],
                        None)
        frames.append(pd.DataFrame({"date": dates, "metric": metric, "value": values.to_numpy(), "note": note,
                                    "is_lower_bound": lower_bound}))
    tidy = pd.concat(frames, ignore_index=True).dropna(subset=["value"])
    tidy["date"] = tidy["date"].dt.date
    tidy["record_eligible"] = True
    drones = tidy[tidy["metric"].isin(["drones_launched", "drones_destroyed"]) & ~tidy["is_lower_bound"]]
    tidy = pd.concat([tidy, outcome_metrics(national, drones)], ignore_index=True)
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
