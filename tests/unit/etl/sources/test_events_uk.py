"""Ukrainian event text: every committed event is translated, the columns are optional in the file, and the
dashboard's event query returns them after the English columns."""
from __future__ import annotations

import csv
import datetime as dt
import re

import duckdb
import pandas as pd
import pytest

from dashboard.shared import queries
from etl import paths
from etl.pipeline.refresh import refresh
from etl.sources import events
from etl.sources.common import read_csv_text
from tests.conftest import PINNED_NOW, small_history, write_source_dir

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ENGLISH_COLUMNS = ["date", "title", "description", "source_url"]


def committed_rows() -> list[dict]:
    with (paths.DATA_DIR / "events.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_committed_file_has_the_ukrainian_columns_last():
    with (paths.DATA_DIR / "events.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ENGLISH_COLUMNS + ["title_uk", "description_uk"]


@pytest.mark.parametrize("row", committed_rows(), ids=lambda row: f"{row['date']} {row['title']}")
def test_every_committed_event_is_translated(row):
    for column in ("title_uk", "description_uk"):
        text = row[column]
        assert text and text == text.strip(), (column, text)
        assert CYRILLIC.search(text), (column, text)
    # Short enough to label a chart, like the English (whose limit is 30); Ukrainian runs a little longer.
    assert len(row["title_uk"]) <= 40 and len(row["description_uk"]) <= 200


def test_committed_file_loads_with_its_translations():
    good, rejected = events.transform(read_csv_text(paths.DATA_DIR / "events.csv", ("date",)))
    assert rejected.empty
    assert list(good.columns) == ENGLISH_COLUMNS + ["title_uk", "description_uk"]
    assert (good["title_uk"] != "").all() and (good["description_uk"] != "").all()


def test_ukrainian_text_is_validated_like_the_english():
    raw = pd.DataFrame({
        "line": [2, 3, 4, 5],
        "date": ["2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04"],
        "title": ["A", "B", "C", "D"],
        "description": ["a", "b", "c", "d"],
        "source_url": ["https://example.org/a"] * 4,
        "title_uk": [" Павутина ", None, "Д" * 61, "Г"],
        "description_uk": ["Опис.", None, "Опис.", "О" * 301],
    })
    good, rejected = events.transform(raw)
    # A missing translation is no fault: the row loads with '' (the dashboard shows the English text).
    assert good[["title", "title_uk", "description_uk"]].values.tolist() == [["A", "Павутина", "Опис."],
                                                                            ["B", "", ""]]
    assert dict(zip(rejected["line"], rejected["reason"])) == {
        4: f"title_uk: title_uk must be 1 to 60 characters (got {'Д' * 61!r})",
        5: f"description_uk: description_uk must be 1 to 300 characters (got {'О' * 301!r})",
    }


def test_an_events_file_without_the_ukrainian_columns_still_loads(tmp_path, monkeypatch):
    # The refresh reads events.csv from the project's data/ folder: point that at an English-only copy.
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    english = pd.read_csv(paths.DATA_DIR / "events.csv", dtype=str, keep_default_na=False)[ENGLISH_COLUMNS]
    english.to_csv(data_dir / "events.csv", index=False)
    monkeypatch.setattr(paths, "DATA_DIR", data_dir)
    db = tmp_path / "x.duckdb"
    report = refresh(db, source_dir=write_source_dir(tmp_path / "src", small_history()), now=PINNED_NOW)
    outcome = {o.source: o for o in report.outcomes}["events"]
    assert outcome.status == "loaded", outcome.message
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = queries.events(con, dt.date.min, dt.date.max)
        assert con.execute("SELECT count(*) FROM rejected_rows WHERE source = 'events'").fetchone() == (0,)
    assert list(loaded.columns) == ENGLISH_COLUMNS + ["title_uk", "description_uk"]
    assert len(loaded) == len(english)
    assert sorted(loaded["title"]) == sorted(english["title"])
    assert (loaded["title_uk"] == "").all() and (loaded["description_uk"] == "").all()


def test_the_event_query_returns_the_ukrainian_columns_last(tmp_path):
    db = tmp_path / "x.duckdb"
    refresh(db, source_dir=write_source_dir(tmp_path / "src", small_history()), now=PINNED_NOW)
    with duckdb.connect(str(db), read_only=True) as con:
        frame = queries.events(con, dt.date(2022, 2, 24), dt.date(2022, 2, 24))
    assert list(frame.columns) == ENGLISH_COLUMNS + ["title_uk", "description_uk"]
    assert frame["title_uk"].tolist() == ["Повномасштабне вторгнення"]
