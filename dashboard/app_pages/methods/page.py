"""/methods: how every number is made, for a reader of the page: definitions, the quirks handled, the
sources and their licences, freshness, rejected rows and revisions."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.shared import cache, i18n, notes, sections, tables
from dashboard.shared import data as shared_data
from dashboard.shared.context import PageContext, current
from dashboard.shared.i18n import _, ngettext
from etl.registry.metrics import KINDS
from etl.registry import sources as declared_sources

data = cache.cached(shared_data)

CONTENT = Path(__file__).resolve().parent / "content"
METHODS_TEXT = CONTENT / "methods.md"  # English, the source; a translation sits beside it as methods.<lang>.md


def methods_text(language: str) -> Path:
    """The methods text in this language, or the English one when there is no translation."""
    translated = CONTENT / f"methods.{language}.md"
    return translated if language != i18n.DEFAULT_LANGUAGE and translated.exists() else METHODS_TEXT


def render(ctx: PageContext) -> None:
    # No stale-source warning: this page draws no chart, and its sources table gives each source's age.
    sections.page_header(ctx, _("Methods: how every number is made"), sources=())
    # The text is this project's own file, never user input.
    st.markdown(methods_text(i18n.language()).read_text(encoding="utf-8"))
    show_metrics(ctx.catalogue)
    show_sources(ctx.freshness)
    show_rejected(ctx)
    show_revisions(ctx)


def plausible_range(low: float, high: float, kind: str) -> str:
    if kind == "rate":
        return _("{low} to {high}").format(low=i18n.number(0), high=i18n.percent(1))
    return _("{low} to {high}").format(low=i18n.number(low), high=i18n.number(high))


def show_metrics(catalogue: pd.DataFrame) -> None:
    st.header(_("Every metric"))
    st.caption(_("The metric names are the ones in the database view daily_metrics and in shared links. The "
                 "plausible range is what a real day can be expected to stay within."))
    what, since, until = _("What it counts"), _("From"), _("To")
    table = pd.DataFrame({
        _("Metric"): catalogue["label"], _("Name"): catalogue["metric"], _("Unit"): catalogue["unit"],
        _("Kind"): catalogue["kind"].map(lambda kind: f"{_(kind)}: {_(KINDS[kind])}" if kind in KINDS else kind),
        _("Plausible daily range"): [plausible_range(low, high, kind) for low, high, kind in
                                     zip(catalogue["lower_bound"], catalogue["upper_bound"], catalogue["kind"])],
        since: pd.to_datetime(catalogue["first_date"]).dt.date,
        until: pd.to_datetime(catalogue["last_date"]).dt.date,
        what: catalogue["description"], _("Source"): catalogue["source_title"],
    })
    st.dataframe(tables.localized(table, {since: tables.date, until: tables.date}), hide_index=True, width="stretch",
                 key="methods_metrics",
                 column_config={what: st.column_config.TextColumn(width="large")})


def loaded_at(value) -> str:
    """A load time as text: the day in the language's format, then the time (UTC)."""
    stamp = pd.Timestamp(value)
    return "{day} {time:%H:%M}".format(day=i18n.date(stamp.date()), time=stamp)


def show_sources(freshness: pd.DataFrame) -> None:
    st.header(_("Sources, licences and freshness"))
    today = dt.date.today()
    # Sources with dated values; the curated events (no daily values) are described below the table.
    undated = freshness[freshness["newest_date"].isna()]
    freshness = freshness[freshness["newest_date"].notna()]
    newest = pd.to_datetime(freshness["newest_date"])
    newest_day, last_loaded, link = _("Newest day"), _("Last loaded (UTC)"), _("Link")
    days_before, rejected = _("Days before today"), _("Rejected rows")
    table = pd.DataFrame({
        _("Source"): freshness["title"].map(_), newest_day: newest.dt.date,
        days_before: [(today - d.date()).days for d in newest],
        last_loaded: freshness["loaded_at"], rejected: freshness["rows_rejected"],
        _("Licence"): freshness["licence"].map(_), _("Credit"): freshness["attribution"].map(_), link: freshness["url"],
    })
    st.dataframe(tables.localized(table, {newest_day: tables.date, last_loaded: tables.date_time},
                                  integers=[days_before, rejected]),
                 hide_index=True, width="stretch", key="methods_sources", column_config={link: st.column_config.LinkColumn()})
    st.caption(_("'Last loaded' is when this dashboard last read the source, not how new its data is: the "
                 "newest day is what counts."))
    for row in undated.itertuples():
        st.caption(_("{title}: {credit}. Licence: {licence}. No daily values; last loaded {loaded} UTC.").format(
            title=_(row.title), credit=_(row.attribution), licence=_(row.licence), loaded=loaded_at(row.loaded_at)))


def show_rejected(ctx: PageContext) -> None:
    st.header(_("Rejected rows"))
    rejected = data.rejected_rows(ctx.con, ctx.version)
    if rejected.empty:
        st.write(_("Every row of the latest load of each source passed validation."))
        return
    counts = rejected.groupby("source").size()
    st.write(_("Rows that failed validation are left out of every figure and kept here with the reason: "
               "{counts}.").format(counts="; ".join(f"{source}: {i18n.number(n)}" for source, n in counts.items())))
    rejected = rejected.assign(reason=rejected["reason"].map(notes.translate, na_action="ignore"))
    st.dataframe(rejected.rename(columns={"source": _("Source"), "file": _("File"), "line": _("Line"),
                                          "reason": _("Reason"), "raw": _("Row as read")}),
                 hide_index=True, width="stretch", key="methods_rejected")


def show_revisions(ctx: PageContext) -> None:
    st.header(_("Revisions"))
    revisions, total = data.revisions(ctx.con, ctx.version)
    if not total:
        st.write(_("No value has been changed or withdrawn by a later load of its source since this database "
                   "was built."))
        return
    st.write(ngettext("{n} value was changed or withdrawn by a later load of its source. The charts circle "
                      "revised points and say what they were; the newest are listed here.",
                      "{n} values were changed or withdrawn by a later load of their source. The charts circle "
                      "revised points and say what they were; the newest are listed here.",
                      total).format(n=i18n.number(total)))
    replaced, day, was, now = _("Replaced (UTC)"), _("Day"), _("Was"), _("Now")
    # The source by its title, as the sources table above names it (the key is an identifier).
    titles = {source.key: _(source.title) for source in declared_sources.SOURCES}
    labelled = revisions.assign(label=revisions["metric"].map(ctx.catalogue["label"]).fillna(revisions["label"]),
                                source=revisions["source"].map(lambda key: titles.get(key, key)))
    shown = labelled.rename(columns={"replaced_at": replaced, "source": _("Source"), "label": _("Metric"), "date": day,
                                     "old_value": was, "new_value": now}).drop(columns=["metric"])
    st.dataframe(tables.localized(shown, {replaced: tables.date_time, day: tables.date, was: tables.amount, now: tables.amount}),
                 hide_index=True, width="stretch", key="methods_revisions")


if __name__ == "__main__":  # run by st.navigation as the page script; importing it draws nothing
    render(current())
