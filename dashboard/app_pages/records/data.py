"""Data access of /records' own sections: the sequence of records under each way of counting an attack and what
it says about any one day, as plain functions of a connection (no Streamlit; the page calls them through
dashboard.shared.cache). A figure's words are in the run's language, which it takes as an argument so that its
cache is keyed on it."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.app_pages.records import charts as records_charts
from dashboard.app_pages.records import queries as records_queries
from etl.registry import rules

DEFINITIONS = rules.DEFINITIONS
STANDING_COLUMNS = ["is_record", "value", "date", "period_start", "period_end", "previous_value", "previous_date",
                    "in_burn_in", "next_value", "next_date"]


def record_progression(con, metric: str) -> pd.DataFrame:
    """Every record of one metric, definition by definition (in DEFINITIONS order), each in time order; dates as
    datetime.date."""
    found = records_queries.record_progression(con, metric)
    found = found.sort_values("definition", key=lambda d: d.map(DEFINITIONS.index), kind="stable", ignore_index=True)
    for column in ("date", "previous_date"):
        found[column] = pd.to_datetime(found[column]).dt.date.astype(object).where(found[column].notna(), None)
    return found


def standing_on(progression: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """What the records said on one day, per definition (pure).

    Args:
        progression: record_progression rows of one metric, in time order.
        day: the Kyiv day asked about.

    Returns:
        Indexed by definition (in DEFINITIONS order): is_record (a record was set on the day); value, date,
        period_start, period_end (the record standing at the end of the day: the day's own when it set one; NaN
        before the first record); previous_value, previous_date (the record the day's beat; NaN when the day set
        none); in_burn_in (the day's record fell in the first days of the series); next_value, next_date (the
        first record after the day, NaN while none has beaten it).
    """
    rows = {}
    for definition in DEFINITIONS:
        found = progression[progression["definition"] == definition].reset_index(drop=True)
        dates = found["date"]
        up_to = found[dates <= day]
        after = found[dates > day]
        standing = up_to.iloc[-1] if len(up_to) else None
        is_record = standing is not None and standing["date"] == day
        following = after.iloc[0] if len(after) else None
        rows[definition] = {
            "is_record": is_record,
            **{column: (standing[column] if standing is not None else None)
               for column in ("value", "date", "period_start", "period_end")},
            "previous_value": standing["previous_value"] if is_record else None,
            "previous_date": standing["previous_date"] if is_record else None,
            "in_burn_in": bool(standing["in_burn_in"]) if is_record else False,
            "next_value": following["value"] if following is not None else None,
            "next_date": following["date"] if following is not None else None,
        }
    return pd.DataFrame.from_dict(rows, orient="index", columns=STANDING_COLUMNS).rename_axis("definition")


def records_on(con, metric: str, day: dt.date) -> pd.DataFrame:
    """standing_on for one metric and day, from the view record_progression."""
    return standing_on(record_progression(con, metric), day)


def progression_figure(con, metric: str, day: dt.date, last: dt.date, *, title: str, subtitle: str, unit: str,
                       definition_names: tuple[tuple[str, str], ...], source_lines: tuple[str, ...], lang: str):
    """The record under each definition over time, as steps, with the picked day marked.

    Args:
        last: the newest day of the reports: each definition's line runs on to it from its last record.
        definition_names: (definition, label in the run's language), in the order drawn.
        lang: the run's language (keys the cache; the words passed in are already in it).
    """
    return records_charts.progression_figure(record_progression(con, metric), day, last, title=title,
                                             subtitle=subtitle, unit=unit, definition_names=dict(definition_names),
                                             source_lines=source_lines)
