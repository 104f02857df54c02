"""Looking for the next change of reporting in the attack reports. Pure; part of the attacks source.

A field that was positive on most of its reported days for eight weeks and then is exactly 0 on almost every
reported day for four weeks has most likely stopped being reported separately (as not_reach_goal did on
2025-07-24), not dropped to nothing. The refresh warns, naming the field, the first day and the counts, so a
maintainer can declare the break in etl/registry/breaks.py; a declared break is not warned about again.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from etl.registry import breaks

BEFORE_DAYS, AFTER_DAYS = 56, 28  # eight weeks positive, then four weeks of zeros
MOST_POSITIVE = 0.8  # "most reported days" in the weeks before
ALMOST_ALL_ZERO = 0.9  # "almost every reported day" in the weeks after
MIN_REPORTED_BEFORE, MIN_REPORTED_AFTER = 20, 10  # fewer reported days say nothing either way
DECLARED_WITHIN_DAYS = 7  # a candidate this close to a declared break of the same metric is that break


def suspected_breaks(daily: pd.DataFrame, fields: dict[str, str]) -> list[dict]:
    """The first day of each run where a field turns from mostly positive to almost always 0.

    Args:
        daily: date, metric, value (one row per reported day and metric; a day that does not report the field has
            no row).
        fields: metric -> the source column it comes from (named in the warning).

    Returns:
        One dict per suspected break: metric, field, first_day, positive_before, reported_before, zero_after,
        reported_after.
    """
    found = []
    for metric, field in fields.items():
        rows = daily[daily["metric"] == metric].sort_values("date")
        if rows.empty:
            continue
        days = pd.to_datetime(rows["date"]).to_numpy()
        values = rows["value"].to_numpy(dtype=float)
        positive, zero = np.concatenate([[0], np.cumsum(values > 0)]), np.concatenate([[0], np.cumsum(values == 0)])
        # Reported days in [day − 56, day) and in [day, day + 28): index ranges into the sorted days.
        start_before = np.searchsorted(days, days - np.timedelta64(BEFORE_DAYS, "D"), side="left")
        end_after = np.searchsorted(days, days + np.timedelta64(AFTER_DAYS, "D"), side="left")
        here = np.arange(len(days))
        before_n, before_pos = here - start_before, positive[here] - positive[start_before]
        after_n, after_zero = end_after - here, zero[end_after] - zero[here]
        candidate = ((values == 0) & (before_n >= MIN_REPORTED_BEFORE) & (before_pos >= MOST_POSITIVE * before_n)
                     & (after_n >= MIN_REPORTED_AFTER) & (after_zero >= ALMOST_ALL_ZERO * after_n))
        previous = False
        for i in here:
            if candidate[i] and not previous:
                found.append({"metric": metric, "field": field, "first_day": pd.Timestamp(days[i]).date(),
                              "positive_before": int(before_pos[i]), "reported_before": int(before_n[i]),
                              "zero_after": int(after_zero[i]), "reported_after": int(after_n[i])})
            previous = bool(candidate[i])
    return found


def undeclared(found: list[dict], declared=breaks.BREAKS) -> list[dict]:
    """The suspected breaks that no declared break of the same metric accounts for."""
    def is_declared(item):
        return any(b.metric == item["metric"] and abs((pd.Timestamp(b.first_day) - pd.Timestamp(item["first_day"])).days)
                   <= DECLARED_WITHIN_DAYS for b in declared)
    return [item for item in found if not is_declared(item)]


def warning_text(item: dict, file_name: str) -> str:
    """One warning line for a suspected break, naming the field, the first day and the counts."""
    return (f"{file_name}: '{item['field']}' ({item['metric']}) looks no longer reported separately from "
            f"{item['first_day']:%Y-%m-%d}: positive on {item['positive_before']} of {item['reported_before']} reported "
            f"days in the {BEFORE_DAYS} days before, 0 on {item['zero_after']} of {item['reported_after']} in the "
            f"{AFTER_DAYS} days from it. If the reports changed, declare it in etl/registry/breaks.py")
