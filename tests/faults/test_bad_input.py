"""Bad input, one test each: the source is skipped or the row rejected, with file, row and reason; nothing lost."""
from __future__ import annotations

import json

import duckdb
import pytest

from etl.cli import main
from tests.conftest import national, small_history, write_source_dir

ATTACKS = "attacks/missile_attacks_daily.csv"


@pytest.fixture
def loaded(tmp_path, capsys):
    """A database loaded from good small files, and the folder to spoil."""
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "x.duckdb"
    assert main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    return source, db


def refresh_again(source, db, capsys) -> tuple[int, str]:
    code = main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def snapshot(db, source="attacks"):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT metric, date, value FROM metric_values WHERE source = ? ORDER BY ALL",
                           [source]).fetchall()


def other_sources_loaded(out: str) -> bool:
    return all(f"{name}: loaded" in out for name in ("territory", "territory_nzz", "losses")) or \
        all(f"{name}: unchanged" in out for name in ("territory", "territory_nzz", "losses"))


@pytest.mark.parametrize("content,problem", [
    (b"", "file is empty"),
    (b"<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>\n", "missing column(s)"),
    (b"time_start,time_end,model,launch_count,destroyed,source\n2025-01-01,2025-01-02 08:00,Kalibr,1,0,kpszsu\n",
     "missing column(s) launched"),
    ("time_start,time_end,model,launched,destroyed,source\n2025-01-01,2025-01-02,Kal\xefbr,1,0,x\n".encode("latin-1"),
     "not UTF-8"),
    (b"time_start,time_end,model,launched,destroyed,source\n2025-01-01,2025-01-02 08:00,Kalibr,1,0,kpszsu\n2025-01-0",
     "stops mid-line"),
], ids=["empty", "html-error-page", "renamed-column", "not-utf8", "truncated"])
def test_unusable_attacks_file_skips_the_source_and_keeps_its_data(loaded, capsys, content, problem):
    source, db = loaded
    before = snapshot(db)
    (source / ATTACKS).write_bytes(content)
    code, out = refresh_again(source, db, capsys)
    assert code == 1
    (line,) = [l for l in out.splitlines() if l.startswith("attacks: FAILED")]
    assert "missile_attacks_daily.csv" in line and problem in line
    assert snapshot(db) == before
    assert other_sources_loaded(out)


def test_json_that_is_not_an_array_skips_losses_only(loaded, capsys):
    source, db = loaded
    before = snapshot(db, "losses")
    (source / "losses" / "russia_losses_personnel.json").write_text(json.dumps({"date": "2025-01-30"}) + "\n")
    code, out = refresh_again(source, db, capsys)
    assert code == 1
    assert "losses: FAILED" in out and "russia_losses_personnel.json: expected a JSON array" in out
    assert snapshot(db, "losses") == before


@pytest.mark.parametrize("bad_row,reason", [
    (national("2025-02-10 20:00", "2025-02-11 08:00", "Kalibr", "3.0", "-1.0"), "destroyed: not a whole non-negative number (got '-1.0')"),
    (national("2025-02-10 20:00", "2025-02-11 08:00", "Kalibr", "3.0", "5.0"), "destroyed is greater than launched"),
    (national("2099-02-10 20:00", "2099-02-11 08:00", "Kalibr", "3.0", "1.0"), "date 2099-02-11 is in the future"),
], ids=["negative-count", "destroyed-above-launched", "future-date"])
def test_bad_row_is_rejected_with_line_and_counted(tmp_path, capsys, bad_row, reason):
    rows = small_history() + [bad_row]
    source = write_source_dir(tmp_path / "src", rows)
    db = tmp_path / "x.duckdb"
    code, out = refresh_again(source, db, capsys)
    assert code == 0
    assert "attacks: loaded; rows read 62, loaded 61, rejected 1" in out
    assert f"rejected missile_attacks_daily.csv line 63: {reason}" in out
    with duckdb.connect(str(db), read_only=True) as con:
        ((line, stored),) = con.execute("SELECT line, reason FROM rejected_rows WHERE source = 'attacks'").fetchall()
    assert line == 63 and stored.startswith(reason)


def test_duplicate_report_is_rejected_as_a_repeat(tmp_path, capsys):
    rows = small_history()
    rows.append(dict(rows[10]))
    source = write_source_dir(tmp_path / "src", rows)
    code, out = refresh_again(source, tmp_path / "x.duckdb", capsys)
    assert code == 0 and "rejected missile_attacks_daily.csv line 63: duplicate of line 12" in out


def test_dashboard_shows_a_data_quality_note_for_rejected_rows(tmp_path, capsys, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.app.test_app import APP

    rows = small_history() + [national("2025-02-10 20:00", "2025-02-11 08:00", "Kalibr", "3.0", "5.0")]
    db = tmp_path / "x.duckdb"
    refresh_again(write_source_dir(tmp_path / "src", rows), db, capsys)
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("Data quality: 1 row(s) of Massive Missile Attacks on Ukraine failed validation" in c.value
               for c in at.caption)
    at.switch_page("app_pages/methods/page.py").run()
    (rejected,) = [d.value for d in at.dataframe if "Reason" in d.value.columns]
    assert rejected[["File", "Line"]].values.tolist() == [["missile_attacks_daily.csv", 63]]
