"""The one error boundary every page runs in (dashboard/app.py): an unexpected exception becomes a short message
naming the page and what to run, the traceback goes to the server's log, and Streamlit's own control flow passes
through (AppTest on the real data).

The browser side (the same message in Chromium, and Streamlit's own error display configured to show no details):
tests/browser/test_browser_error_boundary.py.
"""
from __future__ import annotations

import logging

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.app_pages.escalation import data as escalation_data
from dashboard.app_pages.regions import data as regions_data
from dashboard.shared import cache
from dashboard.shared import data as shared_data
from tests.app.test_app import APP

SECRET = "/secret/path"

# Per page: its script (None: the default page, /), its title, and a data function only it calls at first.
PAGES = {
    "/": (None, "Overview", shared_data, "occupied_now"),
    "/records": ("app_pages/records/page.py", "Records", shared_data, "all_time_records"),
    "/escalation": ("app_pages/escalation/page.py", "Escalation", escalation_data, "picked_window"),
    "/regions": ("app_pages/regions/page.py", "Regions", regions_data, "region_ranking"),
    "/methods": ("app_pages/methods/page.py", "Methods", shared_data, "rejected_rows"),
}


def open_page(monkeypatch, db, path: str, replacement) -> AppTest:
    """The app on `path` with that page's data function replaced (after a first run on /, for the other pages)."""
    script, _title, module, name = PAGES[path]
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    if script is None:
        monkeypatch.setattr(cache.cached(module), name, replacement)
        return at.run()
    at.run()
    monkeypatch.setattr(cache.cached(module), name, replacement)
    return at.switch_page(script).run()


def everything_shown(at: AppTest) -> str:
    """Every element of the page and the sidebar, as the messages Streamlit sends to the browser."""
    return "\n".join(str(node.proto) for node in at._tree if getattr(node, "proto", None) is not None)


def boom(*args, **kwargs):
    raise RuntimeError(f"{SECRET}/escalation.duckdb boom")


@pytest.mark.parametrize("path", list(PAGES))
def test_an_unexpected_error_is_a_short_message_naming_the_page_and_the_fix_never_a_traceback_or_path(
        monkeypatch, real_db, caplog, path):
    caplog.set_level(logging.INFO, logger="dashboard")
    at = open_page(monkeypatch, real_db, path, boom)
    title = PAGES[path][1]
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert message.startswith(f"The {title} page stopped here: something unexpected went wrong")
    assert "Reload the page" in message
    assert [c.value for c in at.code] == ["python -m etl refresh --force"]
    shown = everything_shown(at)
    assert SECRET not in shown and "RuntimeError" not in shown and "Traceback" not in shown
    # The sidebar and the page's heading were drawn before the failure; the message comes under them.
    assert at.sidebar.radio(key="preset").value == "Last year"
    assert at.title
    # The server's log has the page, the reference the message gives, and the whole traceback.
    (record,) = [r for r in caplog.records if r.name == "dashboard.app" and r.levelno == logging.ERROR]
    reference = record.args[1]
    assert f"Reference for the server's log: {reference}." in message
    assert record.getMessage() == f"page {path} failed (reference {reference})"
    assert record.exc_info[0] is RuntimeError and SECRET in str(record.exc_info[1])
    assert "Traceback" in caplog.text and SECRET in caplog.text


def test_the_page_is_back_once_the_error_is_gone(monkeypatch, real_db):
    at = open_page(monkeypatch, real_db, "/escalation", boom)
    assert at.error
    monkeypatch.undo()
    monkeypatch.setenv("ESCALATION_DB", str(real_db))
    at.run()
    assert not at.error and not at.exception
    assert "chart_event_window" in {c.key for c in at.get("plotly_chart")}


def test_an_error_in_the_sidebar_is_caught_by_the_same_boundary(monkeypatch, real_db, caplog):
    from dashboard.shared import controls

    caplog.set_level(logging.INFO, logger="dashboard")
    monkeypatch.setattr(controls, "pick_range", boom)
    monkeypatch.setenv("ESCALATION_DB", str(real_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert message.startswith("The Overview page stopped here")
    assert SECRET not in everything_shown(at)
    assert any(r.getMessage().startswith("page / failed (reference ") for r in caplog.records)


def test_an_error_before_a_page_is_picked_says_the_dashboard_could_not_open(monkeypatch, real_db):
    monkeypatch.setattr(cache.cached(shared_data), "metric_catalogue", boom)
    monkeypatch.setenv("ESCALATION_DB", str(real_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert message.startswith("The dashboard could not be opened: something unexpected went wrong.")
    assert SECRET not in everything_shown(at)


def test_streamlit_control_flow_passes_through_the_boundary(monkeypatch, real_db):
    """st.switch_page, st.rerun and st.stop raise Streamlit's own exceptions (BaseException, not Exception): the
    boundary must not turn them into a failure."""
    def switch(*args, **kwargs):
        st.switch_page("app_pages/methods/page.py")

    at = open_page(monkeypatch, real_db, "/escalation", switch)
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Methods: how every number is made"]

    def stop(*args, **kwargs):
        st.stop()

    at = open_page(monkeypatch, real_db, "/escalation", stop)
    assert not at.exception and not at.error
    assert "chart_event_window" not in {c.key for c in at.get("plotly_chart")}
