"""Every control a person can set survives a shared link (issue 24): the overview's Chart/Table tab (tab), /records'
missiles apart (split) and series (series, shared with /escalation), /regions' basis (basis). Old links without
them open as before."""
from __future__ import annotations

import json

from tests.app.test_url_state_app import app_with


def test_a_link_with_tab_table_selects_the_table(monkeypatch, real_db):
    """AppTest does not follow a tab's selection (Chromium does: tests/browser/test_browser_views.py); here, the
    link sets the tab's state and is written back."""
    at = app_with(monkeypatch, real_db, tab="table")
    assert not at.exception
    assert at.session_state["compare_tab"] == "Table" and at.query_params["tab"] == "table"
    uk = app_with(monkeypatch, real_db, tab="table", lang="uk")
    assert uk.session_state["compare_tab"] == "Таблиця" and uk.query_params["tab"] == "table"


def test_a_link_without_choices_opens_the_defaults_and_writes_none(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db)
    assert not at.exception
    assert "view_table" not in {d.key for d in at.dataframe}
    assert not {"tab", "split", "basis"} & set(at.query_params)


def test_records_split_and_series_come_from_the_link_and_go_back_to_it(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db, split="1", series="missiles_launched")
    at.switch_page("app_pages/records/page.py").run()
    assert not at.exception
    assert at.toggle(key="split_missiles").value is True
    assert at.selectbox(key="esc_series").value == "missiles_launched"
    assert {c.key for c in at.get("plotly_chart")} >= {"chart_cruise_missiles_launched",
                                                        "chart_ballistic_missiles_launched"}
    at.toggle(key="split_missiles").set_value(False).run()
    assert "split" not in at.query_params and at.query_params["series"] == "missiles_launched"


def test_regions_basis_comes_from_the_link_and_a_bad_one_falls_back_with_a_notice(monkeypatch, real_db):
    at = app_with(monkeypatch, real_db, basis="regional")
    at.switch_page("app_pages/regions/page.py").run()
    assert not at.exception and at.radio(key="regions_basis").value == "regional_command"
    at.radio(key="regions_basis").set_value("affected_region").run()
    assert "basis" not in at.query_params
    bad = app_with(monkeypatch, real_db, basis="<b>x</b>")
    assert any("basis '?b?x?/b?' is not national or regional" in str(w.value) for w in [*bad.info, *bad.warning,
                                                                                        *bad.caption, *bad.markdown])


def test_an_exported_image_is_named_by_what_it_shows(monkeypatch, real_db):
    """The camera button's file name: the metrics, the range and the aggregation."""
    at = app_with(monkeypatch, real_db, start="2025-05-01", end="2025-06-30", metrics="drones_launched", agg="week")
    (chart,) = [c for c in at.get("plotly_chart") if c.key == "chart_compare"]
    config = json.loads(chart.proto.config)
    assert config["toImageButtonOptions"]["filename"] == "escalation_drones_launched_2025-05-01_2025-06-30_week"
