"""Tables in the run's language: each cell's text written by Babel, each cell's value kept for sorting.

Streamlit's column formats (printf-style, or "localized" to the reader's browser) cannot follow `?lang=`, so a
table's numbers and dates are written through a pandas Styler with the formats of dashboard/i18n.py; st.dataframe
shows the Styler's text and sorts on the values underneath. Columns given here must get no `format` in
column_config, which would take precedence.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.shared import i18n, notes
from dashboard.shared.i18n import _


def _blank_if_missing(write: Callable) -> Callable:
    def formatted(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
            return ""
        return write(value)
    return formatted


def number(digits: int = 0) -> Callable:
    """1,428 / 1 428; with digits, 73.9 / 73,9."""
    return _blank_if_missing(lambda value: i18n.number(value, digits))


def amount(value) -> str:
    """5 / 5.25 / 5,25: a value as it is, decimals only where it has them (a revised value, a loss total)."""
    return i18n.number(value, 0) if float(value).is_integer() else i18n.decimal(value)


def signed(digits: int = 0) -> Callable:
    """+161 / −5: a change, with a true minus."""
    return _blank_if_missing(lambda value: i18n.signed(value, digits))


def signed_percent(value_in_percent: float) -> str:
    """+22% / +22 %, −38% / −38 %: a change given in percent (22 means +22 %)."""
    return i18n.signed_percent(value_in_percent)


def date(value) -> str:
    """1 Jun 2025 / 1 черв. 2025."""
    return i18n.date(pd.Timestamp(value))


def date_time(value) -> str:
    """1 Jun 2025 08:00 / 1 черв. 2025 08:00 (report windows are Kyiv time as published)."""
    stamp = pd.Timestamp(value)
    return f"{i18n.date(stamp)} {stamp:%H:%M}"


def localized(frame: pd.DataFrame, formats: dict[str, Callable], *, integers: Iterable[str] = ()) -> Styler:
    """The frame as a Styler whose columns are written by the given formatters (missing values blank).

    Args:
        frame: the table to show, with its display headers already in the run's language.
        formats: header -> formatter (value -> text), e.g. tables.number(1) or tables.date.
        integers: headers of whole-number columns written with i18n.number (a shorthand for number(0)).
    """
    every = {column: number(0) for column in integers} | {
        column: _blank_if_missing(write) for column, write in formats.items()}
    return frame.style.format({column: write for column, write in every.items() if column in frame.columns})


def view_wide(wide: pd.DataFrame, catalogue: pd.DataFrame, series: pd.DataFrame | None = None) -> Styler:
    """The comparison chart's values as the CSV has them (exports.wide_table: one row per date or period, one
    column per metric), headed by each metric's label and unit in the run's language; shares as percentages.
    With the daily series (its `note` and `revised_from`), a last column says what the refresh noted that day."""
    if series is not None and "date" in wide.columns:
        wide = wide.assign(note=wide["date"].map(day_notes(series, catalogue)).fillna(""))
    headers = {"date": _("Date"), "period_start": _("Period from"), "period_end": _("Period to"),
               "days_in_period": _("Days in the period"), "note": _("Note")}
    formats, integers = {}, []
    for column in wide.columns:
        metric = column.removesuffix("_days_covered")
        if column in headers or metric not in catalogue.index:
            continue
        row = catalogue.loc[metric]
        if column != metric:
            headers[column] = _("Days covered: {label}").format(label=row["label"])
            integers.append(headers[column])
        elif row["kind"] == "rate":
            headers[column] = row["label"]
            formats[headers[column]] = lambda value: i18n.percent(value, 1)
        else:
            headers[column] = f"{row['label']} ({row['unit']})"
            formats[headers[column]] = amount
    formats |= {headers[c]: date for c in ("date", "period_start", "period_end") if c in wide.columns}
    return localized(wide.rename(columns=headers), formats, integers=[*integers, headers["days_in_period"]])


def day_notes(series: pd.DataFrame, catalogue: pd.DataFrame) -> pd.Series:
    """date -> the day's notes, one per metric that has one, in the run's language ("Territory …: no new map:
    carried forward; Personnel …: revised from 540"); a day without any has no entry."""
    lines: dict = {}
    for row in series.itertuples():
        said = []
        if isinstance(getattr(row, "note", None), str) and row.note:
            said.append(notes.translate(row.note))
        revised = getattr(row, "revised_from", None)
        if revised is not None and not pd.isna(revised):
            said.append(_("revised from {value}").format(value=amount(revised)))
        if said:
            label = catalogue.loc[row.metric, "label"] if row.metric in catalogue.index else row.metric
            lines.setdefault(pd.Timestamp(row.date).date(), []).append(f"{label}: {'; '.join(said)}")
    return pd.Series({day: " · ".join(texts) for day, texts in lines.items()}, dtype=object)
