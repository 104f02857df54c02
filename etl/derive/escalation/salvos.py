"""Salvos: reports far above the usual level, told apart from routine ones, as CSIS does. Pure.

A report is a salvo when its count is at least MULTIPLE × the median of the daily values of the 28 days
before its day (reported days only) and at least a floor (a salvo of 30 drones is not one, even when the
month before was quiet). A report whose 28 days before hold fewer than MIN_REPORTED_DAYS reported days
has no usual level to compare with and is left untagged.
"""
from __future__ import annotations

import pandas as pd

from etl.registry import rules

SALVO_RULES = rules.SALVO_RULES
TRAILING_DAYS = rules.SALVO_TRAILING_DAYS
MIN_REPORTED_DAYS = rules.SALVO_MIN_REPORTED_DAYS


def trailing_median(daily: pd.Series) -> pd.Series:
    """For every calendar day of the series (and the day after): the median of the reported days in the
    TRAILING_DAYS before it, or NaN when fewer than MIN_REPORTED_DAYS of them have a report."""
    series = pd.Series(daily.to_numpy(dtype=float), index=pd.to_datetime(pd.Index(daily.index))).sort_index()
    if series.empty:
        return series
    days = pd.date_range(series.index.min(), series.index.max() + pd.Timedelta(days=1))
    window = series.reindex(days).rolling(f"{TRAILING_DAYS}D", closed="left")
    return window.median().where(window.count() >= MIN_REPORTED_DAYS)


def salvo_reports(waves: pd.DataFrame, values: pd.DataFrame, rules=SALVO_RULES) -> pd.DataFrame:
    """Every report with a positive count of a ruled metric, tagged.

    Args:
        waves: attack_waves (time_start, time_end, date, and a column per metric).
        values: daily values (date, metric, value).

    Returns:
        metric, date, time_start, time_end, value, trailing_28d_median, is_salvo (None when untagged).
    """
    frames = []
    for metric, (multiple, floor) in rules.items():
        daily = values[values["metric"] == metric].dropna(subset=["value"]).set_index("date")["value"]
        median_by_day = trailing_median(daily)
        reports = waves[waves[metric] > 0]
        report_day = pd.to_datetime(reports["date"])
        median = report_day.map(median_by_day).astype(float)
        is_salvo = ((reports[metric] >= multiple * median) & (reports[metric] >= floor)).astype(object)
        is_salvo[median.isna()] = None
        frames.append(pd.DataFrame({"metric": metric, "date": reports["date"], "time_start": reports["time_start"],
                                    "time_end": reports["time_end"], "value": reports[metric],
                                    "trailing_28d_median": median, "is_salvo": is_salvo}))
    columns = ["metric", "date", "time_start", "time_end", "value", "trailing_28d_median", "is_salvo"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return out[columns].sort_values(["metric", "time_start"]).reset_index(drop=True)
