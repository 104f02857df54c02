"""A refresh never loses data: kills, concurrent runs, revisions, and the dashboard seeing a new file."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.refresh import refresh
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir

PROJECT = Path(__file__).resolve().parent.parent


def contents(db) -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT metric, date, value FROM metric_values ORDER BY ALL").fetchall()


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.6, 0.9, 1.3])
def test_sigkill_at_any_moment_leaves_the_previous_database(real_source_dir, tmp_path, delay):
    db = tmp_path / "kill.duckdb"
    refresh(db, source_dir=real_source_dir, quiet=True)
    before = contents(db)
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    process = subprocess.Popen(
        [sys.executable, "-m", "etl", "refresh", "--force", "--quiet", "--source-dir", str(real_source_dir),
         "--db", str(db)], cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert contents(db) == before  # readable, and the same data (or the identical reload, had it finished)
    # The next refresh cleans up after the killed one and succeeds.
    report = refresh(db, source_dir=real_source_dir, quiet=True, force=True)
    assert not report.failed and contents(db) == before
    assert not list(tmp_path.glob(".kill.duckdb.*"))


def test_a_second_refresh_at_once_exits_with_a_message(tmp_path, capsys):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "busy.duckdb"
    with open(db.with_name(db.name + ".lock"), "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running refresh would
        assert main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 3
    assert "another refresh" in capsys.readouterr().err
    assert not db.exists()
    assert main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 0


def test_changed_upstream_values_are_kept_as_revisions(tmp_path):
    rows = small_history()
    source = write_source_dir(tmp_path / "src", rows)
    db = tmp_path / "rev.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    rows[-2] = national("2025-02-28 20:00", "2025-03-01 08:00", "Shahed-136/131", "310.0", "250.0")  # was 300
    write_source_dir(tmp_path / "src", rows)
    refresh(db, source_dir=source, now=PINNED_NOW)
    with duckdb.connect(str(db), read_only=True) as con:
        revisions = con.execute("SELECT metric, date, old_value, new_value FROM revisions ORDER BY metric").fetchall()
        value = con.execute("SELECT value FROM daily_metrics WHERE metric = 'drones_launched' "
                            "AND date = DATE '2025-03-01'").fetchall()
    assert ("drones_launched", dt.date(2025, 3, 1), 300.0, 310.0) in revisions
    assert value == [(310.0,)]


def test_dashboard_picks_up_a_new_database_without_restart(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP, figure

    rows = small_history()
    source = write_source_dir(tmp_path / "src", rows)
    db = tmp_path / "live.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("page_records.py").run()
    assert {m.label: m.value for m in at.metric}["Drones launched"] == "300"
    rows.append(national("2025-03-01 20:00", "2025-03-02 08:00", "Shahed-136/131", "400.0", "350.0"))
    write_source_dir(tmp_path / "src", rows)
    rows[-3] = national("2025-02-28 20:00", "2025-03-01 08:00", "Shahed-136/131", "310.0", "250.0")
    write_source_dir(tmp_path / "src", rows)
    refresh(db, source_dir=source, now=PINNED_NOW)
    at.run()  # the same session, no restart
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Drones launched"] == "400"
    # The revised day (300 -> 310) is marked on the drones chart.
    traces = figure(at, "chart_drones_launched")["data"]
    revised = [t for t in traces if t.get("name") == "Revised upstream"]
    assert revised and revised[0]["customdata"][0][0] == 300.0
