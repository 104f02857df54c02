"""What the fault tests share: a loaded source folder, the CLI run in-process, and readers of the result."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from tests.conftest import small_history, write_source_dir

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
