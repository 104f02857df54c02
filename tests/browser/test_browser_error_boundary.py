"""No traceback or server path reaches a reader in a real browser (Chromium against `streamlit run`).

Two ways a page's code can raise, each with a trigger that happens in real life and needs no test-only hook in
the app (monkeypatching cannot reach the server's process):

- Inside the app's error boundary (dashboard/app.py): a database file with one oblast outline cut off mid-text
  (a hand edit or a copy that went wrong). It passes every check the app makes when it opens a file (the layout
  version, the tables, the rows), so /regions runs and fails decoding that outline: not a database error, the
  kind only the boundary catches. The reader gets the boundary's message.
- Outside it, where only Streamlit's own error display is left: a dependency that fails to import (a broken or
  half-finished install), so app.py fails before any of its code runs. `.streamlit/config.toml` sets
  client.showErrorDetails = "none": the reader gets Streamlit's generic message, and the details go to the
  server's console.

ESCALATION_SCREENSHOT_DIR keeps the failure message's screenshots (error-boundary-1440.png, -390.png).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb

from tests.browser.test_browser import browser, page, wait_idle  # noqa: F401  (fixtures)
from tests.paths import PROJECT
from tests.servers import streamlit_server

# What must never reach the page: a traceback, a server path (the checkout, the virtualenv, the temporary
# folders the test uses), an exception's name.
LEAKS = re.compile(r"Traceback|File \"|/tmp/|/work/|site-packages|\.py\b|Error\b|Exception\b|" + re.escape(str(PROJECT)))


def damaged_outline_db(real_db: Path, folder: Path) -> Path:
    """A copy of the real database whose Kyiv oblast outline (GeoJSON text) is cut off halfway."""
    db = folder / "escalation.duckdb"
    shutil.copy(real_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE oblast_shapes SET geometry = left(geometry, length(geometry) // 2) "
                    "WHERE region_iso = 'UA-32'")
    return db


def body_text(page) -> str:  # noqa: F811
    return page.inner_text("body")


def test_a_page_that_fails_shows_the_boundary_message_and_no_traceback_or_path(page, real_db, tmp_path):  # noqa: F811
    db = damaged_outline_db(real_db, tmp_path)
    log = tmp_path / "streamlit.log"
    with streamlit_server(db, log) as url:
        for width in (1440, 390):
            page.set_viewport_size({"width": width, "height": 1000 if width > 400 else 900})
            page.goto(url + "/regions")
            alert = page.locator("[data-testid='stAlertContentError']")
            alert.wait_for(timeout=60_000)
            wait_idle(page)
            assert "The Regions page stopped here: something unexpected went wrong" in alert.inner_text()
            assert page.locator("[data-testid='stException']").count() == 0
            text = body_text(page)
            assert "python -m etl refresh --force" in text
            assert not LEAKS.search(text), LEAKS.search(text)
            alert.scroll_into_view_if_needed()
            if os.environ.get("ESCALATION_SCREENSHOT_DIR"):
                page.screenshot(path=str(Path(os.environ["ESCALATION_SCREENSHOT_DIR"]) / f"error-boundary-{width}.png"))
        reference = re.search(r"Reference for the server's log: ([0-9a-f]{8})\.", alert.inner_text()).group(1)
    # The server's log holds what the page does not: the page, the reference and the traceback.
    server_log = log.read_text()
    assert f"page /regions failed (reference {reference})" in server_log
    assert "Traceback (most recent call last)" in server_log and "JSONDecodeError" in server_log


def test_an_error_streamlit_reports_itself_shows_no_details(page, real_db, tmp_path):  # noqa: F811
    broken = tmp_path / "site" / "babel"  # dashboard.shared.i18n imports Babel when app.py starts
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text(
        f'raise ImportError("Babel is half-installed: {tmp_path}/site/babel/core.py is missing")\n')
    log = tmp_path / "streamlit.log"
    with streamlit_server(real_db, log, PYTHONPATH=str(tmp_path / "site")) as url:
        page.goto(url)
        shown = page.locator("[data-testid='stException']")
        shown.wait_for(timeout=60_000)
        wait_idle(page)
        text = body_text(page)
        assert "This app has encountered an error" in text  # Streamlit's generic message, and nothing more
        assert not LEAKS.search(text), LEAKS.search(text)
    assert "Babel is half-installed" in log.read_text()  # the details are on the server's console
