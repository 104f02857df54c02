"""Nothing wrong loaded: each way bad input could have been loaded with exit 0, reproduced and kept fixed.

Every test builds a small source folder (tests.conftest), loads it, breaks one thing and checks the
exit code, the message, and that no data was lost or made up.
"""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd
import pytest

from dashboard.shared import queries
from etl.derive import views
from etl.pipeline.refresh import refresh
from etl.sources import losses
from tests.conftest import PINNED_NOW, national, small_history, write_source_dir
from tests.faults.support import DEEPSTATE, EQUIPMENT, NZZ, PERSONNEL, loaded, rejected, run, values  # noqa: F401


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
