"""Nothing lost: one source's fault stops only that source, and the database file survives damage,
a full disk, a symbolic link and a rebuild. Each fault reproduced and kept fixed."""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from etl.derive import views
from etl.registry import metrics
from tests.conftest import national, small_history, write_source_dir
from tests.faults.support import ATTACKS, DEEPSTATE, PERSONNEL, WEAPONS, loaded, rejected, run, values  # noqa: F401


# ---------------------------------------------------------------- one source's fault stops only that source
@pytest.mark.parametrize("file,header", [
    (ATTACKS, "time_start,time_end,model,launched,destroyed,source\n"),
    # Without rows the weapon table would classify every model as unknown: 7,377 revisions to zero.
    (WEAPONS, "model,category\n"),
], ids=["attack-file", "weapon-table"])
def test_a_header_only_file_fails_attacks_alone_and_revises_nothing(loaded, capsys, file, header):
    source, db = loaded
    before = values(db, "attacks")
    (source / file).write_text(header, encoding="utf-8")
    code, out = run(source, db, capsys)
    assert code == 1
    (line,) = [l for l in out.splitlines() if l.startswith("attacks: FAILED")]
    assert f"{file.name}: the file has a header but no rows" in line
    assert values(db, "attacks") == before and "losses: unchanged" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM revisions").fetchone() == (0,)


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
        assert con.execute("SELECT count(*) FROM metrics WHERE source = 'attacks'").fetchone() == (
            len(metrics.of_source("attacks")),)


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
    assert "was damaged" in note and f"moved aside to {aside}" in note
    assert values(db) == before  # rebuilt from the sources
    assert run(source, db, capsys)[0] == 0  # and whole again: the next refresh trusts it


def test_a_full_disk_is_named_and_leaves_no_partial_copy(loaded, capsys, monkeypatch):
    source, db = loaded
    before = values(db)

    def disk_full(*args, **kwargs):
        raise duckdb.IOException('IO Error: Could not write file "x.duckdb.tmp": No space left on device')

    monkeypatch.setattr("etl.pipeline.load.load_sources", disk_full)
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

    from tests.app.test_app import APP

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
