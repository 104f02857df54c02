"""/records?on=…: was a day a record at the time, under each way of counting (AppTest on the real data)."""
from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP

D = dt.date


def records_page(monkeypatch, db, **params) -> AppTest:
    """/records opened from a link with these query parameters."""
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("app_pages/records/page.py").run()


def answer(at: AppTest):
    (grid,) = [d.value for d in at.dataframe if "A record that day?" in d.value.index]
    return grid


def test_1_june_2025_was_a_record_under_every_definition(monkeypatch, real_db):
    at = records_page(monkeypatch, real_db, on="2025-06-01")
    assert not at.exception
    assert at.date_input(key="records_on_pick").value == D(2025, 6, 1)
    grid = answer(at)
    # One report: 472 drones, the night into 1 June 2025; it beat 355 of 26 May and 479 beat it on 9 June.
    assert list(grid["One report"]) == ["Yes", "472 drones, 1 Jun 2025", "355 drones, 26 May 2025",
                                        "479 drones, 9 Jun 2025"]
    assert set(grid.loc["The record then"]) == {"472 drones, 1 Jun 2025"}
    assert "chart_record_progression" in {c.key for c in at.get("plotly_chart")}
    assert at.query_params["on"] == "2025-06-01"


def test_a_day_without_a_record_and_a_new_day_in_the_url(monkeypatch, real_db):
    at = records_page(monkeypatch, real_db)
    # Opened without on=: the newest day of the reports, 7 Jun 2026; not a record, and the records still stand.
    assert at.date_input(key="records_on_pick").value == D(2026, 6, 7)
    assert list(answer(at).loc["Beaten next by"]) == ["not yet"] * 4
    assert "on" not in at.query_params
    at.date_input(key="records_on_pick").set_value(D(2025, 6, 5)).run()
    assert not at.exception
    assert list(answer(at)["One report"]) == ["No", "472 drones, 1 Jun 2025", "–", "479 drones, 9 Jun 2025"]
    assert at.query_params["on"] == "2025-06-05"


def test_a_bad_day_in_the_url_gives_a_notice(monkeypatch, real_db):
    at = records_page(monkeypatch, real_db, on="2025-02-30")
    assert not at.exception
    assert any("on '2025-02-30' is not a date (YYYY-MM-DD); showing the newest day" in i.value for i in at.info)
    assert at.date_input(key="records_on_pick").value == D(2026, 6, 7)


def test_every_series_draws_its_records(monkeypatch, real_db):
    at = records_page(monkeypatch, real_db, on="2024-08-26")
    at.selectbox(key="esc_series").set_value("missiles_launched").run()
    assert not at.exception
    # 26 Aug 2024: 127 missiles in one report (03:00 to 18:00), the record under every definition, still standing.
    grid = answer(at)
    assert set(grid.loc["A record that day?"]) == {"Yes"}
    assert set(grid.loc["The record then"]) == {"127 missiles, 26 Aug 2024"}
    assert set(grid.loc["Beaten next by"]) == {"not yet"}
    # What it beat depends on the counting: one report, 106 of 10 Feb 2023; a calendar day, the 122 of
    # 29 Dec 2023, which no single report reached.
    assert (grid.loc["It beat", "One report"], grid.loc["It beat", "Calendar day (Kyiv)"]) == (
        "106 missiles, 10 Feb 2023", "122 missiles, 29 Dec 2023")
    (table,) = [d.value for d in at.dataframe if "It beat" in d.value.columns]
    assert list(table[table["Counted as"] == "One overnight report"]["Record"]) == [22.0, 84.0, 106.0, 127.0]
