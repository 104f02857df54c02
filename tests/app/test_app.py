"""The Streamlit app run headless with AppTest: real database, range changes, and no-data pages."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.registry import metrics as metric_registry
from tests.paths import PROJECT

APP = str(PROJECT / "dashboard" / "app.py")


def run_app(monkeypatch, db, page: str | None = None, lang: str | None = None) -> AppTest:
    """The app on its default page (/), or on `page` (e.g. "app_pages/records/page.py") after a first run; `lang="uk"`
    opens it as the link ?lang=uk does."""
    monkeypatch.setenv("ESCALATION_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at = at.run()
    if page:
        at.switch_page(page).run()
    return at


def table_with(at: AppTest, column: str):
    """The dataframe shown on the page that has this column."""
    (frame,) = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_app_runs_on_real_database(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    assert not at.exception
    assert {c.key for c in at.get("plotly_chart")} == {"chart_compare", "chart_territory_monthly"}
    # Default range, the last year: the newest attack report is 7 Jun 2026 (236 drones, 215 destroyed). After the
    # change of reporting of 24 Jul 2025 "destroyed" counts the suppressed drones too: named "neutralised".
    shown = metrics(at)
    assert (shown["Drones launched"], shown["Drones neutralised"]) == ("236", "215")
    assert "Drones destroyed" not in shown
    # The range spans the change: its shares are the neutralised one (Σ over the year), and the page says so.
    # 8 Jun 2025 - 7 Jun 2026: 59,519 of 68,695 drones shot down or lost on radar (suppressed).
    assert shown["Drones neutralised, %"] == "86.6%" and "Drones shot down" not in shown
    assert any("spans a change of reporting on 24 Jul 2025" in c.value for c in at.caption)
    assert shown["Most drones in a calendar day"] == "948"
    assert any("Licence: CC BY-NC-SA 4.0" in c.value for c in at.caption)


@pytest.mark.parametrize("page", [None, "app_pages/records/page.py", "app_pages/methods/page.py"])
def test_every_page_says_how_old_the_attack_reports_are(monkeypatch, real_db, page):
    at = run_app(monkeypatch, real_db, page)
    age = (dt.date.today() - dt.date(2026, 6, 7)).days
    assert any(f"Newest attack report: 7 Jun 2026, {age:,} days ago" in c.value for c in at.caption)


def test_records_page_shows_the_all_time_records(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db, "app_pages/records/page.py")
    assert not at.exception
    shown = metrics(at)
    assert (shown["Drones launched"], shown["Missiles launched"]) == ("948", "127")
    assert {c.key for c in at.get("plotly_chart")} == {"chart_record_progression", "chart_drones_launched",
                                                       "chart_missiles_launched"}
    at.toggle(key="split_missiles").set_value(True).run()
    assert {"chart_cruise_missiles_launched", "chart_ballistic_missiles_launched"} <= {
        c.key for c in at.get("plotly_chart")}
    assert any("Licence: CC BY-NC-SA 4.0" in c.value for c in at.caption)


def test_methods_page_lists_every_metric_and_source(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db, "app_pages/methods/page.py")
    assert not at.exception
    metrics_table = table_with(at, "Plausible daily range")
    assert len(metrics_table) == len(metric_registry.METRICS) == 43
    assert "drones_interception_rate" in set(metrics_table["Name"])
    sources = table_with(at, "Days before today").set_index("Source")
    assert str(sources.loc["Massive Missile Attacks on Ukraine", "Newest day"])[:10] == "2026-06-07"
    assert sources.notna().all().all()  # no "None" cell: the undated events file is described below instead
    assert any(c.value.startswith("Event annotations (curated): Escalation dashboard contributors. Licence: CC BY 4.0")
               for c in at.caption)
    rejected = table_with(at, "Reason")
    assert (rejected["Source"] == "territory_nzz").sum() == 7  # the ~750,858 km² rows of 2023-10-24..30


def test_a_view_set_on_one_page_is_kept_on_the_others(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db, "app_pages/records/page.py")
    at.sidebar.radio(key="preset").set_value("All").run()
    at.sidebar.toggle(key="events").set_value(False).run()
    at.switch_page("app_pages/methods/page.py").run()  # a page without the chart controls
    at.switch_page("app_pages/overview/page.py").run()
    assert (at.session_state["preset"], at.session_state["events"]) == ("All", False)
    assert (at.query_params["start"], at.query_params["events"]) == ("2022-02-24", "0")


def test_changing_the_range_changes_the_kpis(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    before = metrics(at)
    at.sidebar.radio(key="preset").set_value("Custom").run()
    set_custom_range(at, dt.date(2025, 5, 25), dt.date(2025, 6, 1))
    assert not at.exception
    after = metrics(at)
    assert after != before
    assert after["Drones launched"] == "472"  # 1 June 2025, the latest day of this range
    assert after["Missiles launched"] == "7"
    at.switch_page("app_pages/records/page.py").run()
    records = table_with(at, "Beat")
    row = records[(records["Metric"] == "Drones launched")].iloc[0]
    assert (str(row["Date"])[:10], row["Value"], row["Beat"]) == ("2025-06-01", 472.0, 355.0)


def test_interception_rate_is_sum_over_sum(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    at.sidebar.radio(key="preset").set_value("Custom").run()
    set_custom_range(at, dt.date(2025, 6, 1), dt.date(2025, 6, 1))
    # 1 June 2025: 210 of 472 drones destroyed, 3 of 7 missiles.
    shown = metrics(at)
    assert shown["Drones shot down"] == f"{210 / 472:.1%}"
    assert shown["Missiles shot down"] == f"{3 / 7:.1%}"


def test_missing_database_page_gives_the_command(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "none.duckdb")
    assert not at.exception
    assert "no database" in at.warning[0].value
    assert any("python -m etl refresh" in c.value for c in at.code)


def test_empty_database_page_gives_the_command(monkeypatch, tmp_path):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    at = run_app(monkeypatch, db)
    assert not at.exception
    assert "holds no data" in at.warning[0].value
    assert any("python -m etl refresh" in c.value for c in at.code)


def test_unreadable_database_page_has_no_traceback(monkeypatch, tmp_path):
    db = tmp_path / "junk.duckdb"
    db.write_text("this is not a database")
    at = run_app(monkeypatch, db)
    assert not at.exception
    assert "is damaged or unreadable (" in at.warning[0].value


def figure(at: AppTest, key: str) -> dict:
    """The Plotly figure a chart element sends to the browser, typed arrays decoded to lists."""
    (chart,) = [c for c in at.get("plotly_chart") if c.key == key]
    return json.loads(chart.proto.spec, object_hook=_decode_typed_array)


def _decode_typed_array(obj: dict):
    # Plotly sends numeric arrays as {"dtype": "f8", "bdata": <base64>}.
    if set(obj) >= {"dtype", "bdata"}:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"]).tolist()
    return obj


def set_custom_range(at: AppTest, start: dt.date, end: dt.date) -> AppTest:
    """Type both dates of a custom range (two inputs), then rerun once."""
    at.sidebar.date_input(key="custom_start").set_value(start)
    at.sidebar.date_input(key="custom_end").set_value(end)
    return at.run()


def pick_range(at: AppTest, start: dt.date, end: dt.date) -> AppTest:
    at.sidebar.radio(key="preset").set_value("Custom").run()
    return set_custom_range(at, start, end)


def test_picking_metrics_changes_the_panels(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    before = figure(at, "chart_compare")
    at.sidebar.multiselect(key="metrics").set_value(["occupied_km2", "losses_tanks"]).run()
    assert not at.exception
    after = figure(at, "chart_compare")
    titles = [a["text"] for a in after["layout"]["annotations"] if " · " in a.get("text", "")]  # panel titles
    assert titles[0].startswith("<b>Occupied area (DeepState)</b>")
    assert titles[1].startswith("<b>Tanks (claimed)</b>")
    assert len(titles) == 2 and after != before
    assert any("Claims of one side" in c.value for c in at.caption)


def test_monthly_view_shows_the_may_2025_territory_gain(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    pick_range(at, dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    at.sidebar.multiselect(key="metrics").set_value(["territory_gained_km2"]).run()
    at.sidebar.radio(key="agg").set_value("month").run()
    assert not at.exception
    bars = figure(at, "chart_compare")["data"][0]
    by_month = dict(zip([x[:7] for x in bars["x"]], bars["y"]))
    assert by_month["2025-05"] == pytest.approx(440.3, abs=0.5)
    monthly = figure(at, "chart_territory_monthly")["data"][0]
    assert dict(zip([x[:7] for x in monthly["x"]], monthly["y"]))["2025-05"] == pytest.approx(440.3, abs=0.5)


def test_weekly_view_sums_the_days(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    pick_range(at, dt.date(2025, 6, 2), dt.date(2025, 6, 15))  # two whole ISO weeks
    at.sidebar.multiselect(key="metrics").set_value(["drones_launched"]).run()
    daily = figure(at, "chart_compare")["data"][0]["y"]
    at.sidebar.radio(key="agg").set_value("week").run()
    weekly = figure(at, "chart_compare")["data"][0]["y"]
    assert len(daily) == 14 and weekly == [sum(daily[:7]), sum(daily[7:])]


def test_rolling_average_replaces_bars_with_a_line(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    pick_range(at, dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    at.sidebar.multiselect(key="metrics").set_value(["drones_launched"]).run()
    at.sidebar.radio(key="smooth").set_value(7).run()
    assert not at.exception
    line = figure(at, "chart_compare")["data"][0]
    assert line["type"] == "scatter" and len(line["y"]) == 30


def test_events_are_marked_and_can_be_hidden(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db, "app_pages/records/page.py")
    pick_range(at, dt.date(2025, 5, 25), dt.date(2025, 6, 5))
    hover = [a.get("hovertext", "") for a in figure(at, "chart_drones_launched")["layout"]["annotations"]]
    assert any("Operation Spiderweb" in h for h in hover)
    assert any("Istanbul talks (2nd round)" in h for h in hover)
    at.sidebar.toggle(key="events").set_value(False).run()
    hover = [a.get("hovertext", "") for a in figure(at, "chart_drones_launched")["layout"].get("annotations", [])]
    assert not any("Spiderweb" in h for h in hover)


def test_log_scale_toggle(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    at.sidebar.toggle(key="log").set_value(True).run()
    assert figure(at, "chart_compare")["layout"]["yaxis"]["type"] == "log"


def test_a_source_far_behind_the_others_is_flagged(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    # Attacks end 2026-06-07; territory runs to 2026-08-22.
    assert any("Massive Missile Attacks on Ukraine ends on 7 Jun 2026, 76 days behind" in w.value
               for w in at.warning)


def test_long_range_is_aggregated_on_the_server(monkeypatch, real_db):
    at = run_app(monkeypatch, real_db)
    at.sidebar.radio(key="preset").set_value("All").run()
    points = sum(len(trace.get("x", [])) for trace in figure(at, "chart_compare")["data"])
    assert points <= 3000, points
    assert any(c.value.startswith("Showing weekly values") for c in at.caption)
    at.switch_page("app_pages/records/page.py").run()
    points = sum(len(trace.get("x", [])) for trace in figure(at, "chart_drones_launched")["data"])
    assert points <= 3000, points


def test_database_from_another_etl_version_asks_for_a_refresh(monkeypatch, tmp_path):
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:  # the layout of an older version, with data in it
        con.execute("CREATE TABLE metric_values (date DATE, metric VARCHAR, value DOUBLE)")
        con.execute("INSERT INTO metric_values VALUES (DATE '2025-06-01', 'drones_launched', 472)")
        con.execute("CREATE VIEW daily_metrics AS SELECT * FROM metric_values")
    at = run_app(monkeypatch, db)
    assert not at.exception
    assert "built by another version" in at.warning[0].value
    assert any("python -m etl refresh" in c.value for c in at.code)


def test_a_date_typed_outside_the_data_is_cut_to_it_and_said_in_words(monkeypatch, real_db):
    """The custom inputs take any date; one before the data starts (24 Feb 2022) is moved to the first day, and the
    sidebar says so in text rather than only in a red box's hover."""
    at = run_app(monkeypatch, real_db)
    pick_range(at, dt.date(2020, 1, 1), dt.date(2022, 3, 31))
    assert not at.exception
    (warning,) = [w.value for w in at.sidebar.warning]
    assert warning == "1 Jan 2020 is outside the data (24 Feb 2022 to 22 Aug 2026): the range is cut to the data."
    assert at.session_state["shown_range"] == (dt.date(2022, 2, 24), dt.date(2022, 3, 31))
