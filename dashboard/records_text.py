"""Records by definition in words and tables: the overview's headline and the /records grid. Pure."""
from __future__ import annotations

import datetime as dt

import pandas as pd

DEFINITION_LABELS = {  # as etl.escalation.records.DEFINITION_LABELS, in the order shown
    "report": "One report",
    "night": "One overnight report",
    "24h": "Within 24 hours",
    "calendar_day": "Calendar day (Kyiv)",
}


def period_words(row, definition: str) -> str:
    """When a record happened, in the words its definition calls for."""
    start, end, day = pd.Timestamp(row.period_start), pd.Timestamp(row.period_end), pd.Timestamp(row.date)
    if definition == "calendar_day":
        return f"{day:%d %b %Y}"
    if definition == "night" or (definition == "report" and start.date() < end.date()):
        return f"the night into {end:%d %b %Y}"
    if start.date() == end.date():
        return f"{start:%d %b %Y}, {start:%H:%M}–{end:%H:%M}"
    return f"{start:%d %b %Y} {start:%H:%M} – {end:%d %b %Y} {end:%H:%M}"


def headline(top: pd.DataFrame, unit: str) -> str:
    """One sentence naming the largest single attack, the largest 24 hours and the largest calendar day.

    Args:
        top: records_by_definition rows of one metric with rank 1.
        unit: "drones", "missiles".
    """
    by_definition = {row.definition: row for row in top.itertuples(index=False)}
    parts = []
    for definition, words in (("report", "largest single attack"), ("24h", "largest 24 hours"),
                              ("calendar_day", "largest calendar day")):
        row = by_definition.get(definition)
        if row is not None:
            parts.append(f"{words}: **{row.value:,.0f} {unit}**, {period_words(row, definition)}")
    return "; ".join(parts)


def definition_grid(newest: pd.DataFrame, newest_day: dt.date | None, unit: str) -> pd.DataFrame:
    """The four definitions side by side: the record, when, how long ago, the newest attack and its rank today.

    Args:
        newest: newest_by_definition rows of one metric, indexed by definition.
    """
    rows = {}
    for definition, label in DEFINITION_LABELS.items():
        if definition not in newest.index:
            rows[label] = ["–"] * 5
            continue
        row = newest.loc[definition]
        held = (newest_day - pd.Timestamp(row["record_date"]).date()).days if newest_day else None
        rows[label] = [f"{row['record_value']:,.0f} {unit}", f"{pd.Timestamp(row['record_date']):%d %b %Y}",
                       "–" if held is None else f"{held:,}",
                       f"{row['value']:,.0f} {unit}, {pd.Timestamp(row['date']):%d %b %Y}",
                       f"{int(row['rank']):,} of {int(row['periods']):,}"]
    index = ["Record", "On", "Days since", "Newest", "Its rank"]
    return pd.DataFrame(rows, index=index)


def top_grid(rows: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """The top periods of one metric, the four definitions side by side: Rank, then one column each."""
    grid = pd.DataFrame({"Rank": range(1, top + 1)})
    for definition, label in DEFINITION_LABELS.items():
        ranked = rows[rows["definition"] == definition].sort_values(["rank", "period_start"]).head(top)
        cells = [f"{r.value:,.0f} · {period_words(r, definition)}" for r in ranked.itertuples(index=False)]
        grid[label] = cells + [""] * (top - len(cells))
    return grid
