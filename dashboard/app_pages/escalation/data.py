"""Data access of /escalation: the escalation analyses' frames and figures, as plain functions of a connection
(no Streamlit; the page calls them through dashboard.shared.cache). A figure's words are in the run's language,
which it takes as an argument so that its cache is keyed on it."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.app_pages.escalation import charts as escalation_charts
from dashboard.app_pages.escalation import queries as queries_escalation
from dashboard.shared import i18n, queries
from dashboard.shared.i18n import _
from etl.derive.escalation import windows
from etl.registry import series

# The series the page analyses (labels from the registry) and the family total whose regimes, salvos and
# saturation stand for it: regimes and salvos are computed for drones and missiles launched.
SERIES, FAMILY = series.ESCALATION_SERIES, series.FAMILY


def event_windows(con, metric: str, days: int, start, end) -> pd.DataFrame:
    return queries_escalation.event_windows(con, metric, days, start, end)


def reported_days(con, metric: str, start, end) -> pd.Series:
    return queries_escalation.reported_days(con, metric, start, end)


def picked_window(con, metric: str, day0: dt.date, days: int) -> dict:
    """The window around any date: the same computation the refresh runs for each curated event."""
    span = pd.Timedelta(days=max(windows.WINDOW_DAYS))
    daily = reported_days(con, metric, (pd.Timestamp(day0) - span).date(), (pd.Timestamp(day0) + span).date())
    return windows.event_window(daily, day0, days)


def regimes(con, metric: str, start, end) -> pd.DataFrame:
    return queries_escalation.regimes(con, metric, start, end)


def salvo_months(con, metric: str, start, end) -> pd.DataFrame:
    return queries_escalation.salvo_months(con, metric, start, end)


def salvo_list(con, metric: str, start, end) -> pd.DataFrame:
    return queries_escalation.salvo_list(con, metric, start, end)


def saturation(con, family: str, start, end) -> pd.DataFrame:
    return queries_escalation.saturation(con, family, start, end)


def monthly(con, metrics: tuple, start, end) -> pd.DataFrame:
    return queries.period_series(con, list(metrics), start, end, "month")


def window_figure(con, metric: str, day0: dt.date, days: int, title: str, unit: str,
                  source_lines: tuple, lang: str) -> object:
    span = max(windows.WINDOW_DAYS)
    start, end = (pd.Timestamp(day0) - pd.Timedelta(days=span)).date(), (pd.Timestamp(day0) + pd.Timedelta(days=span)).date()
    aligned = windows.aligned(reported_days(con, metric, start, end), day0, span)
    window = picked_window(con, metric, day0, days)
    return escalation_charts.event_window_figure(
        aligned, window, title=title, unit=unit, source_lines=source_lines, span=span,
        subtitle=_("Day 0: {date} · dashed: {days}-day means").format(date=i18n.date(day0), days=days))


def regimes_figure(con, metric: str, start, end, title: str, unit: str, source_lines: tuple,
                   lang: str) -> object:
    daily = reported_days(con, metric, start, end)
    frame = pd.DataFrame({"date": pd.to_datetime(pd.Index(daily.index)), "value": daily.to_numpy()})
    return escalation_charts.regimes_figure(frame, regimes(con, metric, start, end), title=title,
                                            unit=unit, source_lines=source_lines, x_range=(start, end),
                                            subtitle=i18n.date_range(start, end))
