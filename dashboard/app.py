"""Escalation dashboard: the war's measures day by day, one page per question.

Run with `streamlit run dashboard/app.py` (from the checkout, where .streamlit/config.toml is read); the database
path comes from $ESCALATION_DB. This file opens the database, draws the shared sidebar and runs the page script
(page_*.py), which reads the run's PageContext, all inside one error boundary (show_failure):
  /          overview: the headline numbers and the comparison chart
  /records   the records, their context and the records table
  /escalation  before and after events, regimes, salvos, saturation, month against month
  /regions   which oblasts the reports name, and what became of the drones launched
  /methods   how every number is made, sources, rejected rows and revisions
"""
from __future__ import annotations

import logging
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only dashboard/ on the path

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard.shared import cache, connection, controls, i18n, phone_bar, queries, sections  # noqa: E402
from dashboard.shared import data as shared_data  # noqa: E402
from dashboard.shared.context import PAGE_CONTEXT_KEY, PageContext  # noqa: E402
from dashboard.shared.i18n import N_, _  # noqa: E402

data = cache.cached(shared_data)


def server_log() -> logging.Logger:
    """The dashboard's log on the server (stderr, beside Streamlit's own; Streamlit's loggers do not propagate, so
    the root logger has no handler): set up once per process, since this script runs again on every rerun."""
    parent = logging.getLogger("dashboard")
    if not parent.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        parent.addHandler(handler)
        parent.setLevel(logging.INFO)
    return logging.getLogger("dashboard.app")


logger = server_log()

# url_path -> (title, icon, page script, whether the page compares metrics, its chart options: "all",
# "aggregate" or none). The first is the default page, served at /.
PAGES = {
    "overview": (N_("Overview"), ":material/monitoring:", "app_pages/overview/page.py", True, "all"),
    "records": (N_("Records"), ":material/trophy:", "app_pages/records/page.py", False, "all"),
    "escalation": (N_("Escalation"), ":material/trending_up:", "app_pages/escalation/page.py", False, ""),
    "regions": (N_("Regions"), ":material/map:", "app_pages/regions/page.py", False, "aggregate"),
    "methods": (N_("Methods"), ":material/menu_book:", "app_pages/methods/page.py", False, ""),
}


def open_database() -> PageContext | None:
    """The database and what every page needs from it, or None after saying what is wrong and how to fix it."""
    db = queries.database_path()
    version = queries.file_version(db)
    if version is None:
        return sections.show_no_data(db, _("There is no database at `{db}` yet.").format(db=db))
    try:
        con = connection.get(db, version)
        ready = queries.has_data(con)
        if ready and not queries.layout_is_current(con):
            return sections.show_no_data(db, _("The database at `{db}` was built by another version of the ETL.").format(
                db=db))
        if not ready:
            return sections.show_no_data(db, _("The database at `{db}` holds no data yet.").format(db=db))
        first, last = data.date_bounds(con, version)
        return PageContext(con=con, version=version, first=first, last=last,
                           catalogue=data.metric_catalogue(con, version, i18n.language()),
                           freshness=data.source_freshness(con, version))
    except duckdb.Error as err:
        logger.warning("opening %s: database error", db, exc_info=True)
        return sections.show_no_data(
            db, _("The database at `{db}` is damaged or unreadable ({error}). The refresh command moves a damaged "
                  "file aside and rebuilds it from the sources.").format(db=db, error=type(err).__name__))


# The chosen metrics' chips show their full names, on as many lines as they need: Streamlit cuts a long
# chip ("Territory gained by …") and several metrics differ only at the end of their names.
CHIP_STYLE = """<style>
[data-testid="stMultiSelectTagsContainer"] [data-tag] { max-width: 100%; height: auto; }
[data-testid="stMultiSelectTagsContainer"] [data-tag] > span[title] {
  white-space: normal; overflow: visible; text-overflow: clip; max-width: none; line-height: 1.3; padding: 2px 0; }
</style>"""


def main() -> None:
    i18n.activate(controls.current_language())  # first: everything drawn below reads it
    st.set_page_config(page_title=_("Escalation dashboard: Russia–Ukraine war"), page_icon="📈", layout="wide")
    st.html(CHIP_STYLE + phone_bar.STYLE)  # one element: each st.html takes a gap in the page
    page = None  # the page being drawn, once st.navigation has picked it
    try:
        context = open_database()
        if context is None:
            return
        pages = [st.Page(script, title=_(title), icon=icon, url_path=path, default=i == 0)
                 for i, (path, (title, icon, script, *_unused)) in enumerate(PAGES.items())]
        current = st.navigation(pages, position="top")
        page = current.url_path or next(iter(PAGES))  # the default page: ""
        *_unused, compare, chart_options = PAGES[page]
        context.state = controls.sidebar(context.first, context.last, context.catalogue, compare=compare,
                                         chart_options=chart_options)
        phone_bar.show(pages, context.first, context.last)
        context.preset = st.session_state["preset"]
        context.image_format = st.session_state.get("image_format", "PNG").lower()
        for notice in st.session_state.get("url_notices", []):
            st.info(_("Link: {notice}.").format(notice=notice), icon="ℹ️")
        st.session_state[PAGE_CONTEXT_KEY] = context  # the page script reads it back (context.current)
        run_page(current, context)
    except Exception:  # noqa: BLE001 (the one boundary: see show_failure)
        show_failure(page)


def run_page(current, context: PageContext) -> None:
    """The page script; a database error says whether a refresh swapped the file or the file is damaged."""
    try:
        current.run()
    except duckdb.Error as err:
        logger.warning("page /%s: database error", current.url_path, exc_info=True)
        if queries.file_version(queries.database_path()) != context.version:
            # A refresh swapped the file while this page was reading the old one: no traceback, a reload.
            st.warning(_("The data was refreshed while this page was loading. Reload the page to see the new data."))
        else:
            sections.show_no_data(queries.database_path(), _(
                "Part of the database is damaged and could not be read ({error}). The refresh command moves a damaged "
                "file aside and rebuilds it from the sources.").format(error=type(err).__name__))


def show_failure(page: str | None) -> None:
    """The one error boundary of every page: any exception the page (or the sidebar, or opening the database)
    raises becomes a short message naming the page and what to do, under whatever the page drew before it; the
    full detail, with the traceback, goes to the server's log under a reference the message repeats.

    Streamlit's own control flow (st.stop, st.rerun, st.switch_page: StopException and RerunException) derives
    from BaseException, not Exception, so it passes through `except Exception` untouched, as Streamlit intends.
    Call it only inside an `except` block.
    """
    reference = secrets.token_hex(4)  # in the message and the log line, so a reader's report finds its traceback
    where = "before a page was picked" if page is None else "/" if page == next(iter(PAGES)) else f"/{page}"
    logger.exception("page %s failed (reference %s)", where, reference)
    sections.show_failure(_(PAGES[page][0]) if page in PAGES else None, reference)


main()
