"""The escalation page, and the record definitions on the overview and records pages, on the real data (AppTest)."""
from __future__ import annotations

import datetime as dt

from dashboard.app_pages.escalation import page as page_escalation
from etl.derive.escalation import regimes, windows
from tests.app.test_app import run_app, table_with

D = dt.date


def test_escalation_page(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db, "app_pages/escalation/page.py")
    assert not at.exception
    assert {c.key for c in at.get("plotly_chart")} == {"chart_event_window", "chart_regimes", "chart_salvos",
                                                       "chart_saturation"}
    # Day 0 defaults to the newest event in the range; pick the Istanbul talks and 7 days either side.
    at.session_state["custom_start"], at.session_state["custom_end"] = D(2025, 1, 1), D(2025, 12, 31)
    at.radio(key="preset").set_value("Custom").run()
    at.selectbox(key="esc_anchor_pick").set_value(D(2025, 6, 2)).run()
    at.radio(key="esc_days").set_value(7).run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert (shown["Daily mean, 7 days before"], shown["Daily mean, 7 days after"]) == ("180.3", "150.3")
    assert shown["Change"] == "−17%"  # as the tables write it (Ukrainian: "−17 %")
    events = table_with(at, "Event")
    assert "Istanbul talks (2nd round)" in set(events["Event"])
    assert (at.query_params["anchor"], at.query_params["days"]) == ("2025-06-02", "7")


def test_escalation_page_in_ukrainian(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db, "app_pages/escalation/page.py", lang="uk")
    assert not at.exception
    assert [t.value for t in at.title] == ["Чи наростає ескалація?"]
    assert [s.value for s in at.subheader][:2] == ["До і після", "Режими інтенсивності"]
    assert any(c.value.startswith("Метод: Середнє за день по днях зі звітами") for c in at.caption)
    assert any(label.startswith("Середнє за день, ") and label.endswith(" днів до") for label in
               (m.label for m in at.metric))
    # The events table names each event in Ukrainian (events.csv's title_uk): 2 Jun 2025, the Istanbul talks.
    at.session_state["custom_start"], at.session_state["custom_end"] = D(2025, 1, 1), D(2025, 12, 31)
    at.radio(key="preset").set_value("Custom").run()
    events = table_with(at, "Подія")
    assert "Стамбул: 2-й раунд переговорів" in set(events["Подія"])
    assert not any(title.startswith("Istanbul") for title in events["Подія"])
    # The page words the ETL's methods itself, to translate them: in English they are the ETL's text.
    assert (page_escalation.window_method(), page_escalation.regime_method()) == (windows.METHOD, regimes.METHOD)


def test_overview_names_the_definition_of_each_record(monkeypatch, real_db):
    """The overview gives the records as figures: the largest single report, with when, and the other ways of
    counting in its tooltip."""
    at = run_app(monkeypatch, real_db)
    (drones,) = [m for m in at.metric if m.label == "Largest drone attack"]
    assert (drones.value, drones.proto.delta) == ("810", "the night into 7 Sep 2025")
    text = drones.proto.help
    assert "largest single attack: **810 drones**, the night into 7 Sep 2025" in text
    assert "largest 24 hours: **1,428 drones**, 13 May 2026 08:00 – 14 May 2026 08:00" in text
    assert "largest calendar day: **948 drones**, 24 Mar 2026" in text


def test_records_page_shows_the_four_definitions(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db, "app_pages/records/page.py")
    assert not at.exception
    cards = {m.label: m for m in at.metric
             if m.label in ("One report", "One overnight report", "Within 24 hours", "Calendar day (Kyiv)")}
    assert [cards[name].value for name in ("One report", "One overnight report", "Within 24 hours",
                                           "Calendar day (Kyiv)")] == ["810 drones", "810 drones", "1,428 drones",
                                                                       "948 drones"]
    assert cards["Calendar day (Kyiv)"].proto.delta == "on 24 Mar 2026"
    # 7 Sep 2025 to 7 Jun 2026, the newest report.
    assert any(c.value.startswith("Unbeaten for 273 days up to the newest report.") for c in at.caption)
