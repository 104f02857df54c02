"""Nothing wrong loaded, nothing lost: each fault found by trying to break the refresh, reproduced and kept fixed.

Every test builds a small source folder (tests.conftest), loads it, breaks one thing and checks the
exit code, the message, and that no data was lost or made up.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import queries
from etl import views
from etl.cli import main
from etl.refresh import refresh
from etl.sources import losses
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir

ATTACKS = Path("attacks") / "missile_attacks_daily.csv"
WEAPONS = Path("attacks") / "missiles_and_uavs.csv"
DEEPSTATE = Path("territory") / "deepstate_occupied_area_daily.csv"
NZZ = Path("territory") / "nzz_liveuamap_territory.csv"
PERSONNEL = Path("losses") / "russia_losses_personnel.json"
EQUIPMENT = Path("losses") / "russia_losses_equipment.json"


def values(db, source=None) -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        sql = "SELECT metric, date, value FROM metric_values" + (" WHERE source = ?" if source else "") + " ORDER BY ALL"
        return con.execute(sql, [source] if source else []).fetchall()


def rejected(db, source) -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT file, line, reason FROM rejected_rows WHERE source = ? ORDER BY line",
                           [source]).fetchall()


def run(source, db, capsys, *flags) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["refresh", "--source-dir", str(source), "--db", str(db), "--quiet", *flags])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out + captured.err


@pytest.fixture
def loaded(tmp_path, capsys):
    """A source folder and a database loaded from it."""
    source = write_source_dir(tmp_path / "src", small_history())
    db = tmp_path / "x.duckdb"
    assert run(source, db, capsys)[0] == 0
    return source, db


# ---------------------------------------------------------------- wrong data is never loaded
@pytest.mark.parametrize("file,row,line", [
    (DEEPSTATE, "2099-01-01,112050.00,,test,,,False,\n", 6),
    (DEEPSTATE, "1900-01-01,112050.00,,test,,,False,\n", 6),
    (NZZ, "2099-01-01 00:00:00,95020.0\n", 5),
])
def test_a_row_dated_in_the_future_or_before_the_source_is_rejected(loaded, capsys, file, row, line):
    source, db = loaded
    with (source / file).open("a", encoding="utf-8") as out:
        out.write(row)
    code, out = run(source, db, capsys)
    assert code == 0
    source_key = "territory" if file == DEEPSTATE else "territory_nzz"
    ((name, at, reason),) = rejected(db, source_key)
    assert (name, at) == (file.name, line)
    assert ("is in the future" in reason) if row.startswith("2099") else ("before this source's first day" in reason)
    with duckdb.connect(str(db), read_only=True) as con:  # the data still ends where it did
        assert con.execute("SELECT max(date) FROM metric_values").fetchone()[0] == dt.date(2025, 3, 1)


def test_a_losses_record_dated_2099_is_rejected(loaded, capsys):
    source, db = loaded
    records = json.loads((source / PERSONNEL).read_text())
    records.append({"date": "2099-02-02", "day": 99999, "personnel": 838000})
    (source / PERSONNEL).write_text(json.dumps(records))
    code, _ = run(source, db, capsys)
    assert code == 0
    assert rejected(db, "losses") == [("russia_losses_personnel.json", 4,
                                        "record 4: date 2099-02-02 is in the future (after 2026-11-26)")] or \
        rejected(db, "losses")[0][2].startswith("record 4: date 2099-02-02 is in the future")


def test_an_absurd_count_is_rejected_and_sets_no_record(tmp_path, capsys):
    rows = small_history() + [national("2025-02-27 20:00", "2025-02-28 08:00", "Shahed-136/131", "1e18", "0.0")]
    source = write_source_dir(tmp_path / "src", rows)
    db = tmp_path / "x.duckdb"
    assert run(source, db, capsys)[0] == 0
    ((_, line, reason),) = rejected(db, "attacks")
    assert line == 63 and "not a whole non-negative number (got '1e18')" in reason
    rows[-1] = national("2025-02-27 20:00", "2025-02-28 08:00", "Shahed-136/131", "100000.0", "0.0")
    write_source_dir(tmp_path / "src", rows)
    assert run(source, db, capsys)[0] == 0
    ((_, line, reason),) = rejected(db, "attacks")
    assert line == 63 and reason == ("launched (as drones_launched) 100,000 is outside the plausible range "
                                     "0 to 10,000")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT max(value) FROM daily_metrics WHERE metric = 'drones_launched'").fetchone() == (300,)


def test_unicode_digits_are_rejected_not_silently_dropped(tmp_path, capsys):
    rows = small_history() + [national("2025-02-27 20:00", "2025-02-28 08:00", "Kalibr", "١٢٣", "0.0")]
    source = write_source_dir(tmp_path / "src", rows)
    db = tmp_path / "x.duckdb"
    code, out = run(source, db, capsys)
    assert code == 0
    assert rejected(db, "attacks") == [("missile_attacks_daily.csv", 63,
                                        "launched: not a whole non-negative number (got '١٢٣')")]


@pytest.mark.parametrize("total", ["inf", "Infinity", float("inf"), "١٢٣"])
def test_a_non_finite_or_non_ascii_loss_total_is_rejected(loaded, capsys, total):
    source, db = loaded
    records = json.loads((source / EQUIPMENT).read_text())
    records[1]["tank"] = total
    (source / EQUIPMENT).write_text(json.dumps(records))  # float('inf') is written as Infinity
    # Rejecting one of three records withdraws more than 5 % of this tiny source's values.
    code, _ = run(source, db, capsys, "--allow-revisions")
    assert code == 0
    ((name, line, reason),) = rejected(db, "losses")
    assert (name, line) == ("russia_losses_equipment.json", 2)
    assert reason in ("record 2: tank: not a finite number", "record 2: tank: not a number")
    assert all(v == v and abs(v) < 1e6 for _, _, v in values(db, "losses"))


def test_an_implausible_loss_total_is_rejected_and_its_neighbours_recomputed(loaded, capsys):
    source, db = loaded
    records = json.loads((source / EQUIPMENT).read_text())
    records[1]["tank"] = 9_805_000  # a typo in the cumulative total
    (source / EQUIPMENT).write_text(json.dumps(records))
    assert run(source, db, capsys, "--allow-revisions")[0] == 0  # a tiny source: one record is > 5 %
    ((_, line, reason),) = rejected(db, "losses")
    assert line == 2 and "'tank' total gives +9,795,199 for this day, outside the plausible range" in reason  # minus the correction of 1
    tanks = [(d, v) for m, d, v in values(db, "losses") if m == "losses_tanks"]
    assert tanks == [(dt.date(2025, 2, 1), 9.0)]  # 9809 - 9800 over two days, correction on 01-31 gone with it


def test_a_weapon_table_without_rows_fails_attacks_and_keeps_its_data(loaded, capsys):
    source, db = loaded
    before = values(db, "attacks")
    (source / WEAPONS).write_text("model,category\n", encoding="utf-8")
    code, out = run(source, db, capsys)
    assert code == 1
    assert "missiles_and_uavs.csv: the file has a header but no rows" in out
    assert values(db, "attacks") == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM revisions").fetchone() == (0,)


def test_a_load_that_would_revise_many_values_is_refused_unless_allowed(loaded, capsys):
    source, db = loaded
    before = values(db, "attacks")
    rows = [dict(r, launched=str(float(r["launched"]) + 1)) for r in small_history()]  # every day changes
    write_source_dir(source, rows)
    code, out = run(source, db, capsys)
    assert code == 1
    assert "attacks: refused: this load would change or withdraw" in out and "--allow-revisions accepts it" in out
    assert values(db, "attacks") == before
    assert run(source, db, capsys, "--allow-revisions")[0] == 0
    assert values(db, "attacks") != before


@pytest.mark.parametrize("area,why", [("0.00", "moves -112,030"), ("119999.00", "moves +7,969")])
def test_an_empty_or_impossible_map_is_rejected_not_drawn_as_a_collapse(loaded, capsys, area, why):
    source, db = loaded
    with (source / DEEPSTATE).open("a", encoding="utf-8") as out:
        out.write(f"2025-02-03,{area},,test,,,False,\n2025-02-04,112040.00,,test,,,False,\n")
    assert run(source, db, capsys)[0] == 0
    ((_, line, reason),) = rejected(db, "territory")
    assert line == 6 and why in reason and "more than the plausible 5,000 a day" in reason
    gained = {d: v for m, d, v in values(db, "territory") if m == "territory_gained_km2"}
    assert gained[dt.date(2025, 2, 3)] == pytest.approx(10.0)  # 112,030 -> 112,040 over the rejected day


def test_a_correction_dated_a_day_early_is_applied_to_the_day_it_fits():
    equipment = pd.DataFrame({"record": [1, 2, 3], "date": ["2023-05-26", "2023-05-27", "2023-05-28"],
                              "aircraft": [310, 310, 313], "tank": [3800, 3810, 3820], "APC": [7600, 7600, 7600]})
    personnel = pd.DataFrame({"record": [1, 2, 3], "date": ["2023-05-26", "2023-05-27", "2023-05-28"],
                              "personnel": [205000, 205500, 206000]})
    corrections = pd.DataFrame({"record": [1], "date": ["2023-05-27"], "aircraft": [3], "tank": [0]})
    out, rejected_rows = losses.transform(equipment, personnel, corrections, now=PINNED_NOW)
    by = out.set_index(["metric", "date"])["value"]
    assert by[("losses_aircraft", dt.date(2023, 5, 27))] == 0  # applied as dated: -3
    assert by[("losses_aircraft", dt.date(2023, 5, 28))] == 0  # +3 minus the correction of 3
    note = out.set_index(["metric", "date"]).loc[("losses_aircraft", dt.date(2023, 5, 28)), "note"]
    assert "(dated 2023-05-27; applied to this day" in note and rejected_rows.empty
    # A correction that fits its own day stays where it is.
    corrections.loc[0, "date"] = "2023-05-28"
    out, _ = losses.transform(equipment, personnel, corrections, now=PINNED_NOW)
    assert "dated" not in str(out.set_index(["metric", "date"]).loc[("losses_aircraft", dt.date(2023, 5, 28)), "note"])


def test_a_share_from_lower_bound_counts_is_noted_and_left_out_of_the_range(tmp_path):
    rows = small_history() + [national("2025-03-01 20:00", "2025-03-02 08:00", "Kalibr", "39.0", "0.0"),
                              national("2025-03-01 20:00", "2025-03-02 08:00", "Iskander-K", "28.0", None)]
    db = tmp_path / "x.duckdb"
    refresh(db, source_dir=write_source_dir(tmp_path / "src", rows), now=PINNED_NOW)
    with queries.connect(db) as con:
        day = queries.daily_series(con, ["missiles_interception_rate"], dt.date(2025, 3, 2), dt.date(2025, 3, 2))
        kpi = queries.range_rates(con, ["missiles_interception_rate"], dt.date(2025, 3, 1), dt.date(2025, 3, 2))
    assert day["value"].tolist() == [0.0] and day["note"].tolist() == [views.INCOMPLETE_SHARE_NOTE]
    # 1 March (8 of 10) counts; 2 March (0 of 67, with 28 missiles lacking a count) is left out.
    assert kpi[["value", "days", "days_left_out"]].values.tolist() == [[0.8, 1, 1]]


# ---------------------------------------------------------------- one source's fault stops only that source
def test_a_header_only_attack_file_fails_attacks_alone(loaded, capsys):
    source, db = loaded
    before = values(db, "attacks")
    (source / ATTACKS).write_text("time_start,time_end,model,launched,destroyed,source\n", encoding="utf-8")
    code, out = run(source, db, capsys)
    assert code == 1
    (line,) = [l for l in out.splitlines() if l.startswith("attacks: FAILED")]
    assert "missile_attacks_daily.csv: the file has a header but no rows" in line
    assert values(db, "attacks") == before and "losses: unchanged" in out


def test_a_renamed_personnel_field_fails_losses_alone(loaded, capsys):
    source, db = loaded
    before = values(db, "losses")
    records = [{"date": r["date"], "day": r["day"], "personnel_total": r["personnel"]}
               for r in json.loads((source / PERSONNEL).read_text())]
    (source / PERSONNEL).write_text(json.dumps(records))
    code, out = run(source, db, capsys)
    assert code == 1
    assert "russia_losses_personnel.json: missing field(s) 'personnel' (a renamed field?)" in out
    assert values(db, "losses") == before and "attacks: unchanged" in out


def test_an_unreadable_file_fails_its_source_alone(loaded, capsys, monkeypatch):
    source, db = loaded
    before = values(db, "territory")
    (source / DEEPSTATE).write_text((source / DEEPSTATE).read_text() + "2025-02-03,112040.00,,t,,,False,\n")
    real_open = Path.open

    def no_permission(self, *args, **kwargs):  # the tests run as root, where chmod 000 still reads
        if self.name == DEEPSTATE.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_permission)
    code, out = run(source, db, capsys)
    assert code == 1
    assert "deepstate_occupied_area_daily.csv: cannot be read (Permission denied)" in out
    assert values(db, "territory") == before


def test_an_unexpected_error_inside_a_source_fails_it_alone(loaded, capsys, monkeypatch):
    source, db = loaded
    before = values(db, "territory_nzz")

    def broken(folder, *, now):
        raise KeyError("area")

    monkeypatch.setattr("etl.sources.nzz.build", broken)
    code, out = run(source, db, capsys, "--force")
    assert code == 1
    (line,) = [l for l in out.splitlines() if l.startswith("territory_nzz: FAILED")]
    assert "unexpected KeyError while reading" in line and "nzz_liveuamap_territory.csv" in line
    assert values(db, "territory_nzz") == before and "attacks: loaded" in out


def test_a_rebuild_keeps_a_failed_sources_data_and_the_history(loaded, capsys, monkeypatch):
    source, db = loaded
    rows = small_history()
    rows[-2] = national("2025-02-28 20:00", "2025-03-01 08:00", "Shahed-136/131", "310.0", "250.0")
    write_source_dir(source, rows)
    assert run(source, db, capsys)[0] == 0  # one revision, two loads of attacks
    before_attacks, before_losses = values(db, "attacks"), values(db, "losses")
    select, description, columns = views.VIEWS["record_highs"]
    monkeypatch.setitem(views.VIEWS, "record_highs", (select + " WHERE true", description, columns))  # new layout
    (source / ATTACKS).write_text("not,a,valid,file\n", encoding="utf-8")
    code, out = run(source, db, capsys)
    assert code == 1 and "has another layout" in out
    assert values(db, "attacks") == before_attacks  # carried forward, not lost
    assert values(db, "losses") == before_losses  # reloaded from its files
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM source_loads WHERE source = 'attacks'").fetchone() == (2,)
        assert con.execute("SELECT metric, old_value, new_value FROM revisions WHERE metric = 'drones_launched'"
                           ).fetchall() == [("drones_launched", 300.0, 310.0)]
        assert con.execute("SELECT count(*) FROM metrics WHERE source = 'attacks'").fetchone() == (12,)


# ---------------------------------------------------------------- the database file
@pytest.mark.parametrize("damage", ["overwritten-block", "truncated"])
def test_a_damaged_database_is_moved_aside_and_rebuilt(loaded, capsys, damage):
    source, db = loaded
    before = values(db)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        if damage == "truncated":
            handle.truncate(size // 3)
        else:
            handle.seek(size // 2)
            handle.write(os.urandom(256 * 1024))
    code, out = run(source, db, capsys)
    assert code == 0
    (note,) = [l for l in out.splitlines() if l.startswith("note:")]
    (aside,) = db.parent.glob("x.duckdb.damaged-*")
    assert f"was damaged" in note and f"moved aside to {aside}" in note
    assert values(db) == before  # rebuilt from the sources
    assert run(source, db, capsys)[0] == 0  # and whole again: the next refresh trusts it


def test_a_full_disk_is_named_and_leaves_no_partial_copy(loaded, capsys, monkeypatch):
    source, db = loaded
    before = values(db)

    def disk_full(*args, **kwargs):
        raise duckdb.IOException('IO Error: Could not write file "x.duckdb.tmp": No space left on device')

    monkeypatch.setattr("etl.load.load_sources", disk_full)
    code, out = run(source, db, capsys, "--force")
    assert code == 4
    assert f"error: the disk holding {db.parent} is full (" in out and "nothing was changed" in out
    assert values(db) == before and not list(db.parent.glob(".x.duckdb.*"))


def test_a_symlinked_db_stays_a_link_and_its_target_is_updated(tmp_path, capsys):
    source = write_source_dir(tmp_path / "src", small_history())
    target = tmp_path / "real" / "escalation.duckdb"
    target.parent.mkdir()
    link = tmp_path / "link.duckdb"
    link.symlink_to(target)
    assert run(source, link, capsys)[0] == 0
    assert link.is_symlink() and link.resolve() == target and target.is_file()
    assert (target.parent / "escalation.duckdb.lock").exists()  # the lock sits beside the real file
    assert values(link) == values(target) != []


def test_the_dashboard_says_a_damaged_file_is_damaged_and_what_to_run(loaded, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP

    _, db = loaded
    size = db.stat().st_size
    with db.open("r+b") as handle:  # every block after the header overwritten: any read fails
        handle.seek(256 * 1024)
        handle.write(os.urandom(size - 256 * 1024))
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    (warning,) = [w.value for w in at.warning]
    assert "damaged" in warning and "moves a damaged file aside" in warning
    assert f"python -m etl refresh --db {db}" in [c.value for c in at.code]


# ---------------------------------------------------------------- downloads and files
def test_a_csv_without_a_final_newline_loads_when_its_last_row_is_whole(loaded, capsys):
    source, db = loaded
    text = (source / ATTACKS).read_text(encoding="utf-8")
    (source / ATTACKS).write_text(text.rstrip("\n"), encoding="utf-8")  # valid, but no final newline
    code, out = run(source, db, capsys)
    assert code == 0 and "attacks: loaded; rows read 61, loaded 61, rejected 0" in out
    # Cut inside the last row, fields missing. (A cut inside the last field cannot be told from a
    # shorter value; the row-level checks and the guards still apply to it.)
    (source / ATTACKS).write_text(text.rstrip("\n").rsplit(",", 4)[0], encoding="utf-8")
    code, out = run(source, db, capsys)
    assert code == 1 and "the file stops mid-line" in out


def test_a_much_smaller_input_is_refused_against_what_the_database_recorded(tmp_path, capsys):
    """The guard reads source_loads, so it holds with no download cache at all (here: a local folder)."""
    history = small_history()
    source = write_source_dir(tmp_path / "src", history)
    db = tmp_path / "x.duckdb"
    assert run(source, db, capsys)[0] == 0
    before = values(db, "attacks")
    write_source_dir(source, history[:17])  # 28 % of the rows
    code, out = run(source, db, capsys)
    assert code == 1
    assert "attacks: refused: its files total" in out and "--allow-shrink accepts it" in out
    assert values(db, "attacks") == before
    code, out = run(source, db, capsys, "--allow-shrink", "--allow-revisions")
    assert code == 0 and values(db, "attacks") != before
