"""Refresh end to end on small hand-written files: idempotence, skip-unchanged, failures, records."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from etl.cli import main
from etl.pipeline.refresh import refresh
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir

DATA_TABLES = ["metric_values", "metrics", "sources", "rejected_rows", "attack_events", "attack_waves",
               "weapon_models"]


def dump(db) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        out = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in DATA_TABLES}
        out["daily_metrics"] = con.execute("SELECT * FROM daily_metrics ORDER BY ALL").fetchall()
    return out


def value_on(db, metric: str, date: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT value FROM daily_metrics WHERE metric = ? AND date = ?",
                           [metric, date]).fetchall()


def test_refresh_twice_gives_identical_contents(tmp_path):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "x.duckdb"
    report = refresh(db, source_dir=source, now=PINNED_NOW)
    assert {o.source: o.status for o in report.outcomes} == {
        "attacks": "loaded", "territory": "loaded", "territory_nzz": "loaded", "losses": "loaded", "events": "loaded",
        "regions": "loaded"}
    first_bytes, first = db.read_bytes(), dump(db)
    # The comparisons below are only worth something if the first load holds the fixture's values.
    assert len(first["attack_events"]) == 61
    assert value_on(db, "drones_launched", "2025-03-01") == [(300.0,)]
    assert value_on(db, "missiles_launched", "2025-03-01") == [(10.0,)]
    report = refresh(db, source_dir=source, now=PINNED_NOW)
    assert {o.status for o in report.outcomes} == {"unchanged"}
    assert db.read_bytes() == first_bytes  # untouched: nothing changed upstream
    report = refresh(db, source_dir=source, force=True, now=PINNED_NOW)
    assert {o.status for o in report.outcomes} == {"loaded"}
    assert dump(db) == first
    assert len(report.new_records) == 0  # a reload of the same data finds no new records


def test_records_need_history_and_must_be_strictly_higher(tmp_path):
    rows = small_history()
    # A tie with the 300 record one day later is not a record.
    rows.append(national("2025-03-01 20:00", "2025-03-02 08:00", "Shahed-136/131", "300.0", "200.0"))
    db = tmp_path / "x.duckdb"
    refresh(db, source_dir=write_source_dir(tmp_path / "src", rows), now=PINNED_NOW)
    with duckdb.connect(str(db), read_only=True) as con:
        flagged = con.execute(
            "SELECT date, value FROM daily_metrics WHERE metric = 'drones_launched' AND is_record ORDER BY date"
        ).fetchall()
        highs = con.execute(
            "SELECT date, value, previous_record, previous_record_date, margin FROM record_highs "
            "WHERE metric = 'drones_launched' ORDER BY date"
        ).fetchall()
    # January rises every day (51..81) but lies in the 28-day burn-in; 2025-01-29..31 (79, 80, 81)
    # are past it; February restarts at 51, so nothing there beats 81 until March 1st's 300.
    assert [d for d, _ in flagged] == [dt.date(2025, 1, 29), dt.date(2025, 1, 30), dt.date(2025, 1, 31),
                                       dt.date(2025, 3, 1)]
    assert highs[-1] == (dt.date(2025, 3, 1), 300.0, 81.0, dt.date(2025, 1, 31), 219.0)


def test_cli_refresh_and_status_in_process(tmp_path, capsys):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "cli.duckdb"
    assert main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "attacks: loaded; rows read 61, loaded 61, rejected 0" in out
    assert "date range: 2025-01-01 to 2025-03-01" in out
    assert "drones_launched 2025-03-01: 300 (previous 81 on 2025-01-31)" in out
    assert main(["status", "--db", str(db)]) == 0
    status = capsys.readouterr().out
    assert "attacks        2025-03-01" in status and "offline (local folder)" in status


def test_cli_reads_environment_variables(tmp_path, monkeypatch, capsys):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("ESCALATION_SOURCE_DIR", str(source))
    monkeypatch.setenv("ESCALATION_DB", str(db))
    assert main(["refresh", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert f"database: {db}" in out  # the file named by ESCALATION_DB, not the default
    assert value_on(db, "drones_launched", "2025-03-01") == [(300.0,)]
    assert value_on(db, "drones_launched", "2025-01-31") == [(81.0,)]
    with duckdb.connect(str(db), read_only=True) as con:
        loads = con.execute("SELECT source, origin, fetched_at, rows_read, rows_loaded FROM source_loads "
                            "WHERE source IN ('attacks', 'losses', 'territory') ORDER BY source").fetchall()
    # Read from the folder named by ESCALATION_SOURCE_DIR, not downloaded (no fetch time).
    assert loads == [("attacks", str(source), None, 61, 61), ("losses", str(source), None, 7, 7),
                     ("territory", str(source), None, 4, 4)]


def test_rejected_rows_are_stored_and_counted(tmp_path, capsys):
    rows = small_history() + [national("2025-01-01 20:00", "2025-01-02 08:00", "Kalibr", "4.0", "6.0")]
    db = tmp_path / "bad.duckdb"
    source = write_source_dir(tmp_path / "src", rows)
    assert main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "rows read 62, loaded 61, rejected 1" in out
    assert "rejected missile_attacks_daily.csv line 63: destroyed is greater than launched" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT file, line, reason FROM rejected_rows").fetchall() == [
            ("missile_attacks_daily.csv", 63, "destroyed is greater than launched")]


def test_unusable_file_fails_the_source_and_keeps_previous_data(tmp_path, capsys):
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "keep.duckdb"
    assert main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 0
    before = dump(db)
    assert value_on(db, "drones_launched", "2025-03-01") == [(300.0,)]  # something worth keeping
    (source / "attacks" / "missile_attacks_daily.csv").write_text("<html><body>Error 503</body></html>\n")
    capsys.readouterr()
    assert main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert (f"attacks: FAILED: {source / 'attacks' / 'missile_attacks_daily.csv'}: missing column(s) "
            "time_start, time_end, model, launched, destroyed, source; found <html><body>Error 503</body></html>"
            ) in out.splitlines()
    assert dump(db) == before
    assert value_on(db, "drones_launched", "2025-03-01") == [(300.0,)]


def test_missing_source_dir_is_a_clear_failure(tmp_path, capsys):
    code = main(["refresh", "--source-dir", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.duckdb")])
    assert code == 1
    out = capsys.readouterr().out
    for source in ("attacks", "territory", "territory_nzz", "losses"):
        assert f"{source}: FAILED: {tmp_path / 'nowhere'}: source folder does not exist" in out.splitlines()
    # Only the project's own events file (from data/) could load: no metric value came from nowhere.
    assert any(line.startswith("events: loaded; rows read ") for line in out.splitlines()), out
    with duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM metric_values").fetchone() == (0,)
        assert con.execute("SELECT source FROM source_loads").fetchall() == [("events",)]


@pytest.mark.parametrize("argv", [["--help"], ["refresh", "--help"], ["status", "--help"]])
def test_help_documents_exit_codes(argv, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    for line in ("  0  success (every source loaded or unchanged)",
                 "  1  at least one source failed; the others loaded and the failed one kept its previous data",
                 "  2  bad command-line usage",
                 "  3  another refresh of the same database is running",
                 "  4  unexpected error or a full disk; the previous database is untouched",
                 "  130  interrupted (Ctrl-C); the previous database is untouched"):
        assert line in out.splitlines(), line


def test_if_missing_refreshes_an_empty_database(tmp_path, capsys):
    import duckdb as _duckdb

    db = tmp_path / "empty.duckdb"
    _duckdb.connect(str(db)).close()  # exists, but holds nothing (e.g. every download failed)
    source = write_source_dir(tmp_path / "src", small_history())
    assert main(["refresh", "--if-missing", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 0
    assert "attacks: loaded; rows read 61, loaded 61, rejected 0" in capsys.readouterr().out
    assert value_on(db, "drones_launched", "2025-03-01") == [(300.0,)]
    assert main(["refresh", "--if-missing", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 0
    assert "nothing to do (--if-missing)" in capsys.readouterr().out


def test_a_brief_first_build_prints_a_few_lines_and_where_the_detail_is(tmp_path, capsys):
    """./run.sh builds the database with --quiet --brief: one line per source and where to look, not every
    rejected row and record (the full summary without --brief)."""
    from etl.cli import main
    from tests.conftest import small_history, write_source_dir

    source = write_source_dir(tmp_path / "src", small_history())
    assert main(["refresh", "--source-dir", str(source), "--db", str(tmp_path / "x.duckdb"), "--quiet", "--brief"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) <= 10, out
    assert any(line.startswith("  attacks: loaded ") for line in out)
    assert any("new record highs:" in line for line in out) and out[-1].startswith("detail: python -m etl status")
