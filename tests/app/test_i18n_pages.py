"""The pages in Ukrainian, and the sidebar's language switch (AppTest on the real data)."""
from __future__ import annotations


def test_overview_and_records_in_ukrainian(monkeypatch, real_db):
    from tests.app.test_app import metrics, run_app

    at = run_app(monkeypatch, real_db, lang="uk")
    assert not at.exception
    assert at.title[0].value == "Російсько-українська війна день за днем"
    shown = {m.label: m.value for m in at.metric}
    assert "Пік дронів за добу" in shown and shown["Запущено дронів"] != ""
    assert at.query_params["lang"] == ["uk"] or at.query_params["lang"] == "uk"
    at.switch_page("app_pages/records/page.py").run()
    assert not at.exception and at.title[0].value == "Рекорди"
    assert metrics(at)["Запущено дронів"] == "948"  # the record calendar day, 24 Mar 2026
    assert metrics(at)["Запущено ракет"] == "127"


def test_the_sidebar_switch_changes_the_language_and_the_link(monkeypatch, real_db):
    from tests.app.test_app import run_app

    at = run_app(monkeypatch, real_db)
    assert at.title[0].value == "Russia–Ukraine war, day by day"
    at.sidebar.button_group(key="lang").set_value("uk").run()
    assert not at.exception and at.title[0].value == "Російсько-українська війна день за днем"
    assert "uk" in str(at.query_params["lang"])


def test_the_change_from_the_day_before_points_the_way_it_went(monkeypatch, real_db):
    """7 Jun 2026: 236 drones against 272 the day before, so the arrow points down (the minus is U+2212, which
    Streamlit's automatic arrow would read as a rise)."""
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    from tests.app.test_app import run_app

    at = run_app(monkeypatch, real_db, lang="uk")
    drones = next(m for m in at.metric if m.label == "Запущено дронів")
    assert drones.value == "236" and drones.proto.delta == "−36 проти 6 черв."
    assert drones.proto.direction == MetricProto.MetricDirection.DOWN


def test_records_table_names_metrics_in_ukrainian(monkeypatch, real_db):
    from tests.app.test_app import run_app, table_with

    at = run_app(monkeypatch, real_db, "app_pages/records/page.py", lang="uk")
    records = table_with(at, "Побито")
    assert "Запущено дронів" in set(records["Показник"]) or "Місця влучань" in set(records["Показник"])
    assert not any(label.isascii() for label in records["Показник"])
