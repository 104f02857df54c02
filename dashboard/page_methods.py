"""/methods: how every number is made, for a reader of the page: definitions, the quirks handled, the
sources and their licences, freshness, rejected rows and revisions."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data, sections
from dashboard.context import PageContext, current

METHODS_TEXT = Path(__file__).resolve().parent / "content" / "methods.md"
KIND_WORDS = {"flow": "flow: summed over a period", "level": "level: last value of a period",
              "rate": "share: Σ numerator / Σ denominator"}


def render(ctx: PageContext) -> None:
    st.title("Methods: how every number is made")
    sections.show_freshness_warnings(ctx.freshness)
    # The text is this project's own file, never user input.
    st.markdown(METHODS_TEXT.read_text(encoding="utf-8"))
    show_metrics(ctx.catalogue)
    show_sources(ctx.freshness)
    show_rejected(ctx)
    show_revisions(ctx)


def show_metrics(catalogue: pd.DataFrame) -> None:
    st.header("Every metric")
    st.caption("The metric names are the ones in the database view daily_metrics and in shared links. The "
               "plausible range is what a real day can be expected to stay within.")
    table = pd.DataFrame({
        "Metric": catalogue["label"], "Name": catalogue["metric"], "Unit": catalogue["unit"],
        "Kind": catalogue["kind"].map(KIND_WORDS), "Plausible daily range":
            [f"{low:,.0f} to {high:,.0f}" if kind != "rate" else "0 to 100 %"
             for low, high, kind in zip(catalogue["lower_bound"], catalogue["upper_bound"], catalogue["kind"])],
        "From": pd.to_datetime(catalogue["first_date"]).dt.date, "To": pd.to_datetime(catalogue["last_date"]).dt.date,
        "What it counts": catalogue["description"], "Source": catalogue["source_title"],
    })
    st.dataframe(table, hide_index=True, width="stretch", key="methods_metrics",
                 column_config={"What it counts": st.column_config.TextColumn(width="large")})


def show_sources(freshness: pd.DataFrame) -> None:
    st.header("Sources, licences and freshness")
    today = dt.date.today()
    # Sources with dated values; the curated events (no daily values) are described below the table.
    undated = freshness[freshness["newest_date"].isna()]
    freshness = freshness[freshness["newest_date"].notna()]
    newest = pd.to_datetime(freshness["newest_date"])
    table = pd.DataFrame({
        "Source": freshness["title"], "Newest day": newest.dt.date,
        "Days before today": [(today - d.date()).days for d in newest],
        "Last loaded (UTC)": freshness["loaded_at"], "Rejected rows": freshness["rows_rejected"],
        "Licence": freshness["licence"], "Credit": freshness["attribution"], "Link": freshness["url"],
    })
    st.dataframe(table, hide_index=True, width="stretch", key="methods_sources",
                 column_config={"Newest day": st.column_config.DateColumn(format="YYYY-MM-DD"),
                                "Last loaded (UTC)": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
                                "Link": st.column_config.LinkColumn()})
    st.caption("'Last loaded' is when this dashboard last read the source, not how new its data is: the "
               "newest day is what counts.")
    for row in undated.itertuples():
        st.caption(f"{row.title}: {row.attribution}. Licence: {row.licence}. No daily values; last loaded "
                   f"{pd.Timestamp(row.loaded_at):%Y-%m-%d %H:%M} UTC.")


def show_rejected(ctx: PageContext) -> None:
    st.header("Rejected rows")
    rejected = data.rejected_rows(ctx.con, ctx.version)
    if rejected.empty:
        st.write("Every row of the latest load of each source passed validation.")
        return
    counts = rejected.groupby("source").size()
    st.write("Rows that failed validation are left out of every figure and kept here with the reason: "
             + "; ".join(f"{source}: {n:,}" for source, n in counts.items()) + ".")
    st.dataframe(rejected.rename(columns={"source": "Source", "file": "File", "line": "Line", "reason": "Reason",
                                          "raw": "Row as read"}),
                 hide_index=True, width="stretch", key="methods_rejected")


def show_revisions(ctx: PageContext) -> None:
    st.header("Revisions")
    revisions, total = data.revisions(ctx.con, ctx.version)
    if not total:
        st.write("No value has been changed or withdrawn by a later load of its source since this database "
                 "was built.")
        return
    st.write(f"{total:,} value(s) were changed or withdrawn by a later load of their source. The charts circle "
             "revised points and say what they were; the newest are listed here.")
    st.dataframe(revisions.rename(columns={
        "replaced_at": "Replaced (UTC)", "source": "Source", "label": "Metric", "date": "Day",
        "old_value": "Was", "new_value": "Now"}).drop(columns=["metric"]),
        hide_index=True, width="stretch", key="methods_revisions")


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
