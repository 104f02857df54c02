"""Ukrainian event text on the real data."""
from __future__ import annotations

import datetime as dt

import duckdb

from dashboard.shared import queries
from tests.unit.etl.sources.test_events_uk import CYRILLIC, committed_rows


def test_real_data_has_the_ukrainian_title_of_the_invasion(real_db):
    expected = [row["title_uk"] for row in committed_rows() if row["date"] == "2022-02-24"]
    assert expected and expected[0]
    with duckdb.connect(str(real_db), read_only=True) as con:
        rows = con.execute("SELECT title_uk FROM events WHERE date = ?", [dt.date(2022, 2, 24)]).fetchall()
        frame = queries.events(con, dt.date(2022, 2, 24), dt.date(2022, 2, 24))
    assert [r[0] for r in rows] == expected
    assert frame["title_uk"].tolist() == expected and CYRILLIC.search(frame["description_uk"].iloc[0])
