"""Each page's compact freshness line: each source's newest day in one line, the detail behind "Details", and a
warning only for a source the page shows that is far behind the newest."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def header(sources):
    import pandas as pd

    from dashboard.shared import sections

    freshness = pd.DataFrame({
        "source": ["attacks", "territory"], "title": ["Massive Missile Attacks on Ukraine", "DeepStateMap"],
        "newest_date": pd.to_datetime(["2026-06-07", "2026-08-22"]), "rows_rejected": [0, 3],
        "days_behind": [76, 0]})
    sections.show_freshness_warnings(freshness, sources)


def run(sources) -> AppTest:
    at = AppTest.from_function(header, args=(sources,), default_timeout=30).run()
    assert not at.exception
    return at


def test_one_line_says_each_sources_newest_day_and_the_rows_left_out():
    at = run(None)
    captions = [c.value for c in at.caption]
    assert "Data to: attack reports 7 Jun 2026 · DeepState maps 22 Aug 2026 · 3 rows left out" in captions
    assert any(c.startswith("Data quality: 3 row(s) of DeepStateMap failed validation") for c in captions)


def test_a_stale_source_is_warned_of_only_on_pages_that_show_it():
    assert [w.value for w in run(None).warning] == [
        "Massive Missile Attacks on Ukraine ends on 7 Jun 2026, 76 days behind the newest source: its charts stop "
        "earlier than the others."]
    assert len(run(("attacks",)).warning) == 1
    assert run(("territory", "losses")).warning == []


def test_methods_shows_no_stale_warning_and_the_rule_is_a_click_away(monkeypatch, real_db):
    """Methods draws no chart (its sources table gives each source's age); /records puts its record rule behind
    "How to read it" rather than above its figures."""
    from tests.app.test_app import run_app

    methods = run_app(monkeypatch, real_db, "app_pages/methods/page.py")
    assert not methods.exception and methods.warning == []
    records = run_app(monkeypatch, real_db, "app_pages/records/page.py")
    (how,) = [p for p in records.get("popover") if p.proto.popover.label == "How to read it"]
    assert any("strictly above every earlier day" in c.value for c in how.caption)
