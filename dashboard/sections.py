"""Page parts more than one page uses: the no-data page, freshness warnings, KPI rows, source lines."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

KPI_WIDTH = 170  # px: four to a row on a laptop, two on a phone
# A source this many days behind the newest one gets a visible warning.
STALE_AFTER_DAYS = 14


def show_no_data(db: Path, problem: str) -> None:
    """The page when there is nothing to show: what is wrong and the exact command that fixes it."""
    st.title("Russia–Ukraine war: escalation dashboard")
    st.warning(problem + " Build it with the refresh command below, then reload this page.")
    st.code(f"python -m etl refresh --db {db}", language="bash")
    st.caption("Offline, read a folder holding the raw files instead of downloading them:")
    st.code(f"python -m etl refresh --db {db} --source-dir ../shared/data", language="bash")


# What each source's newest day is called on the page.
NEWEST_WORDS = {"attacks": "attack report", "territory": "DeepState map", "territory_nzz": "NZZ map",
                "losses": "loss claim"}


def data_age_line(freshness: pd.DataFrame, today: dt.date) -> str:
    """'Newest attack report: 07 Jun 2026, 171 days ago · …': how old each source's data is, not when it
    was loaded (sources lag by days or months)."""
    parts = []
    for row in freshness.itertuples():
        if row.source in NEWEST_WORDS and pd.notna(row.newest_date):
            newest = pd.Timestamp(row.newest_date).date()
            age = (today - newest).days
            when = "today" if age == 0 else "yesterday" if age == 1 else f"{age:,} days ago"
            parts.append(f"{NEWEST_WORDS[row.source]}: {newest:%d %b %Y}, {when}")
    return ("Newest " + " · ".join(parts) + ".") if parts else ""


NEWEST_PLURALS = {"attacks": "attack reports", "territory": "DeepState maps", "territory_nzz": "NZZ maps",
                  "losses": "loss claims"}


def section_range_note(ctx, start: dt.date, end: dt.date, metrics) -> None:
    """Say so when a preset counts back from this section's own newest day rather than the view's."""
    if (start, end) == (ctx.state.start, ctx.state.end):
        return
    sources = sorted(set(ctx.catalogue.loc[list(metrics), "source"]))
    names = [NEWEST_PLURALS.get(source, source) for source in sources]
    newest = (f"the newest day of the {names[0]}" if len(names) == 1
              else f"the newest day that the {', '.join(names[:-1])} and {names[-1]} all reach")
    st.caption(f"{ctx.preset} here: {start:%d %b %Y} – {end:%d %b %Y}, counted back from {newest}, not from "
               f"the newest day of any source ({ctx.state.end:%d %b %Y}).")


def show_freshness_warnings(freshness: pd.DataFrame) -> None:
    """How old each source's data is, a warning per source far behind the newest, and one line on rows
    left out (details on /methods)."""
    line = data_age_line(freshness, dt.date.today())
    if line:
        st.caption(line)
    stale = freshness[freshness["days_behind"].fillna(0) > STALE_AFTER_DAYS]
    for row in stale.itertuples():
        st.warning(f"{row.title} ends on {pd.Timestamp(row.newest_date):%d %b %Y}, {int(row.days_behind)} days "
                   "behind the newest source: its charts stop earlier than the others.")
    rejected = freshness[freshness["rows_rejected"] > 0]
    if len(rejected):
        st.caption("Data quality: " + "; ".join(
            f"{row.rows_rejected} row(s) of {row.title} failed validation and were left out"
            for row in rejected.itertuples()) + ". Methods lists them with the reason.")


def kpi_row() -> list:
    """Four slots in a row that wraps on narrow screens (two a row on a phone, not one)."""
    row = st.container(horizontal=True, gap="small")
    return [row] * 4


def show_source_captions(metrics: pd.DataFrame) -> None:
    """One line per source of the given catalogue rows: what, from whom, under which licence."""
    for source, rows in metrics.groupby("source", sort=False):
        first = rows.iloc[0]
        claims = " **Claims of one side** (Ukraine's General Staff), not independently verified." \
            if source == "losses" else ""
        st.caption(f"{', '.join(rows['label'])}: {first['source_title']}, {first['attribution']}. "
                   f"Licence: {first['licence']}.{claims}")


def smoothing_not_applied(smooth: int, what: str) -> None:
    """Say where the rolling average picked in the sidebar does not apply (it smooths the comparison chart only)."""
    if smooth:
        st.caption(f"The {smooth}-day rolling average applies to the comparison chart only: {what}.")
