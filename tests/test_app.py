"""The Streamlit app run headless with AppTest: real database, range changes, and no-data pages."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def run_app(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("ESCALATION_DB", str(db))
    return AppTest.from_file(APP, default_timeout=60).run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_app_runs_on_real_database(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    assert not at.exception
    shown = metrics(at)
    assert shown["Record: drones launched in a day"] == "948"
    assert len(at.get("plotly_chart")) == 4
    assert "CC BY-NC-SA 4.0" in " ".join(m.value for m in at.markdown)


def test_changing_the_range_changes_the_kpis(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    before = metrics(at)
    at.sidebar.radio(key="preset").set_value("Custom").run()
    at.sidebar.date_input(key="custom_range").set_value((dt.date(2025, 5, 25),
                                                         dt.date(2025, 6, 1))).run()
    assert not at.exception
    after = metrics(at)
    assert after != before
    assert after["Drones launched"] == "472"  # 1 June 2025, the latest day of this range
    assert after["Missiles launched"] == "7"
    records = at.dataframe[0].value
    row = records[(records["Metric"] == "Drones launched")].iloc[0]
    assert (str(row["Date"])[:10], row["Value"], row["Previous record"]) == ("2025-06-01", 472.0, 355.0)


def test_interception_rate_is_sum_over_sum(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    at.sidebar.radio(key="preset").set_value("Custom").run()
    at.sidebar.date_input(key="custom_range").set_value((dt.date(2025, 6, 1),
                                                         dt.date(2025, 6, 1))).run()
    # 1 June 2025: 210 of 472 drones destroyed, 3 of 7 missiles.
    shown = metrics(at)
    assert shown["Drones shot down in range"] == f"{210 / 472:.1%}"
    assert shown["Missiles shot down in range"] == f"{3 / 7:.1%}"


def test_missing_database_page_gives_the_command(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "none.duckdb")
    assert not at.exception
    assert "no database" in at.warning[0].value
    assert any("python -m etl refresh" in c.value for c in at.code)


def test_empty_database_page_gives_the_command(monkeypatch, tmp_path):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    at = run_app(monkeypatch, db)
    assert not at.exception
    assert "holds no data" in at.warning[0].value
    assert any("python -m etl refresh" in c.value for c in at.code)


def test_unreadable_database_page_has_no_traceback(monkeypatch, tmp_path):
    db = tmp_path / "junk.duckdb"
    db.write_text("this is not a database")
    at = run_app(monkeypatch, db)
    assert not at.exception
    assert "could not be read" in at.warning[0].value
