"""Records by definition in words and tables: the overview's headline and the /records cards. Pure."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.shared import i18n
from dashboard.shared.i18n import N_, _, ngettext
from etl.registry import rules

DEFINITION_LABELS = rules.DEFINITION_LABELS  # in the order shown; shown as _(label)
HEADLINE_WORDS = (  # the record under each definition, as the overview's headline names it
    ("report", N_("largest single attack: **{value} {unit}**, {when}")),
    ("24h", N_("largest 24 hours: **{value} {unit}**, {when}")),
    ("calendar_day", N_("largest calendar day: **{value} {unit}**, {when}")),
)


def period_words(row, definition: str) -> str:
    """When a record happened, in the words its definition calls for."""
    start, end, day = pd.Timestamp(row.period_start), pd.Timestamp(row.period_end), pd.Timestamp(row.date)
    if definition == "calendar_day":
        return i18n.date(day)
    if definition == "night" or (definition == "report" and start.date() < end.date()):
        return _("the night into {date}").format(date=i18n.date(end))
    if start.date() == end.date():
        return f"{i18n.date(start)}, {start:%H:%M}–{end:%H:%M}"
    return f"{i18n.date(start)} {start:%H:%M} – {i18n.date(end)} {end:%H:%M}"


def headline(top: pd.DataFrame, unit: str) -> str:
    """One sentence naming the largest single attack, the largest 24 hours and the largest calendar day.

    Args:
        top: records_by_definition rows of one metric with rank 1.
        unit: "drones", "missiles".
    """
    by_definition = {row.definition: row for row in top.itertuples(index=False)}
    parts = []
    for definition, words in HEADLINE_WORDS:
        row = by_definition.get(definition)
        if row is not None:
            parts.append(_(words).format(value=i18n.number(row.value), unit=unit, when=period_words(row, definition)))
    return "; ".join(parts)


def definition_cards(newest: pd.DataFrame, newest_day: dt.date | None, unit: str) -> list[dict]:
    """The four definitions as cards, in order: label, the record (value), when (date), and a line with how long
    it has stood and where the newest attack stands (the record under each way of counting, as figures).

    Args:
        newest: newest_by_definition rows of one metric, indexed by definition.
        newest_day: the series' newest day (days since run to it, not to today: the reports may lag).
    """
    cards = []
    for definition, label in DEFINITION_LABELS.items():
        card = {"definition": definition, "label": _(label), "value": "–", "when": "", "line": ""}
        if definition in newest.index:
            row = newest.loc[definition]
            held = (newest_day - pd.Timestamp(row["record_date"]).date()).days if newest_day else None
            card |= {"value": f"{i18n.number(row['record_value'])} {unit}",
                     "when": _("on {date}").format(date=i18n.date(pd.Timestamp(row["record_date"]))),
                     "days_since": held,
                     "line": _("Newest: {value}, {date}, rank {rank} of {periods}.").format(
                         value=i18n.number(row["value"]), date=i18n.date(pd.Timestamp(row["date"])),
                         rank=i18n.number(int(row["rank"])), periods=i18n.number(int(row["periods"])))}
            if held is not None:
                card["line"] = ngettext("Unbeaten for {n} day up to the newest report.",
                                        "Unbeaten for {n} days up to the newest report.",
                                        held).format(n=i18n.number(held)) + " " + card["line"]
        cards.append(card)
    return cards


def top_grid(rows: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """The top periods of one metric, the four definitions side by side: Rank, then one column each."""
    grid = pd.DataFrame({_("Rank"): range(1, top + 1)})
    for definition, label in DEFINITION_LABELS.items():
        ranked = rows[rows["definition"] == definition].sort_values(["rank", "period_start"]).head(top)
        cells = [f"{i18n.number(r.value)} · {period_words(r, definition)}" for r in ranked.itertuples(index=False)]
        grid[_(label)] = cells + [""] * (top - len(cells))
    return grid
