"""The regions page and its figures on the real data (AppTest)."""
from __future__ import annotations

import datetime as dt
import html


def test_regions_page_and_its_figures(monkeypatch, real_db):
    import plotly.graph_objects as go

    from dashboard.app_pages.escalation import charts as escalation_charts
    from dashboard.app_pages.escalation import queries as queries_escalation
    from dashboard.app_pages.regions import charts as region_charts
    from dashboard.app_pages.regions import data as regions_data
    from dashboard.app_pages.regions import queries as queries_regions
    from dashboard.shared import queries
    from etl.derive.escalation import windows
    from tests.app.test_app import run_app, table_with

    start, end = dt.date(2025, 6, 1), dt.date(2026, 6, 7)
    with queries.connect(real_db) as con:
        outcomes = regions_data.outcome_periods(con, "week", start, end)
        decoys = queries_regions.ratio_periods(con, "decoy_share", "week", start, end)
        weeks = queries_regions.region_weeks(con, "affected_region", ["UA-63", "UA-59"], start, end)
        months = queries_escalation.salvo_months(con, "drones_launched", start, end)
        bins = queries_escalation.saturation(con, "drones", start, end)
        daily = queries_escalation.reported_days(con, "drones_launched", dt.date(2025, 5, 1), dt.date(2025, 7, 2))
    window = windows.event_window(daily, dt.date(2025, 6, 2), 7)
    figures = [
        region_charts.outcome_shares_figure(outcomes, period="week", title="t", subtitle="s"),
        region_charts.ratio_figure(decoys, period="week", title="t", subtitle="s", name="Decoys"),
        region_charts.region_multiples_figure(weeks, {"UA-63": "Kharkiv oblast", "UA-59": "Sumy oblast"},
                                              title="t", subtitle="s"),
        escalation_charts.salvo_months_figure(months, title="t", subtitle="s", unit="drones"),
        escalation_charts.saturation_figure(bins, title="t", subtitle="s", unit="drones"),
        escalation_charts.event_window_figure(windows.aligned(daily, dt.date(2025, 6, 2)), window, title="t",
                                              subtitle="s", unit="drones"),
    ]
    for figure in figures:
        go.Figure(figure.to_dict())  # raises on any invalid property
    # Each week's parts add up to what was launched on the days that report what became of the drones: shot down
    # and lost on radar apart up to 23 July 2025 (53 days in the range), one figure for both from 24 July
    # (etl/registry/breaks.py; 316 days). The days that also give still in the air split the rest: 169, all after
    # the change (the one before it in the range, 27 December 2025, is after it too).
    parts = outcomes[["drones_destroyed", "drones_lost_on_radar", "drones_neutralised", "drones_still_in_air",
                      "drones_unaccounted", "rest_not_split"]].fillna(0)
    assert (parts.sum(axis=1) == outcomes["drones_launched"]).all()
    assert outcomes[["days_apart", "days_combined", "days_split"]].sum().tolist() == [53, 316, 169]
    with queries.connect(real_db) as con:
        night = queries_regions.outcome_periods(con, "day", dt.date(2025, 5, 18), dt.date(2025, 5, 18))
        months = regions_data.outcome_periods(con, "month", start, end)
        coverage = queries_regions.field_coverage(con, list(region_charts.COVERAGE_FIELDS), "month",
                                                  dt.date(2025, 7, 1), dt.date(2025, 7, 31))
        daily_values = con.execute("SELECT date, metric FROM daily_metrics WHERE date BETWEEN '2025-07-01' AND "
                                   "'2025-07-31' AND value IS NOT NULL").df()
    # 18 May 2025 as the report gives it: 273 launched, 88 shot down, 128 lost on radar, 1 in the air, 56 left.
    assert night.iloc[0][["drones_launched", "drones_destroyed", "drones_lost_on_radar", "drones_still_in_air",
                          "drones_unaccounted", "rest_not_split", "days_split"]].tolist() == [273, 88, 128, 1, 56, 0, 1]
    assert months["days_split"].sum() == 169 and months["drones_launched"].sum() == outcomes["drones_launched"].sum()
    # Coverage in July 2025, recounted from daily_metrics: days with drones launched that give each field.
    launched = set(daily_values.loc[daily_values["metric"] == "drones_launched", "date"])
    for row in coverage.itertuples():
        given = set(daily_values.loc[daily_values["metric"] == row.metric, "date"]) & launched
        assert (row.days, row.reported) == (len(launched), len(given)), row.metric
    assert coverage.set_index("metric").loc["drones_lost_on_radar", "reported"] > 0
    go.Figure(region_charts.coverage_figure(coverage, period="month", title="t", subtitle="s").to_dict())

    at = run_app(monkeypatch, real_db, "app_pages/regions/page.py")
    assert not at.exception
    assert {c.key for c in at.get("plotly_chart")} == {"chart_region_map", "chart_region_weeks", "chart_outcomes",
                                                       "chart_coverage", "chart_decoys", "chart_hits", "chart_territory_change"}
    table = table_with(at, "Reports naming it")
    assert table.iloc[0]["Oblast"] == "Dnipropetrovsk oblast" and table.iloc[0]["Reports naming it"] == 48


def test_regions_page_says_how_many_reports_its_oblast_counts_come_from(monkeypatch, real_db):
    """February and March 2025: 58 of the 63 national reports list regions (27 of 30, 31 of 33)."""
    from tests.app.test_app import figure, pick_range, run_app

    at = run_app(monkeypatch, real_db, "app_pages/regions/page.py")
    pick_range(at, dt.date(2025, 2, 1), dt.date(2025, 3, 31))
    assert not at.exception
    texts = [a["text"] for a in figure(at, "chart_region_map")["layout"]["annotations"]]
    assert any("the 58 of 63 national reports that list regions" in t.replace("<br>", " ") for t in texts)
    weeks = figure(at, "chart_region_weeks")
    assert "Share of each week's national reports that list regions" in [
        html.unescape(a["text"]) for a in weeks["layout"]["annotations"]]
    assert any("Faded: weeks in which fewer than 50% of the national reports list regions" in c.value
               for c in at.caption)
    # The regional air commands: a different basis, said so, and their count of reports in the title.
    at.radio(key="regions_basis").set_value("regional_command").run()
    assert not at.exception
    texts = [a["text"] for a in figure(at, "chart_region_map")["layout"]["annotations"]]
    assert any("regional air command reports" in t.replace("<br>", " ") for t in texts)
    assert any("a different basis" in c.value for c in at.caption)


def test_the_outcome_chart_runs_past_the_change_with_its_line(monkeypatch, real_db):
    from etl.registry import breaks
    from tests.app.test_app import figure, pick_range, run_app

    (change,) = [c for c in breaks.BREAKS if c.metric == "drones_lost_on_radar"]
    at = run_app(monkeypatch, real_db, "app_pages/regions/page.py")
    pick_range(at, dt.date(2025, 6, 1), dt.date(2025, 9, 30))
    assert not at.exception
    outcomes = figure(at, "chart_outcomes")
    names = [t["name"] for t in outcomes["data"]]
    assert {"Shot down", "Lost on radar", "Shot down or suppressed (neutralised)"} <= set(names)
    lines = [s for s in outcomes["layout"]["shapes"] if s.get("xref") == "x"]
    assert [s["x0"][:10] for s in lines] == [change.first_day]
    assert "Change of reporting" in [a["text"] for a in outcomes["layout"]["annotations"]]
    coverage = figure(at, "chart_coverage")
    assert [s["x0"][:10] for s in coverage["layout"]["shapes"] if s.get("xref") == "x"] == [change.first_day]
    # The warning above the outcome charts stays.
    assert any("Change of reporting on" in w.value for w in at.warning)


def test_regions_page_in_ukrainian(monkeypatch, real_db):
    from tests.app.test_app import run_app, table_with

    at = run_app(monkeypatch, real_db, "app_pages/regions/page.py", lang="uk")
    assert not at.exception
    assert [t.value for t in at.title] == ["Де і що сталося з дронами"]
    assert {"Області, названі у звітах", "Що сталося із запущеними дронами", "Територія, що змінила контроль"} <= {
        h.value for h in at.subheader}
    table = table_with(at, "Звітів із нею")
    assert table.iloc[0]["Область"] == "Дніпропетровська область" and table.iloc[0]["Звітів із нею"] == 48
    assert "м. Київ" in set(table["Область"])
    assert at.selectbox(key="terr_from").options == ["1 трав. 2025", "1 черв. 2025"]
    # A second run in Ukrainian (widget labels made in the run): the regional commands' targets.
    at.radio(key="regions_basis").set_value("regional_command").run()
    assert not at.exception
    assert at.radio(key="regions_basis").options[1] == "Повітряні командування: ціль у їхніх звітах"
