"""Issue 22: implausible values, bad events and bad cells. Each test is named after the promise it keeps; each
builds a small source folder (tests.conftest), breaks one thing, runs the refresh in-process and checks the exit
code, the message, and that nothing else was lost.

1. Every metric's declared bounds apply, to every source and to a metric added later.
2. The events file is validated like any source.
3. One bad attack cell is one rejected row (or, for a region list, one warning): never the whole source.
4. An `affected region` cell whose regions are left out is named in a warning.
5. A file that is not UTF-8 names the line and the byte offset.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import paths
from etl.registry import metrics
from etl.sources import attack_metrics
from tests.conftest import ATTACK_COLUMNS, national, small_history, write_source_dir
from tests.faults.support import EQUIPMENT, NZZ, rejected, run, values

ATTACKS_FILE = "missile_attacks_daily.csv"
NIGHT = ("2025-02-26 20:00", "2025-02-27 08:00")  # small_history's Shahed row: 77 launched, 67 destroyed
DAY = dt.date(2025, 2, 27)
FIRST_NEW_LINE = 63  # small_history has 61 rows, on lines 2 to 62


def write_attacks(folder: Path, rows: list[dict]) -> Path:
    """A source folder whose attack file also has the `affected region` column (conftest's does not)."""
    write_source_dir(folder, rows)
    columns = ATTACK_COLUMNS + ["affected region"]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    frame.to_csv(folder / "attacks" / ATTACKS_FILE, index=False)
    return folder


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def day_values(db, day=DAY) -> dict:
    return {m: v for m, d, v in values(db, "attacks") if d == day}


def events_rows(db) -> list:
    return query(db, "SELECT date, title FROM events ORDER BY date, title")


# ================================================================ 1. declared bounds apply everywhere
@pytest.mark.parametrize("column,model,metric", [
    ("not_reach_goal", "Orlan-10", "drones_lost_on_radar"),
    ("still_attacking", "Orlan-10", "drones_still_in_air"),
    ("num_hit_location", "Kalibr", "hit_locations"),
    ("num_fall_fragment_location", "Kalibr", "debris_locations"),
])
def test_an_absurd_outcome_count_is_one_rejected_row_and_sets_no_record(tmp_path, capsys, column, model, metric):
    rows = small_history() + [national(*NIGHT, model, "2.0", "1.0", **{column: "100000.0"})]
    db = tmp_path / "x.duckdb"
    code, out = run(write_attacks(tmp_path / "src", rows), db, capsys)
    assert code == 0
    high = metrics.get(metric).bounds[1]
    reason = f"{column} (as {metric}) 100,000 is outside the plausible range 0 to {high:,.0f}"
    assert rejected(db, "attacks") == [(ATTACKS_FILE, FIRST_NEW_LINE, reason)]
    assert f"rejected {ATTACKS_FILE} line {FIRST_NEW_LINE}: {reason}" in out
    # The day's other values load, from the day's other row; the absurd value is nowhere.
    assert day_values(db)["drones_launched"] == 77 and metric not in day_values(db)
    assert query(db, "SELECT count(*) FROM daily_metrics WHERE metric = ? AND value > ?", [metric, high]) == [(0,)]
    assert query(db, "SELECT count(*) FROM attack_events")[0][0] == len(small_history())


def test_a_day_whose_plausible_rows_add_up_to_an_absurd_value_loses_that_value_alone(tmp_path, capsys):
    # Two rows of 3,000 places hit: each plausible, the day's 6,000 is not (bound 5,000). Which row is wrong the
    # file cannot say, so both rows load and only the day's value is left out, with a record naming it.
    rows = small_history() + [national(*NIGHT, "Kalibr", "4.0", "3.0", num_hit_location="3000.0"),
                              national(*NIGHT, "Iskander-M", "2.0", "1.0", num_hit_location="3000.0")]
    db = tmp_path / "x.duckdb"
    code, out = run(write_attacks(tmp_path / "src", rows), db, capsys)
    assert code == 0
    ((file, line, reason),) = rejected(db, "attacks")
    assert (file, line) == (ATTACKS_FILE, 0)
    assert reason.startswith("hit_locations on 2025-02-27: the day's value 6,000 is outside the plausible range "
                             "0 to 5,000")
    assert "hit_locations on 2025-02-27" in out
    day = day_values(db)
    assert "hit_locations" not in day
    assert (day["drones_launched"], day["missiles_launched"], day["cruise_missiles_launched"]) == (77, 6, 4)
    assert query(db, "SELECT count(*) FROM attack_events")[0][0] == len(rows)  # no raw row lost


def test_a_metric_added_to_the_registry_has_its_bounds_enforced_on_the_rows(tmp_path, capsys, monkeypatch):
    # A new metric, summed from num_hit_location like hit_locations but bounded at 10: declaring it (and
    # producing it) is all it takes for a row above 10 to be rejected with the new metric named.
    added = metrics.Metric("places_hit_test", "Places hit (test)", "places", metrics.FLOW, "attacks",
                           "A metric added for this test.", (0, 10))
    monkeypatch.setattr(metrics, "METRICS", metrics.METRICS + (added,))
    monkeypatch.setitem(metrics.BY_NAME, added.name, added)
    monkeypatch.setitem(attack_metrics.OUTCOME_METRICS, added.name, (None, "num_hit_location", False))
    rows = small_history() + [national(*NIGHT, "Kalibr", "4.0", "3.0", num_hit_location="12.0"),
                              national("2025-02-27 20:00", "2025-02-28 08:00", "Kalibr", "4.0", "3.0",
                                       num_hit_location="9.0")]
    db = tmp_path / "x.duckdb"
    code, _ = run(write_attacks(tmp_path / "src", rows), db, capsys)
    assert code == 0
    assert rejected(db, "attacks") == [(ATTACKS_FILE, FIRST_NEW_LINE, "num_hit_location (as places_hit_test) 12 "
                                                                      "is outside the plausible range 0 to 10")]
    assert [(d, v) for m, d, v in values(db, "attacks") if m == added.name] == [(dt.date(2025, 2, 28), 9.0)]


# ================================================================ 2. events are validated like any source
def write_events(tmp_path, monkeypatch, text: str | bytes) -> None:
    """The refresh reads events.csv from the project's data/ folder: point that at a test copy."""
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    content = text.encode("utf-8") if isinstance(text, str) else text
    (data_dir / "events.csv").write_bytes(content)
    monkeypatch.setattr(paths, "DATA_DIR", data_dir)


HEADER = "date,title,description,source_url,title_uk,description_uk\n"
GOOD = ("2022-02-24,Full-scale invasion,Russia invades.,https://example.org/a,Вторгнення,Росія вторгається.\n"
        "2025-06-01,Spiderweb,Drones hit airfields.,https://example.org/b,Павутина,Дрони вражають аеродроми.\n")
BAD_EVENTS = [
    ("2099-01-01,Far future,Text.,https://example.org/c,,\n", "date 2099-01-01 is in the future"),
    ("1900-01-01,Far past,Text.,https://example.org/d,,\n",
     "date 1900-01-01 is before the first day of the data (2022-02-24)"),
    ("2022-02-24,Full-scale invasion,Russia invades.,https://example.org/a,Вторгнення,Росія вторгається.\n",
     "duplicate of line 2"),
    ("2022-02-24, Full-scale invasion ,Said again.,https://example.org/e,,\n", "duplicate of line 2"),
    ("2025-06-02,   ,Text.,https://example.org/f,,\n", "title: missing value"),
    ('2025-06-03,"Two\nlines",Text.,https://example.org/g,,\n', "title: contains a line break or control character"),
    ("2025-06-04,Title,Text\x1b[31m.,https://example.org/h,,\n",
     "description: contains a line break or control character"),
    ("2025-06-05,Title,Text.,https://example.org/i,Назва\tз табом,\n",
     "title_uk: contains a line break or control character"),
    ("2025-06-06,Title,Text.,https://example.org/j,,Опис\u2028далі\n",
     "description_uk: contains a line break or control character"),
]


def test_bad_event_rows_are_rejected_with_file_line_and_reason_and_the_good_ones_load(tmp_path, capsys,
                                                                                      monkeypatch):
    text = HEADER + GOOD + "".join(row for row, _ in BAD_EVENTS) + \
        "2025-07-01,Last good,Text.,https://example.org/z,,\n"
    write_events(tmp_path, monkeypatch, text)
    db = tmp_path / "x.duckdb"
    code, out = run(write_source_dir(tmp_path / "src", small_history()), db, capsys)
    assert code == 0
    got = rejected(db, "events")
    # Lines: header 1, good 2-3, the bad rows from 4 (the two-line title takes lines 9-10), the last good one 14.
    expected_lines = [4, 5, 6, 7, 8, 9, 11, 12, 13]
    assert [line for _, line, _ in got] == expected_lines
    for (file, _, reason), (_, why) in zip(got, BAD_EVENTS):
        assert file == "events.csv" and why in reason, (reason, why)
    assert "events: loaded; rows read 12, loaded 3, rejected 9" in out
    assert events_rows(db) == [(dt.date(2022, 2, 24), "Full-scale invasion"), (dt.date(2025, 6, 1), "Spiderweb"),
                               (dt.date(2025, 7, 1), "Last good")]


def test_the_committed_events_file_loads_whole(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    code, out = run(write_source_dir(tmp_path / "src", small_history()), db, capsys)
    assert code == 0 and rejected(db, "events") == []
    committed = pd.read_csv(paths.DATA_DIR / "events.csv", dtype=str)
    assert len(events_rows(db)) == len(committed)


# ================================================================ 3. one bad cell is one rejected row
@pytest.mark.parametrize("column", ["launched", "destroyed", "not_reach_goal", "still_attacking", "is_shahed",
                                    "num_hit_location", "num_fall_fragment_location"])
@pytest.mark.parametrize("number", [str(10**400), "7" * 500, "7" * 5000], ids=["10**400", "500-digits",
                                                                           "5000-digits"])
def test_an_absurdly_long_count_is_one_rejected_row_naming_file_and_line(tmp_path, capsys, column, number):
    counts = {"launched": "2.0", "destroyed": "1.0", column: number}
    rows = small_history() + [national(*NIGHT, "Shahed-136/131", counts.pop("launched"), counts.pop("destroyed"),
                                       **counts)]
    db = tmp_path / "x.duckdb"
    code, out = run(write_attacks(tmp_path / "src", rows), db, capsys)
    assert code == 0, out
    ((file, line, reason),) = rejected(db, "attacks")
    assert (file, line) == (ATTACKS_FILE, FIRST_NEW_LINE) and reason.startswith(column)
    assert "attacks: loaded; rows read 62, loaded 61, rejected 1" in out
    assert day_values(db)["drones_launched"] == 77


@pytest.mark.parametrize("cell", ["{[1]: 2}", "-" * 100_000 + "1", "[" * 5000 + "]" * 5000, "['Kharkiv oblast'",
                                  "[" + "1" * 5000 + "]"],
                         ids=["unhashable-key", "too-deep-for-memory", "too-nested", "unclosed", "5000-digits"])
def test_an_unreadable_region_list_loads_its_row_without_regions_and_a_warning_names_the_line(tmp_path, capsys,
                                                                                              cell):
    rows = small_history()
    rows[-3] = dict(rows[-3], **{"affected region": cell})  # 2025-02-28's Shahed row, line 60
    rows[-4] = dict(rows[-4], **{"affected region": "['Sumy oblast']"})
    db = tmp_path / "x.duckdb"
    code, out = run(write_attacks(tmp_path / "src", rows), db, capsys)
    assert code == 0, out
    assert rejected(db, "attacks") == []
    assert (f"warning: {ATTACKS_FILE}: 'affected region' is not a readable list, left out of region_reports: "
            "lines 60") in out
    assert day_values(db, dt.date(2025, 2, 28))["drones_launched"] == 78  # the row itself loads
    assert query(db, "SELECT region_iso, reports FROM region_report_rows") == [("UA-59", 1)]
    assert query(db, "SELECT oblasts_named FROM attack_events WHERE line = 60") == [(None,)]  # unknown, not 0


# ================================================================ 4. regions left out are named
@pytest.mark.parametrize("cell,warning", [
    ("{'a': 1}", "'affected region' is not a readable list, left out of region_reports: lines 60"),
    ("[1, 2]", "'affected region' items that are not names, left out: line 60 (1, 2)"),
    ("['Kharkiv oblast', 3]", "'affected region' items that are not names, left out: line 60 (3)"),
    ("['Kharkov oblast', 'Sumy oblast']",
     "'affected region' names that are not an oblast of Ukraine, left out: line 60 ('Kharkov oblast')"),
])
def test_regions_left_out_of_a_list_are_named_with_the_line(tmp_path, capsys, cell, warning):
    rows = small_history()
    rows[-3] = dict(rows[-3], **{"affected region": cell})
    db = tmp_path / "x.duckdb"
    code, out = run(write_attacks(tmp_path / "src", rows), db, capsys)
    assert code == 0 and rejected(db, "attacks") == []
    assert f"warning: {ATTACKS_FILE}: {warning}" in out


def test_directions_and_ukraine_are_left_out_without_a_warning(tmp_path, capsys):
    rows = small_history()
    rows[-3] = dict(rows[-3], **{"affected region": "['Ukraine', 'south', 'north-east', 'Kharkiv oblast', nan]"})
    db = tmp_path / "x.duckdb"
    code, out = run(write_attacks(tmp_path / "src", rows), db, capsys)
    assert code == 0 and "'affected region'" not in out
    assert query(db, "SELECT region_iso FROM region_report_rows") == [("UA-63",)]


# ================================================================ 5. not UTF-8: the line and the byte offset
def test_a_non_utf8_events_file_names_the_line_and_the_byte_offset(tmp_path, capsys, monkeypatch):
    before = HEADER + GOOD + "2025-07-01,Kyiv,"
    content = before.encode("utf-8") + "K\xefiv.,https://example.org/z,,\n".encode("latin-1")
    write_events(tmp_path, monkeypatch, content)
    offset = len(before.encode("utf-8")) + 1  # 0-based: the byte after 'K'
    db = tmp_path / "x.duckdb"
    code, out = run(write_source_dir(tmp_path / "src", small_history()), db, capsys)
    assert code == 1
    (line,) = [text for text in out.splitlines() if text.startswith("events: FAILED")]
    assert "events.csv: not UTF-8 text" in line and f"line 4, byte offset {offset:,}" in line
    assert "territory: loaded" in out and "attacks: loaded" in out


def test_a_non_utf8_attack_file_names_the_line_and_the_byte_offset_past_the_first_block(tmp_path, capsys):
    source = write_source_dir(tmp_path / "src", small_history())
    path = source / "attacks" / ATTACKS_FILE
    data = path.read_bytes()
    at = data.index(b"2025-02-20 08:00")  # a row near the end, past the first block a CSV reader decodes
    data = data[:at] + b"\xff" + data[at:]
    path.write_bytes(data)
    line = data[:at].count(b"\n") + 1
    code, out = run(source, tmp_path / "x.duckdb", capsys)
    assert code == 1
    (failed,) = [text for text in out.splitlines() if text.startswith("attacks: FAILED")]
    assert f"{ATTACKS_FILE}: not UTF-8 text" in failed and f"line {line}, byte offset {at:,}" in failed


# ================================================================ the same numbers in the other sources
def test_an_absurdly_long_area_or_loss_total_is_one_rejected_row(tmp_path, capsys):
    source = write_source_dir(tmp_path / "src", small_history())
    nzz = source / NZZ
    nzz.write_text(nzz.read_text().replace("95012.0\n2025-02-01", "7" * 5000 + "\n2025-02-01", 1))
    equipment = source / EQUIPMENT
    equipment.write_text(equipment.read_text().replace("9805", "7" * 5000, 1))
    db = tmp_path / "x.duckdb"
    code, out = run(source, db, capsys)
    assert code == 0, out
    assert [(f, n) for f, n, _ in rejected(db, "territory_nzz")] == [("nzz_liveuamap_territory.csv", 3)]
    ((file, line, reason),) = rejected(db, "losses")
    assert (file, line) == ("russia_losses_equipment.json", 2) and "tank: not a finite number" in reason
    assert all(abs(v) < 1e6 for _, _, v in values(db, "losses") + values(db, "territory_nzz"))


def test_an_absurd_outcome_count_in_a_stored_row_is_never_a_silent_blank(tmp_path, capsys):
    # A count pandas cannot read (5,000 digits) used to become a blank: the row loaded as if the field were
    # missing, and launched became a lower bound. It is a rejected row with its reason.
    rows = small_history() + [national(*NIGHT, "Kalibr", "7" * 5000, "1.0")]
    db = tmp_path / "x.duckdb"
    assert run(write_attacks(tmp_path / "src", rows), db, capsys)[0] == 0
    assert [line for _, line, _ in rejected(db, "attacks")] == [FIRST_NEW_LINE]
    assert day_values(db)["missiles_launched"] == 0 and day_values(db)["drones_launched"] == 77
