"""Month against month: a month's totals against the previous month and the same month a year earlier,
and the monthly totals with their year-on-year change. Pure: monthly rows in, tables out."""
from __future__ import annotations

import datetime as dt

import pandas as pd


def pct_change(now: float | None, then: float | None) -> float | None:
    """(now / then − 1) × 100, or None when either is missing or then is 0."""
    if now is None or then is None or pd.isna(now) or pd.isna(then) or then == 0:
        return None
    return (now / then - 1) * 100


def shift_month(month: dt.date, months: int) -> dt.date:
    return (pd.Timestamp(month) + pd.DateOffset(months=months)).date()


def month_comparison(monthly: pd.DataFrame, month: dt.date, metrics: list[str]) -> pd.DataFrame:
    """One row per metric: the month, the previous month and the same month a year earlier.

    Args:
        monthly: period_series rows (date = month start, metric, value, days_covered, period_days, partial).
        month: the first day of the month to compare.

    Returns:
        metric, value, days_covered, previous, previous_change_pct, year_before, year_change_pct, partial
        (true when any of the three months is cut short by the data).
    """
    by_key = monthly.assign(date=pd.to_datetime(monthly["date"]).dt.date).set_index(["metric", "date"])
    rows = []
    for metric in metrics:
        def get(when: dt.date, column: str = "value"):
            key = (metric, when)
            return by_key.at[key, column] if key in by_key.index else None

        value, previous, year_before = get(month), get(shift_month(month, -1)), get(shift_month(month, -12))
        partial = any(bool(get(m, "partial")) for m in (month, shift_month(month, -1), shift_month(month, -12))
                      if get(m, "partial") is not None)
        rows.append({"metric": metric, "value": value, "days_covered": get(month, "days_covered"),
                     "previous": previous, "previous_change_pct": pct_change(value, previous),
                     "year_before": year_before, "year_change_pct": pct_change(value, year_before),
                     "partial": partial})
    return pd.DataFrame(rows)


def yearly_table(monthly: pd.DataFrame, metric: str, first_month: dt.date) -> pd.DataFrame:
    """Monthly totals of one metric from first_month on, newest first, with the same month a year earlier.

    Returns:
        month, value, days_covered, period_days, partial, year_before, year_change_pct.
    """
    rows = monthly[monthly["metric"] == metric].assign(month=lambda f: pd.to_datetime(f["date"]).dt.date)
    earlier = rows.set_index("month")["value"]
    shown = rows[rows["month"] >= first_month].copy()
    shown["year_before"] = [earlier.get(shift_month(m, -12)) for m in shown["month"]]
    shown["year_change_pct"] = [pct_change(v, b) for v, b in zip(shown["value"], shown["year_before"])]
    columns = ["month", "value", "days_covered", "period_days", "partial", "year_before", "year_change_pct"]
    return shown[columns].sort_values("month", ascending=False).reset_index(drop=True)
