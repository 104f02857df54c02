"""The view's take-away files: a tidy CSV, its sources, a Frictionless data package and a citation."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pandas as pd
import pytest

from dashboard.shared import exports, i18n

CATALOGUE = pd.DataFrame({
    "metric": ["drones_launched", "occupied_km2"], "label": ["Drones launched", "Occupied area (DeepState)"],
    "unit": ["drones", "km²"], "kind": ["flow", "level"], "description": ["Drones launched.", "Area held."],
    "source_title": ["Massive Missile Attacks on Ukraine", "DeepStateMap occupied area, daily"],
    "attribution": ["Petro Ivaniuk", "DeepState"], "licence": ["CC BY-NC-SA 4.0", "DeepStateMap data"],
    "source_url": ["https://www.kaggle.com/x", "https://deepstatemap.live"], "formula": [None, None],
}).set_index("metric", drop=False)
MONTHS = pd.DataFrame({
    "date": pd.to_datetime(["2026-05-01", "2026-06-01", "2026-06-01"]),
    "period_end": pd.to_datetime(["2026-05-31", "2026-06-30", "2026-06-30"]),
    "metric": ["drones_launched", "drones_launched", "occupied_km2"], "value": [8150.0, 2136.0, 116977.79],
    "days": [30, 7, 30], "period_days": [31, 30, 30], "days_covered": [31, 7, 30], "partial": [False, True, False]})
URL = "http://x/?start=2026-05-01&end=2026-06-30&agg=month"


def test_daily_csv_is_one_row_per_date_and_one_column_per_metric():
    daily = pd.DataFrame({"date": pd.to_datetime(["2025-06-01", "2025-06-01", "2025-06-02"]),
                          "metric": ["drones_launched", "occupied_km2", "drones_launched"],
                          "value": [472.0, 113300.5, 80.0]})
    text = exports.to_csv(exports.wide_table(daily, ["drones_launched", "occupied_km2"], "day"))
    # Counts as integers (472, not 472.0), a fraction kept; no map that day: an empty cell, not 0.
    assert text.splitlines() == ["date,drones_launched,occupied_km2", "2025-06-01,472,113300.5", "2025-06-02,80,"]


def test_monthly_csv_says_how_many_days_each_period_covers():
    table = pd.read_csv(io.StringIO(exports.wide_table(MONTHS, ["drones_launched", "occupied_km2"],
                                                       "month").to_csv(index=False)))
    assert list(table.columns) == ["period_start", "period_end", "days_in_period", "drones_launched", "occupied_km2",
                                   "drones_launched_days_covered", "occupied_km2_days_covered"]
    june = table.set_index("period_start").loc["2026-06-01"]
    assert (june["drones_launched"], june["drones_launched_days_covered"], june["days_in_period"]) == (2136, 7, 30)


def test_sources_file_and_citation_name_every_source_licence_and_the_link():
    sources = exports.sources_table(CATALOGUE, ["drones_launched", "occupied_km2"], "month", 0, URL,
                                    dt.date(2026, 11, 25))
    assert sources["basis"].tolist() == ["sum of the reported days of the month", "last reported value of the month"]
    assert sources["licence"].tolist() == ["CC BY-NC-SA 4.0", "DeepStateMap data"]
    assert set(sources["view_url"]) == {URL} and set(sources["accessed"]) == {"2026-11-25"}
    cite = exports.citation("Drones launched, May – June 2026", CATALOGUE, URL, dt.date(2026, 11, 25))
    assert cite == ("Escalation dashboard: Drones launched, May – June 2026. Data: Massive Missile Attacks on Ukraine "
                    "(Petro Ivaniuk, CC BY-NC-SA 4.0); DeepStateMap occupied area, daily (DeepState, DeepStateMap "
                    f"data). {URL} (accessed 25 November 2026).")


def test_data_package_is_a_valid_frictionless_package(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    metrics = ["drones_launched", "occupied_km2"]
    wide = exports.wide_table(MONTHS, metrics, "month")
    sources = exports.sources_table(CATALOGUE, metrics, "month", 0, URL, dt.date(2026, 11, 25))
    blob = exports.data_package(wide, sources, title="t", view_url=URL,
                                created=dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc))
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert sorted(archive.namelist()) == ["data.csv", "datapackage.json", "sources.csv"]
        archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert (fields["drones_launched"]["title"], fields["drones_launched"]["unit"]) == ("Drones launched", "drones")
    assert fields["occupied_km2"]["unit"] == "km²"
    assert {"name": "CC-BY-NC-SA-4.0", "title": "CC BY-NC-SA 4.0"} in descriptor["licenses"]
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_in_ukrainian_the_citation_is_translated_but_the_files_stay_english():
    i18n.activate("uk")
    try:
        cite = exports.citation("Запущені дрони, травень – червень 2026", CATALOGUE, URL, dt.date(2026, 11, 25))
        wide = exports.wide_table(MONTHS, ["drones_launched", "occupied_km2"], "month")
        sources = exports.sources_table(CATALOGUE, ["drones_launched", "occupied_km2"], "month", 0, URL,
                                        dt.date(2026, 11, 25))
    finally:
        i18n.activate("en")
    # The words around the sources in Ukrainian, the sources and licences as published.
    assert cite == ("Дашборд ескалації: Запущені дрони, травень – червень 2026. Дані: Massive Missile Attacks on "
                    "Ukraine (Petro Ivaniuk, CC BY-NC-SA 4.0); DeepStateMap occupied area, daily (DeepState, "
                    f"DeepStateMap data). {URL} (дата звернення: 25 листопада 2026).")
    # Analysts' files keep stable English column names and words, whatever the interface language.
    assert list(wide.columns)[:3] == ["period_start", "period_end", "days_in_period"]
    assert sources["basis"].tolist() == ["sum of the reported days of the month", "last reported value of the month"]


def test_the_table_tab_is_wide_like_the_csv():
    """One row per month, one column per metric headed by its label and unit, days covered beside it."""
    from dashboard.shared import tables

    catalogue = pd.DataFrame({"metric": ["drones_launched", "occupied_km2"], "label": ["Drones launched", "Occupied"],
                              "unit": ["drones", "km²"], "kind": ["flow", "level"]}).set_index("metric", drop=False)
    shown = tables.view_wide(exports.wide_table(MONTHS, ["drones_launched", "occupied_km2"], "month"), catalogue)
    assert list(shown.data.columns) == ["Period from", "Period to", "Days in the period", "Drones launched (drones)",
                                        "Occupied (km²)", "Days covered: Drones launched", "Days covered: Occupied"]
    html = shown.to_html()
    assert "1 Jun 2026" in html and "2,136" in html


def test_the_daily_table_tab_ends_with_the_days_notes():
    """A day with a carried-forward map or a revised count says so in its row; a day without a note is blank."""
    from dashboard.shared import tables

    catalogue = pd.DataFrame({"metric": ["occupied_km2", "losses_personnel"], "label": ["Occupied", "Personnel"],
                              "unit": ["km²", "people"], "kind": ["level", "flow"]}).set_index("metric", drop=False)
    daily = pd.DataFrame({
        "date": pd.to_datetime(["2023-05-20", "2023-05-20", "2023-05-21", "2023-05-21"]),
        "metric": ["occupied_km2", "losses_personnel", "occupied_km2", "losses_personnel"],
        "value": [100.0, 540.0, 101.0, 600.0],
        "note": ["no new map: carried forward", None, None, None],
        "revised_from": [None, 520.0, None, None]})
    shown = tables.view_wide(exports.wide_table(daily, ["occupied_km2", "losses_personnel"], "day"), catalogue, daily)
    assert list(shown.data.columns)[-1] == "Note"
    assert shown.data["Note"].tolist() == ["Occupied: no new map: carried forward · Personnel: revised from 520", ""]
