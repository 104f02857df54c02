"""The static edition from the real data: values a person can check against the shared datasets, in the files a
reader downloads, the feed a newsroom subscribes to and the JSON its bots read."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from dashboard.publish import catalogue, cli

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def real_site(real_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site_real") / "site"
    assert cli.main(["--db", str(real_db), "--out", str(out), "--base-url", "https://example.org/"]) == 0
    return out


def test_every_chart_is_drawn_from_the_real_data(real_site):
    for chart in catalogue.CHARTS:
        for prefix in ("", "uk/"):
            assert (real_site / prefix / "charts" / f"{chart.slug}.html").is_file(), chart.slug
            assert (real_site / prefix / "embed" / f"{chart.slug}.html").is_file(), chart.slug
    # The newest data day of all sources is the DeepState map of 22 Aug 2026: the frozen copy is under it.
    assert (real_site / "archive" / "2026-08-22" / "charts" / "drones.html").is_file()


def test_the_csv_equals_daily_metrics_on_a_checkable_day(real_site, real_db):
    import duckdb

    daily = pd.read_csv(real_site / "data" / "daily_metrics.csv")
    with duckdb.connect(str(real_db), read_only=True) as con:
        expected = con.execute("SELECT date::VARCHAR AS date, metric, value, is_record, source FROM daily_metrics "
                               "WHERE date = DATE '2025-06-01' ORDER BY metric").df()
    day = daily[daily["date"] == "2025-06-01"].sort_values("metric").reset_index(drop=True)
    pd.testing.assert_frame_equal(day, expected, check_dtype=False)
    # 1 June 2025: 472 Shahed-type drones, a record at the time.
    drones = day.set_index("metric").loc["drones_launched"]
    assert drones["value"] == 472 and bool(drones["is_record"])
    assert len(daily) == len(pd.read_parquet(real_site / "data" / "daily_metrics.parquet"))
    chart = pd.read_csv(real_site / "data" / "drones.csv").set_index("date")
    assert chart.loc["2025-06-01", "drones_launched"] == 472 and chart.loc["2025-09-07", "drones_launched"] == 810


def test_the_feed_lists_the_472_and_810_records(real_site):
    entries = {e.findtext(f"{ATOM}id"): e for e in ET.parse(real_site / "records.xml").getroot().findall(f"{ATOM}entry")}
    june = entries["urn:escalation-dashboard:record:drones_launched:2025-06-01"]
    assert "472" in june.findtext(f"{ATOM}title") and "355" in june.findtext(f"{ATOM}summary")
    september = entries["urn:escalation-dashboard:record:drones_launched:2025-09-07"]
    assert "810" in september.findtext(f"{ATOM}title") and "728" in september.findtext(f"{ATOM}summary")
    assert september.find(f"{ATOM}link").get("href") == "https://example.org/charts/drones.html"
    uk = ET.parse(real_site / "uk" / "records.xml").getroot()
    assert uk.get("{http://www.w3.org/XML/1998/namespace}lang") == "uk"
    assert any("810" in e.findtext(f"{ATOM}title") and "Рекорд" in e.findtext(f"{ATOM}title")
               for e in uk.findall(f"{ATOM}entry"))


def test_latest_json_gives_each_sources_newest_day(real_site):
    latest = json.loads((real_site / "latest.json").read_text(encoding="utf-8"))
    assert latest["sources"]["attacks"] == "2026-06-07" and latest["sources"]["territory"] == "2026-08-22"
    values = {row["metric"]: row for row in latest["latest_values"]}
    assert values["occupied_km2"]["date"] == "2026-08-22" and round(values["occupied_km2"]["value"]) == 116995


def test_the_index_gives_the_records_under_each_way_of_counting(real_site):
    index = (real_site / "index.html").read_text(encoding="utf-8")
    assert "810" in index and "7 Sep 2025" in index  # the largest single report of drones
    assert "1,428" in index  # the largest 24 hours
    uk = (real_site / "uk" / "index.html").read_text(encoding="utf-8")
    assert "1 428" in uk or "1\u00a0428" in uk


def test_each_curated_event_has_its_before_and_after(real_site):
    """One page per day with a curated event inside the drone reports: 1 June 2025, Operation Spiderweb, with the
    472 drones of that night at day 0 in its CSV."""
    page = (real_site / "charts" / "before-after-2025-06-01.html").read_text(encoding="utf-8")
    assert "Operation Spiderweb" in page and "anchor=2025-06-01" in page
    window = pd.read_csv(real_site / "data" / "before-after-2025-06-01.csv").set_index("day_from_event")
    assert window.loc[0, "drones_launched"] == 472
    index = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'href="charts/before-after-2025-06-01.html"' in index
