"""Records by definition: the largest attack depends on how an attack is counted. Pure; reads attack_waves.

Four definitions, all from the national reports (attack_waves has one row per report window):
  report        one report window as published;
  night         one overnight report (OVERNIGHT below);
  24h           the reports whose windows all lie within 24 hours of the first one's start, summed;
  calendar_day  every report ending on the Kyiv date (the daily_metrics rule).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from etl.registry import rules
from etl.registry.derived_tables import TOP_RECORDS
from etl.registry.series import ESCALATION_SERIES

DEFINITIONS, DEFINITION_LABELS = rules.DEFINITIONS, rules.DEFINITION_LABELS
# The attack sizes a record can be set for: launched counts, since a record is about the size of an attack.
RECORD_METRICS = ESCALATION_SERIES
TOP = TOP_RECORDS
SPAN = pd.Timedelta(hours=24)

# An overnight report: its window opens in the night before its end date. It starts from 14:00 the day
# before or before 07:00 on that date (a date-only start reads as 00:00), ends at a clock time after
# midnight, and lasts at most 24 hours. So the 1 Jun 2025 report (19:30 to 13:30) and the 26 Aug 2024
# attack (03:00 to 18:00) are overnight reports; daytime reports (from 2026), date-only daily tallies and
# multi-day summaries are not.
OVERNIGHT_RULE = rules.OVERNIGHT_RULE


def effective_windows(waves: pd.DataFrame) -> pd.DataFrame:
    """The waves with `window_end`: a date-only tally (00:00 to 00:00 the same day) covers its whole day."""
    out = waves.copy()
    start, end = pd.to_datetime(out["time_start"]), pd.to_datetime(out["time_end"])
    whole_day = (start == end) & (start == start.dt.normalize())
    out["time_start"], out["time_end"] = start, end
    out["window_end"] = end.where(~whole_day, end + pd.Timedelta(days=1))
    return out


def is_overnight(waves: pd.DataFrame) -> pd.Series:
    """Whether each report window is an overnight report (OVERNIGHT_RULE)."""
    start, end = pd.to_datetime(waves["time_start"]), pd.to_datetime(waves["time_end"])
    end_day = end.dt.normalize()
    evening_before = (start.dt.normalize() == end_day - pd.Timedelta(days=1)) & (start.dt.hour >= 14)
    small_hours = (start.dt.normalize() == end_day) & (start.dt.hour < 7)
    return ((evening_before | small_hours) & (end > end_day) & (end - start <= SPAN)
            & ~waves["is_daytime_report"].astype(bool))


def periods(waves: pd.DataFrame, metric: str, definition: str) -> pd.DataFrame:
    """Every period under a definition with the metric's value: value, period_start, period_end, date.

    Only periods where the metric is above zero are attacks of that kind; a missing count gives no period.
    """
    w = effective_windows(waves)
    if definition in ("report", "night"):
        if definition == "night":
            w = w[is_overnight(w)]
        out = pd.DataFrame({"value": w[metric], "period_start": w["time_start"], "period_end": w["time_end"],
                            "date": pd.to_datetime(w["date"])})
    elif definition == "calendar_day":
        w = w.assign(date=pd.to_datetime(w["date"]))
        out = w.groupby("date", as_index=False).agg(value=(metric, lambda v: v.sum(min_count=1)),
                                                    period_start=("time_start", "min"),
                                                    period_end=("time_end", "max"))
    elif definition == "24h":
        out = _within_24h(w, metric)
    else:
        raise ValueError(f"unknown definition {definition!r}")
    out = out[out["value"] > 0]
    return out[["value", "period_start", "period_end", "date"]].reset_index(drop=True)


def _within_24h(w: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The heaviest 24-hour spans, none sharing a report with a heavier one.

    Each report whose window fits in 24 hours opens a span: it and every report starting no earlier and
    ending within 24 hours of its start. Spans are then taken from the heaviest down, skipping any that
    shares a report with one already taken, so a ranking never counts the same report twice.
    """
    w = w.sort_values(["time_start", "window_end"]).reset_index(drop=True)
    starts, ends = w["time_start"].to_numpy(), w["window_end"].to_numpy()
    values = w[metric].to_numpy(dtype=float)
    spans = []
    for i in np.flatnonzero(ends - starts <= SPAN.to_timedelta64()):
        limit = starts[i] + SPAN.to_timedelta64()
        members = np.flatnonzero((starts >= starts[i]) & (starts <= limit) & (ends <= limit))
        member_values = values[members]
        if np.isnan(member_values).all():
            continue
        spans.append((np.nansum(member_values), starts[i], members))
    spans.sort(key=lambda span: (-span[0], span[1]))
    used = np.zeros(len(w), dtype=bool)
    rows = []
    for value, start, members in spans:
        if used[members].any():
            continue
        used[members] = True
        last = members[np.argmax(w["time_end"].to_numpy()[members])]
        rows.append({"value": value, "period_start": start, "period_end": w["time_end"].iloc[last],
                     "date": pd.Timestamp(w["date"].iloc[last])})
    return pd.DataFrame(rows, columns=["value", "period_start", "period_end", "date"])


def _ranked(found: pd.DataFrame) -> pd.DataFrame:
    """Periods ranked by value (ties share a rank; the earlier period is listed first)."""
    found = found.sort_values(["value", "period_start"], ascending=[False, True]).reset_index(drop=True)
    found["rank"] = found["value"].rank(method="min", ascending=False).astype(int)
    return found


def ranked_periods(waves: pd.DataFrame, metrics=RECORD_METRICS) -> dict[tuple[str, str], pd.DataFrame]:
    """Every period of each metric under each definition, ranked: computed once for both tables below."""
    return {(metric, definition): _ranked(periods(waves, metric, definition))
            for metric in metrics for definition in DEFINITIONS}


def records_by_definition(waves: pd.DataFrame, metrics=RECORD_METRICS, top: int = TOP,
                          ranked: dict | None = None) -> pd.DataFrame:
    """The top periods per metric and definition.

    Returns:
        metric, definition, rank, value, period_start, period_end, date (the Kyiv day the period counts for).
    """
    ranked = ranked if ranked is not None else ranked_periods(waves, metrics)
    frames = [found.head(top).assign(metric=metric, definition=definition)
              for (metric, definition), found in ranked.items()]
    columns = ["metric", "definition", "rank", "value", "period_start", "period_end", "date"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    out["date"] = pd.to_datetime(out["date"]).dt.date
    return out[columns]


def newest_by_definition(waves: pd.DataFrame, metrics=RECORD_METRICS, ranked: dict | None = None) -> pd.DataFrame:
    """Per metric and definition: the newest period, its rank among all periods, and the record.

    Returns:
        metric, definition, value, period_start, period_end, date, rank, periods, record_value, record_date.
    """
    ranked = ranked if ranked is not None else ranked_periods(waves, metrics)
    rows = []
    for (metric, definition), found in ranked.items():
        if found.empty:
            continue
        newest = found.loc[found["period_start"].idxmax()]
        rows.append({"metric": metric, "definition": definition, "value": newest["value"],
                     "period_start": newest["period_start"], "period_end": newest["period_end"],
                     "date": newest["date"].date(), "rank": int(newest["rank"]), "periods": len(found),
                     "record_value": found["value"].iloc[0], "record_date": found["date"].iloc[0].date()})
    columns = ["metric", "definition", "value", "period_start", "period_end", "date", "rank", "periods",
               "record_value", "record_date"]
    return pd.DataFrame(rows, columns=columns)


def progression(found: pd.DataFrame, first_day=None, burn_in_days: int = rules.RECORD_BURN_IN_DAYS) -> pd.DataFrame:
    """The records of one metric under one definition, in the order the periods ended.

    A period is a record when its value is strictly above every earlier period's (a tie is not); the first period
    is the first record. Periods are ordered by their Kyiv day, then end and start time.

    Args:
        found: the periods (value, period_start, period_end, date), in any order, e.g. one of ranked_periods.
        first_day: the first day of the reports (default: the first period's); records dated before it + burn_in_days
            are marked in_burn_in, as the daily record stars leave out the first days of a metric's history.

    Returns:
        date, value, previous_value, previous_date (the record it beat; NULL for the first), period_start,
        period_end, in_burn_in.
    """
    columns = ["date", "value", "previous_value", "previous_date", "period_start", "period_end", "in_burn_in"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    ordered = found.assign(date=pd.to_datetime(found["date"])).sort_values(
        ["date", "period_end", "period_start"], kind="stable").reset_index(drop=True)
    bar = ordered["value"].cummax().shift()  # the highest value before each period
    records = ordered[bar.isna() | (ordered["value"] > bar)].reset_index(drop=True)
    records["previous_value"] = records["value"].shift()
    records["previous_date"] = records["date"].shift()
    first = pd.Timestamp(first_day) if first_day is not None else ordered["date"].iloc[0]
    records["in_burn_in"] = records["date"] < first + pd.Timedelta(days=burn_in_days)
    for column in ("date", "previous_date"):
        records[column] = records[column].dt.date.astype(object).where(records[column].notna(), None)
    return records[columns]


def record_progression(waves: pd.DataFrame, metrics=RECORD_METRICS, ranked: dict | None = None) -> pd.DataFrame:
    """The sequence of records per metric and definition (progression of each of ranked_periods).

    Returns:
        metric, definition, date, value, previous_value, previous_date, period_start, period_end, in_burn_in.
    """
    ranked = ranked if ranked is not None else ranked_periods(waves, metrics)
    first_day = pd.to_datetime(waves["date"]).min() if len(waves) else None  # the reports begin: burn-in from here
    frames = [progression(found, first_day).assign(metric=metric, definition=definition)
              for (metric, definition), found in ranked.items() if not found.empty]
    columns = ["metric", "definition", "date", "value", "previous_value", "previous_date", "period_start",
               "period_end", "in_burn_in"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
