"""Page parts more than one page uses: the no-data page, the failure message, freshness warnings, KPI rows, source
lines."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.shared import i18n, static_pages
from dashboard.shared.i18n import N_, _, ngettext

KPI_WIDTH = 170  # px: four to a row on a laptop, two on a phone
# A source this many days behind the newest one gets a visible warning.
STALE_AFTER_DAYS = 14


def show_no_data(db: Path, problem: str) -> None:
    """The page when there is nothing to show: what is wrong and the exact command that fixes it."""
    st.title(_("Russia–Ukraine war: escalation dashboard"))
    st.warning(problem + " " + _("Build it with the refresh command below, then reload this page."))
    st.code(f"python -m etl refresh --db {db}", language="bash")
    st.caption(_("Offline, read a folder holding the raw files instead of downloading them:"))
    st.code(f"python -m etl refresh --db {db} --source-dir ../shared/data", language="bash")


# What to run when a page keeps failing: the refresh reprocesses every source (--force) and rebuilds the derived
# tables. No --db: the command reads $ESCALATION_DB as the dashboard does, and a server path is not shown.
REBUILD_COMMAND = "python -m etl refresh --force"


def show_failure(page: str | None, reference: str) -> None:
    """What a reader sees when a page fails unexpectedly (app.py's error boundary): which page stopped, that the
    parts above are unaffected, what to do, and the reference the server's log holds the details under. Never the
    error's text, type or traceback: they may name server paths.

    Args:
        page: the page's title in the run's language (None: the failure came before a page was picked).
        reference: the log line's reference (hex digits).
    """
    if page is None:
        what = _("The dashboard could not be opened: something unexpected went wrong.")
    else:
        what = _("The {page} page stopped here: something unexpected went wrong in this part (what is above it is "
                 "unaffected).").format(page=page)
    st.error(what + " " + _("Reload the page; if it fails again, rebuild the database with the command below and "
                            "reload. Reference for the server's log: {reference}.").format(reference=reference),
             icon="⚠️")
    st.code(REBUILD_COMMAND, language="bash")


# What each source's newest day is called on the page.
NEWEST_WORDS = {"attacks": N_("attack report"), "territory": N_("DeepState map"), "territory_nzz": N_("NZZ map"),
                "losses": N_("loss claim")}


def data_age_line(freshness: pd.DataFrame, today: dt.date) -> str:
    """'Newest attack report: 07 Jun 2026, 171 days ago · …': how old each source's data is, not when it
    was loaded (sources lag by days or months)."""
    parts = []
    for row in freshness.itertuples():
        if row.source in NEWEST_WORDS and pd.notna(row.newest_date):
            newest = pd.Timestamp(row.newest_date).date()
            age = (today - newest).days
            when = (_("today") if age == 0 else _("yesterday") if age == 1
                    else _("{n} days ago").format(n=i18n.number(age)))
            parts.append(_("{what}: {date}, {age}").format(what=_(NEWEST_WORDS[row.source]), date=i18n.date(newest),
                                                         age=when))
    return _("Newest {items}.").format(items=" · ".join(parts)) if parts else ""


NEWEST_PLURALS = {"attacks": N_("attack reports"), "territory": N_("DeepState maps"), "territory_nzz": N_("NZZ maps"),
                  "losses": N_("loss claims")}


def section_range_note(ctx, start: dt.date, end: dt.date, metrics) -> None:
    """Say so when a preset counts back from this section's own newest day rather than the view's."""
    if (start, end) == (ctx.state.start, ctx.state.end):
        return
    sources = sorted(set(ctx.catalogue.loc[list(metrics), "source"]))
    names = [_(NEWEST_PLURALS.get(source, source)) for source in sources]
    newest = (_("the newest day of the {source}").format(source=names[0]) if len(names) == 1
              else _("the newest day that the {sources} and {last} all reach").format(sources=", ".join(names[:-1]),
                                                                                    last=names[-1]))
    st.caption(_("{preset} here: {range}, to {newest} (the newest source runs to {end}).").format(preset=_(ctx.preset), range=i18n.date_range(start, end), newest=newest,
                                    end=i18n.date(ctx.state.end)))


def page_header(ctx, title: str, caption: str | None = None, sources: tuple | None = None,
                about: str | None = None) -> None:
    """Every page's opening: its question as the title, one line on what it shows, then one compact line on how
    fresh the data is, with the detail a click away. sources: the sources the page shows (None: all); only those
    get a warning when far behind the newest. about: how to read the page (a rule, a caveat), behind a click on
    the same line."""
    st.title(title)
    if caption:
        st.caption(caption)
    show_freshness_warnings(ctx.freshness, sources, about)


def data_to_line(freshness: pd.DataFrame) -> str:
    """'Data to: attack reports 7 Jun 2026 · loss claims 8 Aug 2026 · …': each source's newest day, in one line."""
    parts = [_("{what} {date}").format(what=_(NEWEST_PLURALS[row.source]),
                                       date=i18n.date(pd.Timestamp(row.newest_date)))
             for row in freshness.itertuples() if row.source in NEWEST_PLURALS and pd.notna(row.newest_date)]
    rejected = int(freshness["rows_rejected"].fillna(0).sum())
    if rejected:
        parts.append(ngettext("{n} row left out", "{n} rows left out", rejected).format(n=i18n.number(rejected)))
    return _("Data to: {items}").format(items=" · ".join(parts)) if parts else ""


def show_freshness_warnings(freshness: pd.DataFrame, sources: tuple | None = None, about: str | None = None) -> None:
    """One compact line (each source's newest day, rows left out) with the detail behind a click: how old each
    source is and what was left out (Methods lists every row). A warning only for a source this page shows that is
    far behind the newest."""
    line = data_to_line(freshness)
    if line:
        row = st.container(horizontal=True, vertical_alignment="center", gap="small")
        row.caption(line, width="content")
        with row.popover(_("Details"), type="tertiary", icon=":material/info:"):
            age = data_age_line(freshness, dt.date.today())
            if age:
                st.caption(age)
            rejected = freshness[freshness["rows_rejected"] > 0]
            if len(rejected):
                st.caption(_("Data quality: {problems}. Methods lists them with the reason.").format(
                    problems="; ".join(_("{n} row(s) of {source} failed validation and were left out").format(
                        n=row.rows_rejected, source=row.title) for row in rejected.itertuples())))
            st.caption(_("Every source, its licence and how each number is made: see Methods."))
        if about:
            with row.popover(_("How to read it"), type="tertiary", icon=":material/help:"):
                st.caption(about)
    stale = freshness[freshness["days_behind"].fillna(0) > STALE_AFTER_DAYS]
    if sources is not None:
        stale = stale[stale["source"].isin(sources)]
    for row in stale.itertuples():
        st.warning(_("{source} ends on {date}, {n} days behind the newest source: its charts stop earlier than the "
                     "others.").format(source=row.title, date=i18n.date(pd.Timestamp(row.newest_date)),
                                       n=i18n.number(int(row.days_behind))))


def kpi_row() -> list:
    """Four slots in a row that wraps on narrow screens (two a row on a phone, not one)."""
    row = st.container(horizontal=True, gap="small")
    return [row] * 4


def show_source_captions(metrics: pd.DataFrame) -> None:
    """One line per source of the given catalogue rows: what, from whom, under which licence."""
    for source, rows in metrics.groupby("source", sort=False):
        first = rows.iloc[0]
        claims = " " + _("**Claims of one side** (Ukraine's General Staff), not independently verified.") \
            if source == "losses" else ""
        st.caption(_("{metrics}: {title}, {attribution}. Licence: {licence}.").format(
            metrics=", ".join(rows["label"]), title=first["source_title"], attribution=first["attribution"],
            licence=first["licence"]) + claims)


def smoothing_not_applied(smooth: int, what: str) -> None:
    """Say where the rolling average picked in the sidebar does not apply (it smooths the comparison chart only)."""
    if smooth:
        st.caption(_("The {n}-day rolling average applies to the comparison chart only: {what}.").format(n=smooth,
                                                                                                     what=what))


def static_page_link(slug: str | None) -> None:
    """A link from a chart to its page in the static edition (to cite, embed or share it), when one is served
    (ESCALATION_SITE_URL)."""
    address = static_pages.url(slug, i18n.language()) if slug else None
    if address:
        st.link_button(_("Static page and embed of this chart"), address, type="tertiary",
                       icon=":material/open_in_new:")
