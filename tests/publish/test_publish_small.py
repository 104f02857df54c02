"""The static edition from a small database built from hand-written rows: what it writes, that the same database
gives the same bytes, that it is safe from cron (the previous site stays whole when a build is refused or fails),
and that a hostile event title is escaped everywhere it is written."""
from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.publish import catalogue, cli
from etl.pipeline.refresh import refresh
from tests.conftest import PINNED_NOW, small_history, write_source_dir

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("publish_small")
    db = folder / "small.duckdb"
    report = refresh(db, source_dir=write_source_dir(folder / "source", small_history()), quiet=True, now=PINNED_NOW)
    assert not report.failed, [o.message for o in report.failed]
    with duckdb.connect(str(db)) as con:  # an event a person typed, hostile, inside the attack reports' range
        con.execute("DELETE FROM events")
        con.execute("INSERT INTO events (date, title, description, source_url, title_uk, description_uk) "
                    "VALUES (DATE '2025-02-15', ?, ?, 'https://example.org/', ?, ?)", [HOSTILE] * 4)
    return db


def publish(db: Path, out: Path, *extra: str) -> int:
    return cli.main(["--db", str(db), "--out", str(out), "--base-url", "https://charts.example.org/war/", *extra])


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(small_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site_small") / "site"
    assert publish(small_db, out) == 0
    return out


def test_a_chart_without_data_is_left_out_and_named(small_db, tmp_path, capsys):
    assert publish(small_db, tmp_path / "site") == 0
    out = capsys.readouterr().out
    assert "chart oblasts left out: no national report names an oblast" in out
    assert "chart drone-outcomes left out: no day reports what became of the drones launched" in out
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="charts/drones.html"' in index and 'href="charts/oblasts.html"' not in index


# What the small history cannot draw: no report lists oblasts or says what became of the drones.
LEFT_OUT = {"oblasts", "drone-outcomes"}


def test_every_chart_has_a_page_an_embed_and_its_data_in_both_languages(site):
    for chart in catalogue.CHARTS:
        if chart.slug in LEFT_OUT:
            assert not (site / "charts" / f"{chart.slug}.html").exists()
            continue
        for prefix in ("", "uk/"):
            page = (site / prefix / "charts" / f"{chart.slug}.html")
            assert page.is_file() and (site / prefix / "embed" / f"{chart.slug}.html").is_file(), chart.slug
        assert (site / "data" / f"{chart.slug}.csv").is_file()
    for name in ("index.html", "uk/index.html", "records.xml", "uk/records.xml", "latest.json",
                 "data/daily_metrics.csv", "data/daily_metrics.parquet", "data/datapackage.json"):
        assert (site / name).is_file(), name
    plotly = list((site / "assets").glob("plotly-*.min.js"))
    assert len(plotly) == 1 and plotly[0].stat().st_size > 1_000_000  # plotly.js ships inside the site
    page = (site / "charts" / "drones.html").read_text(encoding="utf-8")
    assert f'src="../assets/{plotly[0].name}"' in page and "cdn" not in page.lower()


def test_the_dated_copy_and_the_ukrainian_pages(site):
    # The small history's newest day is 1 March 2025: the frozen copy sits under archive/2025-03-01/.
    dated = site / "archive" / "2025-03-01"
    assert (dated / "charts" / "drones.html").is_file() and (dated / "uk" / "embed" / "drones.html").is_file()
    frozen = (dated / "charts" / "drones.html").read_text(encoding="utf-8")
    assert "As of 1 Mar 2025" in frozen and 'href="../../../assets/' in frozen
    uk = (site / "uk" / "charts" / "drones.html").read_text(encoding="utf-8")
    assert 'lang="uk"' in uk and "Запущені та знищені дрони" in uk and "Вбудувати цей графік" in uk
    # The embed snippets: the newest and the dated, at the base URL given.
    page = (site / "charts" / "drones.html").read_text(encoding="utf-8")
    assert "https://charts.example.org/war/embed/drones.html" in page
    assert "https://charts.example.org/war/archive/2025-03-01/embed/drones.html" in page


def test_the_same_database_gives_byte_identical_files(small_db, site, tmp_path):
    again = tmp_path / "again"
    assert publish(small_db, again) == 0
    assert digest(again) == digest(site)
    # Publishing over the site itself changes nothing either (the dated copy is carried over, the same).
    before = digest(site)
    assert publish(small_db, site) == 0
    assert digest(site) == before


def test_data_files_hold_daily_metrics(site, small_db):
    daily = pd.read_csv(site / "data" / "daily_metrics.csv", parse_dates=["date"])
    with duckdb.connect(str(small_db), read_only=True) as con:
        expected = con.execute("SELECT count(*) FROM daily_metrics").fetchone()[0]
    assert len(daily) == expected
    # 1 March 2025: the 300 Shaheds of the hand-written night, written as an integer.
    row = daily[(daily["date"] == "2025-03-01") & (daily["metric"] == "drones_launched")]
    assert list(row["value"]) == [300]
    assert ",300," in (site / "data" / "daily_metrics.csv").read_text()
    parquet = pd.read_parquet(site / "data" / "daily_metrics.parquet")
    assert len(parquet) == expected
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {"daily_metrics.csv", "daily_metrics.parquet"}
    assert any("CC BY-NC-SA" in licence["title"] for licence in package["licenses"])
    drones = pd.read_csv(site / "data" / "drones.csv")
    assert drones.set_index("date").loc["2025-03-01", "drones_launched"] == 300


def test_the_feed_parses_and_its_ids_are_stable(site):
    feed = ET.parse(site / "records.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert "urn:escalation-dashboard:record:drones_launched:2025-03-01" in ids
    assert len(ids) == len(set(ids))
    record = entries[ids.index("urn:escalation-dashboard:record:drones_launched:2025-03-01")]
    assert "300" in record.findtext(f"{ATOM}title")
    latest = json.loads((site / "latest.json").read_text(encoding="utf-8"))
    assert latest["newest_day"] == "2025-03-01" and latest["sources"]["attacks"] == "2025-03-01"


def test_a_hostile_event_title_is_written_as_text_everywhere(site):
    for path in [*site.rglob("*.html"), *site.rglob("*.xml"), *site.rglob("*.json")]:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
    page = (site / "charts" / "drones.html").read_text(encoding="utf-8")
    # In the figure's JSON: escaped for Plotly's markup (&lt;), then for the <script> element (\u0026, \u003c).
    assert "\\u0026lt;script\\u0026gt;alert(" in page


@pytest.mark.parametrize("problem", ["missing", "damaged", "older layout"])
def test_a_database_that_cannot_be_published_is_refused_and_the_site_stays(small_db, site, tmp_path, capsys,
                                                                             problem):
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = digest(out)
    db = tmp_path / "bad.duckdb"
    if problem == "damaged":
        db.write_bytes(b"this is not a database" * 100)
    elif problem == "older layout":
        shutil.copy(small_db, db)
        with duckdb.connect(str(db)) as con:
            con.execute("UPDATE schema_info SET version = 'an older layout'")
    capsys.readouterr()
    assert publish(db, out) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "unchanged" in err and "Traceback" not in err
    assert digest(out) == before and not list(tmp_path.glob(".site.*"))


def test_a_build_that_fails_half_way_leaves_the_previous_site_whole(small_db, site, tmp_path, capsys, monkeypatch):
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = digest(out)

    def broken(inputs):
        raise RuntimeError("a bug half way through")
    monkeypatch.setattr(catalogue, "CHARTS", (*catalogue.CHARTS[:3], catalogue.StaticChart("broken", "x", "y", "",
                                                                                           broken)))
    capsys.readouterr()
    assert publish(small_db, out) == 4
    err = capsys.readouterr().err
    assert "unchanged" in err and "Traceback" not in err and "RuntimeError" in err
    assert digest(out) == before and not list(tmp_path.glob(".site.building-*"))
