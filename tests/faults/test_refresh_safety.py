"""A refresh never loses data: kills, concurrent runs, revisions, and the dashboard seeing a new file."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import signal
import subprocess
import sys

import duckdb
import pytest

from etl.cli import main
from etl.pipeline.refresh import refresh
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir
from tests.paths import PROJECT


def contents(db) -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT metric, date, value FROM metric_values ORDER BY ALL").fetchall()


def run_cli(*args, env_extra=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("stage", ["locked", "prepared", "copied", "loaded", "checkpointed", "swapped"])
def test_sigkill_at_each_stage_leaves_the_old_or_the_new_database(tmp_path, stage):
    rows = small_history()
    source = write_source_dir(tmp_path / "src", rows)
    db = tmp_path / "kill.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    before = contents(db)
    rows.append(national("2025-03-01 20:00", "2025-03-02 08:00", "Shahed-136/131", "400.0", "350.0"))
    write_source_dir(tmp_path / "src", rows)
    killed = run_cli("refresh", "--quiet", "--source-dir", str(source), "--db", str(db),
                     env_extra={"ESCALATION_FAULT": stage})
    assert killed.returncode == -signal.SIGKILL
    assert f"fault point {stage} reached" in killed.stderr  # the kill landed where it was meant to
    after_kill = contents(db)
    if stage == "swapped":
        assert after_kill != before and ("drones_launched", dt.date(2025, 3, 2), 400.0) in after_kill
    else:
        assert after_kill == before  # readable, and the previous data
    # The next refresh cleans up after the killed one and brings the new day in.
    report = refresh(db, source_dir=source, now=PINNED_NOW)
    assert not report.failed and ("drones_launched", dt.date(2025, 3, 2), 400.0) in contents(db)
    assert not list(tmp_path.glob(".kill.duckdb.*"))


def test_ctrl_c_exits_130_with_one_line_and_the_data_intact(tmp_path):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "int.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    before = contents(db)
    stopped = run_cli("refresh", "--quiet", "--force", "--source-dir", str(source), "--db", str(db),
                      env_extra={"ESCALATION_FAULT": "loaded:INT"})
    assert stopped.returncode == 130
    lines = [line for line in stopped.stderr.splitlines() if line.strip()]
    assert lines == ["fault point loaded reached",
                     f"interrupted: the refresh of {db} was stopped; the previous database is untouched"]
    assert contents(db) == before and not list(tmp_path.glob(".int.duckdb.*"))


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

    from tests.app.test_app import APP, figure

    rows = small_history()
    source = write_source_dir(tmp_path / "src", rows)
    db = tmp_path / "live.duckdb"
    refresh(db, source_dir=source, now=PINNED_NOW)
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/records/page.py").run()
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
